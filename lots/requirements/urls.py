app_name = "requirements"
urlpatterns = []
