from django.urls import path

from notifications import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("twilio/status/", webhooks.status_callback, name="twilio-status"),
    path("twilio/inbound/", webhooks.inbound, name="twilio-inbound"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_edit, name="activity-new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:activity_pk>/sessions/new/", views.session_edit, name="session-new"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path(
        "activities/<int:activity_pk>/participants/new/",
        views.participant_edit,
        name="participant-new",
    ),
    path(
        "activities/<int:activity_pk>/participants/<int:pk>/edit/",
        views.participant_edit,
        name="participant-edit",
    ),
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
