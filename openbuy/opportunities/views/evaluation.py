"""Pages: evaluation (to be filled in)."""

urlpatterns: list = []
