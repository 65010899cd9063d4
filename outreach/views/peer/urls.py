app_name = "peer"

urlpatterns: list = []
