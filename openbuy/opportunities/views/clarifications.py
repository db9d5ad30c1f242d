"""Pages: clarifications (to be filled in)."""

urlpatterns: list = []
