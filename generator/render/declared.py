"""What the built-in templates write themselves, declared once.

The imports of each generated module, the runtime classes generated classes derive from, the
members the templates give their classes and the keyword arguments every client method takes.
render/files.py hands each template its import lines from here; reserved.py keeps generated
names off every name declared here; tests/test_reserved_names.py checks these declarations
against the code the templates render, so they cannot drift from the templates.
"""

from __future__ import annotations

from generator.render.python_types import Import

# Generated modules, by their dotted path inside the package.
CLIENT_MODULE = "_client"
RESOURCES_PACKAGE = "resources"
PAGINATION_MODULE = "pagination"  # the runtime's page classes, public

# Imports the templates' own text uses (ruff drops those a module does not need); the types
# each module uses add theirs (python_types.PyType.imports).
TYPES_IMPORTS = (
    Import("typing", "TypeAlias"),
    Import("pydantic", "ConfigDict"),
    Import("pydantic", "Field"),
    Import("._models", "BaseModel"),
    Import("typing", "Required"),
    Import("typing", "TypedDict"),
)
CLIENT_IMPORTS = (
    Import("os", None),
    Import("collections.abc", "Mapping"),
    Import("functools", "cached_property"),
    Import("typing", "TYPE_CHECKING"),
    Import("httpx", None),
    Import("._base_client", "DEFAULT_MAX_RETRIES"),
    Import("._base_client", "DEFAULT_TIMEOUT"),
    Import("._base_client", "AsyncAPIClient"),
    Import("._base_client", "AuthScheme"),
    Import("._base_client", "SyncAPIClient"),
    Import("._exceptions", "ErrorCatalog"),
    Import("._types", "Timeout"),
)
RESOURCE_IMPORTS = (
    Import("builtins", None),  # cast("builtins.type[...]"): python_types.type_value
    Import("collections.abc", "AsyncIterator"),
    Import("collections.abc", "Iterator"),
    Import("contextlib", "AbstractAsyncContextManager"),
    Import("contextlib", "AbstractContextManager"),
    Import("functools", "cached_property"),
    Import("typing", "TYPE_CHECKING"),
    Import("typing", "Literal"),
    Import("typing", "cast"),
    Import("typing", "overload"),
    Import("._base_client", "AsyncAPIClient"),
    Import("._base_client", "RequestOptions"),
    Import("._base_client", "SyncAPIClient"),
    Import("._pagination", "Pagination"),
    Import("._response", "async_to_raw_response"),
    Import("._response", "async_to_streamed_response"),
    Import("._response", "to_raw_response"),
    Import("._response", "to_streamed_response"),
    Import("._streaming", "AsyncStream"),
    Import("._streaming", "Stream"),
    Import("._types", "NOT_GIVEN"),
    Import("._types", "Body"),
    Import("._types", "Headers"),
    Import("._types", "NotGiven"),
    Import("._types", "Query"),
    Import("._types", "Timeout"),
)

# The error class the runtime has for each status (its _exceptions.STATUS_ERRORS, as
# tests/test_sdk_layout.py checks): a status an API documents beyond these gets a class of the
# client's own (context.ErrorContext).
STANDARD_ERRORS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    413: "ContentTooLargeError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    529: "OverloadedError",
}

# What the package's __init__ re-exports from the runtime besides the client classes, by
# runtime module (each name is in that module's `__all__`: tests/test_sdk_layout.py).
PACKAGE_IMPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "_exceptions",
        (
            "APIConnectionError",
            "APIError",
            "APIResponseValidationError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConflictError",
            "ContentTooLargeError",
            "InternalServerError",
            "MissingAPIKeyError",
            "NotFoundError",
            "OverloadedError",
            "PermissionDeniedError",
            "RateLimitError",
            "SDKError",
            "UnprocessableEntityError",
        ),
    ),
    ("_http_clients", ("DefaultAioHttpClient", "DefaultAsyncHttpxClient", "DefaultHttpxClient")),
    (
        "_response",
        ("APIResponse", "AsyncAPIResponse", "AsyncBinaryAPIResponse", "BinaryAPIResponse"),
    ),
    ("_types", ("NOT_GIVEN", "NotGiven")),
)
PACKAGE_EXPORTS = frozenset(name for _, names in PACKAGE_IMPORTS for name in names)

# The runtime classes (module, class) the templates derive generated classes from.
MODEL_BASE = ("_models", "BaseModel")
CLIENT_BASES = (("_base_client", "SyncAPIClient"), ("_base_client", "AsyncAPIClient"))

# Public members the templates give their classes besides the API's resources and methods.
CLIENT_MEMBERS = frozenset(
    {"with_raw_response", "with_streaming_response", "error_catalog", "log_env_var"}
)
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})

# Keyword arguments of every client method, and the one `..._streamed` methods add.
METHOD_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
STREAMED_METHOD_OPTIONS = frozenset({"chunk_size"})
# Builtins the templates' own signatures name (`chunk_size: int | None`, `stream: bool`,
# `Iterator[bytes]`): a member of that name would shadow them in the class body.
SIGNATURE_BUILTINS = frozenset({"int", "bool", "bytes", "None"})
