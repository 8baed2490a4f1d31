app_name = "watch"

urlpatterns: list = []
