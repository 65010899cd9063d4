app_name = "coordinator"

urlpatterns: list = []
