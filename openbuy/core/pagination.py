def query_without_page(request) -> str:
    """The current query string minus `page`, for pagination links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
