from django.urls import path

from reach import views

app_name = "reach"

urlpatterns = [path("", views.dashboard, name="dashboard")]
