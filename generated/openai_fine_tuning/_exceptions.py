"""Every error the client raises, and how HTTP failures are turned into them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ContentTooLargeError",
    "ErrorCatalog",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "OverloadedError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "UnprocessableEntityError",
]

REDACTED = "[redacted]"
# Error bodies can be whole HTML pages; the message keeps only the start.
_MAX_DETAIL_CHARS = 500


class SDKError(Exception):
    """Root of every error this package raises."""


class MissingAPIKeyError(SDKError):
    """No API key was passed to the client and its environment variable is unset."""

    def __init__(self, *, client_name: str, env_var: str | None) -> None:
        where = f" or set the {env_var} environment variable" if env_var else ""
        super().__init__(f"No API key: pass api_key=... to {client_name}(){where}.")


class APIError(SDKError):
    """An error tied to one request: ``body`` is what the server sent, when there was a reply."""

    def __init__(self, message: str, *, request: httpx.Request, body: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The request never got a complete HTTP reply (refused, reset, DNS, protocol error...)."""

    def __init__(self, *, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(request=request, message="Request timed out.")


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status, or a stream carried an error event.

    ``body`` is the response body parsed as JSON when it is JSON, else its text.
    ``request_id`` is the response's request-id header (which header: the client's
    ``request_id_header``), None when the server sent none.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        request_id: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, request=response.request, body=body)
        self.response = response
        # An error event inside a 200 stream names its own status (see `stream_error`).
        self.status_code = response.status_code if status_code is None else status_code
        self.headers = response.headers
        self.request_id = request_id


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class ContentTooLargeError(APIStatusError):
    """413."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429."""


class InternalServerError(APIStatusError):
    """500, and any 5xx without a class of its own."""


class OverloadedError(InternalServerError):
    """529: the API is temporarily overloaded."""


class APIResponseValidationError(APIError):
    """The response did not match its declared type (raised only in strict mode).

    ``errors`` are pydantic's error details, with ``loc`` relative to the response body.
    """

    def __init__(
        self, *, response: httpx.Response, body: object, errors: Sequence[Mapping[str, object]]
    ) -> None:
        summary = "; ".join(_describe_validation_error(error) for error in errors[:5])
        super().__init__(
            f"Response did not match its declared type: {summary}",
            request=response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code
        self.errors = list(errors)


# The classes for statuses every API shares. A generated client extends this (round two
# derives it from the tree's errors page), so it is data rather than code.
STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: ContentTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    529: OverloadedError,
}

# The `type` an error body gives (`{"error": {"type": "overloaded_error"}}`) and the status it
# stands for: an error event inside a stream has only its payload to say which error it is.
# These are the names the Anthropic and OpenAI error pages document.
ERROR_TYPE_STATUSES: Mapping[str, int] = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "conflict_error": 409,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "server_error": 500,
    "overloaded_error": 529,
}


@dataclass(frozen=True)
class ErrorCatalog:
    """Which class each status raises, and which status each error type names.

    A status without a class raises :class:`InternalServerError` when it is 5xx, else
    :class:`APIStatusError`.
    """

    classes: Mapping[int, type[APIStatusError]] = field(default_factory=lambda: STATUS_ERRORS)
    statuses_by_type: Mapping[str, int] = field(default_factory=lambda: ERROR_TYPE_STATUSES)

    def error_class(self, status_code: int) -> type[APIStatusError]:
        found = self.classes.get(status_code)
        if found is not None:
            return found
        return InternalServerError if status_code >= 500 else APIStatusError

    def status_named_by(self, payload: object) -> int | None:
        """The status an error payload names: an HTTP status in it, else its error type's."""
        if not isinstance(payload, Mapping):
            return None
        inner = payload.get("error")
        for where in (inner, payload):
            if not isinstance(where, Mapping):
                continue
            for key in ("status", "status_code"):
                status = where.get(key)
                if isinstance(status, int) and 400 <= status <= 599:
                    return status
            error_type = where.get("type")
            if isinstance(error_type, str) and error_type in self.statuses_by_type:
                return self.statuses_by_type[error_type]
        return None


DEFAULT_ERROR_CATALOG = ErrorCatalog()


def status_error(
    response: httpx.Response,
    *,
    secret: str | None,
    catalog: ErrorCatalog = DEFAULT_ERROR_CATALOG,
    request_id: str | None = None,
) -> APIStatusError:
    """Build the error for a 4xx/5xx response whose body has been read.

    ``secret`` (the API key) is removed from the message, as servers sometimes echo it.
    """
    text = response.text
    body = _json_or_text(text)
    status = response.status_code
    detail = _error_detail(body, text)
    message = f"{_status_line(status, response.reason_phrase)}: {detail}"
    return catalog.error_class(status)(
        _redact(message, secret), response=response, body=body, request_id=request_id
    )


def stream_error(
    response: httpx.Response,
    data: str,
    *,
    secret: str | None,
    catalog: ErrorCatalog = DEFAULT_ERROR_CATALOG,
    request_id: str | None = None,
) -> APIError:
    """Build the error for an error event received in a server-sent event stream.

    The payload names the error (``{"error": {"type": "overloaded_error"}}``): it raises
    that status's class; a payload naming none raises a plain :class:`APIError`.
    """
    body = _json_or_text(data)
    detail = _redact(_error_detail(body, data), secret)
    status = catalog.status_named_by(body)
    if status is None:
        return APIError(f"Error event in stream: {detail}", request=response.request, body=body)
    error_class = catalog.error_class(status)
    return error_class(
        f"Error event in stream: {status}: {detail}",
        response=response,
        body=body,
        request_id=request_id,
        status_code=status,
    )


def transport_error(request: httpx.Request, exc: httpx.TransportError) -> APIConnectionError:
    """Map an httpx transport failure to the matching API error.

    ``request`` is the copy that is safe to show; the httpx error, which stays reachable as
    the new error's ``__cause__``, is given it too in place of the request it was sent with.
    """
    exc.request = request
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(request=request, message=f"Connection error: {exc}")


@contextmanager
def mapped_transport_errors(request: httpx.Request) -> Iterator[None]:
    """Re-raise httpx transport failures (e.g. while reading a stream) as API errors."""
    try:
        yield
    except httpx.TransportError as exc:
        raise transport_error(request, exc) from exc


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, REDACTED) if secret else text


def _json_or_text(text: str) -> object:
    """The body as JSON when it is JSON, else its text."""
    try:
        parsed: object = json.loads(text)
    except ValueError:
        return text
    return parsed


def _status_line(status_code: int, reason: str) -> str:
    # httpx has no reason phrase for statuses outside the IANA list (529): "529: ..."
    return f"{status_code} {reason}" if reason else str(status_code)


def _error_detail(body: object, text: str) -> str:
    """The human-readable part of an error body: OpenAI and Anthropic both nest it in
    ``{"error": {"message": ...}}``; anything else is shown as (the start of) the raw text."""
    if isinstance(body, Mapping):
        inner = body.get("error")
        if isinstance(inner, Mapping) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
        if isinstance(body.get("message"), str):
            return str(body["message"])
    text = text.strip()
    if not text:
        return "(empty body)"
    return text if len(text) <= _MAX_DETAIL_CHARS else text[:_MAX_DETAIL_CHARS] + "..."


def _describe_validation_error(error: Mapping[str, object]) -> str:
    loc = error.get("loc")
    path = ".".join(str(part) for part in loc) if isinstance(loc, tuple | list) else ""
    return f"{path or '(root)'}: {error.get('msg')}"
