from django.urls import path

from outreach.views.peer import appreciation

app_name = "me"

urlpatterns = [
    path("year/<int:year>/", appreciation.my_year, name="year"),
    path("thanks/<int:pk>/dismiss/", appreciation.thanks_dismiss, name="thanks_dismiss"),
]
