from . import mobile_urls, staff_urls

app_name = "employment"

urlpatterns = [*staff_urls.urlpatterns, *mobile_urls.urlpatterns]
