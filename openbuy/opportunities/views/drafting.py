"""Pages: drafting (to be filled in)."""

urlpatterns: list = []
