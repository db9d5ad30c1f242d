"""Pages: responses (to be filled in)."""

urlpatterns: list = []
