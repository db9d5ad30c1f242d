"""The OpenAPI document: every error response is a problem (application/problem+json), and
each operation lists the error statuses it can answer. Those that follow from how the
operation is called are derived here; those its action decides (403, 409, 410, a 404 for a
slug in the body) are declared beside the route with `problems(...)`."""

from http import HTTPStatus

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from .problems import PROBLEM_MEDIA_TYPE

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def derived_statuses(operation) -> set[int]:
    """The error statuses that follow from the operation's signature and authentication."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    # A NUL or a lone surrogate in the address or query string is refused everywhere, and
    # every client has a rate (core.api_rate).
    statuses = {400, 429}
    if sources:
        statuses.add(422)
    if "path" in sources:
        statuses.add(404)
    if "body" in sources:
        statuses.add(415)
    if UNSAFE & set(operation.methods):
        statuses.add(413)  # any body over the upload limit
    if operation.auth_callbacks:
        statuses.add(401)
        if UNSAFE & set(operation.methods):
            statuses.add(403)  # a session without its CSRF token
    return statuses


class ProblemDocument(OpenAPISchema):
    def responses(self, operation) -> dict:
        from .api import Problem

        result = {
            status: details
            for status, details in super().responses(operation).items()
            if status < 400
        }
        declared = {status for status in operation.response_models if status >= 400}
        if not self.schemas.get("Problem"):
            self.add_schema_definitions(
                {
                    "Problem": Problem.model_json_schema(
                        ref_template=REF_TEMPLATE,
                        schema_generator=NinjaGenerateJsonSchema,
                        mode="serialization",
                    )
                }
            )
        for status in sorted(declared | derived_statuses(operation)):
            result[status] = {
                "description": HTTPStatus(status).phrase,
                "content": {
                    PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
        return result


class ProblemsApi(NinjaAPI):
    """django-ninja's API with the document above."""

    def get_openapi_operation_id(self, operation) -> str:
        """`<app's api module>_<function>`: an app's API split into a package keeps the
        operation ids clients generated code from."""
        module = operation.view_func.__module__
        head, package, _rest = module.partition(".api.")
        return f"{head + '.api' if package else module}_{operation.view_func.__name__}".replace(
            ".", "_"
        )

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ProblemDocument(self, path_prefix)
