"""Pages: public (to be filled in)."""

urlpatterns: list = []
