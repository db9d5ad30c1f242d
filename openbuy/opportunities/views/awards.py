"""Pages: awards (to be filled in)."""

urlpatterns: list = []
