from django.urls import path

from outreach.views.two_factor import pages

app_name = "two_factor"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("setup/", pages.setup, name="setup"),
    path("verify/", pages.verify, name="verify"),
    path("backup-codes/", pages.backup_codes, name="backup-codes"),
]
