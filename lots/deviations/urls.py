app_name = "deviations"
urlpatterns = []
