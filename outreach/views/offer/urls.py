from django.urls import path

from outreach.views.offer import pages

app_name = "offer"

urlpatterns = [
    path("", pages.offer_list_page, name="list"),
    path("new/", pages.offer_add, name="add"),
    path("<int:pk>/edit/", pages.offer_edit, name="edit"),
]
