from django.urls import path

from . import mobile_views

urlpatterns = [
    path("mobile/", mobile_views.register, name="mobile"),
    path("mobile/send/", mobile_views.send, name="mobile-send"),
    path("mobile/received/", mobile_views.received, name="mobile-received"),
]
