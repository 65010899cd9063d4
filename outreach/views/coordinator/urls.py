from django.urls import path

from outreach.views.coordinator import caseload, intake, workload

app_name = "coordinator"

urlpatterns = [
    path("intake/", intake.intake, name="intake"),
    path("households/<int:pk>/assign/", intake.assign, name="assign"),
    path("workload/", workload.workload, name="workload"),
    path("overdue/", workload.overdue, name="overdue"),
    path("caseload/", caseload.caseload, name="caseload"),
]
