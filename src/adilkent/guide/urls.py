from django.urls import URLPattern, URLResolver

app_name = "guide"
urlpatterns: list[URLPattern | URLResolver] = []
