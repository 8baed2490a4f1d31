app_name = "workenv"

urlpatterns: list = []
