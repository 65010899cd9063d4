from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("access-log/", views.access_log, name="access-log"),
    path(
        "households/<int:pk>/access-log/",
        views.household_access_log,
        name="household-access-log",
    ),
    path("households/<int:pk>/erase/", views.erase_household, name="household-erase"),
    path("break-glass/", views.break_glass, name="break-glass"),
]
