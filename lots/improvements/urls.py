app_name = "improvements"
urlpatterns = []
