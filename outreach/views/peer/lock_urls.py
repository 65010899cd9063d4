from django.urls import path

from outreach.views.peer import lock

app_name = "phone"

urlpatterns = [
    path("unlock/", lock.unlock, name="unlock"),
    path("lock/", lock.lock_now, name="lock"),
    path("alive/", lock.alive, name="alive"),
    path("pin/", lock.pin_page, name="pin"),
]
