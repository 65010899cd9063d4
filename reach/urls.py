from django.urls import path

from reach import signal_pages, views

app_name = "reach"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("signals/", signal_pages.inbox, name="signal-inbox"),
    path("signals/<int:pk>/", signal_pages.detail, name="signal-detail"),
]
