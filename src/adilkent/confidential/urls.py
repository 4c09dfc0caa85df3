from django.urls import path

from . import figure_urls, views

app_name = "confidential"

urlpatterns = [
    path("", views.report_new, name="new"),
    path("received/", views.received, name="received"),
    path("follow/", views.follow, name="follow"),
    path("proof/", views.proof, name="proof"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unlock/", views.unlock, name="unlock"),
    path("inbox/<str:number>/", views.inbox_report, name="report"),
    path("inbox/<str:number>/files/<int:pk>/", views.inbox_attachment, name="attachment"),
    path("inbox/<str:number>/reply/", views.inbox_reply, name="reply"),
    path("inbox/<str:number>/close/", views.inbox_close, name="close"),
    path("inbox/<str:number>/conflict/", views.inbox_conflict, name="conflict"),
    *figure_urls.urlpatterns,
]
