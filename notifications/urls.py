from django.urls import path

from notifications import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("twilio/status/", webhooks.status_callback, name="twilio-status"),
    path("twilio/inbound/", webhooks.inbound, name="twilio-inbound"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/compose/", views.compose, name="compose"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("outbox/", views.outbox, name="outbox"),
    path("templates/", views.template_list, name="templates"),
    path(
        "templates/<int:team_id>/<str:kind>/<str:language>/",
        views.template_edit,
        name="template-edit",
    ),
    path("preferences/", views.preferences, name="preferences"),
]
