"""WordPress's error shape for every refusal: {"code", "message", "data": {"status", …}}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response


class WPError(exceptions.APIException):
    """A refusal with WordPress's code and message, e.g. rest_cannot_publish."""

    def __init__(self, code: str, message: str, status: int = 400, **data):
        super().__init__(message)
        self.status_code = status
        self.wp_code, self.wp_message, self.wp_data = code, message, data


def wp_error_body(code: str, message: str, status: int, **data) -> dict:
    return {"code": code, "message": message, "data": {"status": status, **data}}


def invalid_params(params: dict[str, str], detail_code: str = "rest_invalid_param") -> WPError:
    """400 rest_invalid_param naming every field that was wrong, as WordPress does."""
    return WPError(
        "rest_invalid_param",
        "Invalid parameter(s): " + ", ".join(params),
        400,
        params=params,
        details={
            name: {"code": detail_code, "message": message, "data": None}
            for name, message in params.items()
        },
    )


def _field_messages(detail) -> dict[str, str]:
    if isinstance(detail, dict):
        return {
            name: " ".join(str(m) for m in (v if isinstance(v, list) else [v]))
            for name, v in detail.items()
        }
    return {"body": " ".join(str(m) for m in detail)}


def refusal_status(request) -> int:
    """401 for a stranger, 403 for a user who may not: WordPress's
    rest_authorization_required_code()."""
    user = getattr(request, "user", None)
    return 403 if user is not None and user.is_authenticated else 401


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, WPError):
        body = wp_error_body(exc.wp_code, exc.wp_message, exc.status_code, **exc.wp_data)
        status = exc.status_code
    elif isinstance(exc, exceptions.ParseError):
        body = wp_error_body(
            "rest_invalid_json",
            "Invalid JSON body passed.",
            400,
            json_error_code=4,  # PHP's JSON_ERROR_SYNTAX, as WordPress reports it
            json_error_message="Syntax error",
        )
        status = 400
    elif isinstance(exc, exceptions.ValidationError):
        error = invalid_params(_field_messages(exc.detail))
        return exception_handler(error, context)
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        return exception_handler(invalid_params(_field_messages(detail)), context)
    elif isinstance(exc, PermissionDenied):
        status = refusal_status(request)
        body = wp_error_body(
            "rest_forbidden", str(exc) or "Sorry, you are not allowed to do that.", status
        )
    elif isinstance(exc, (Http404, exceptions.NotFound, exceptions.MethodNotAllowed)):
        body, status = (
            wp_error_body(
                "rest_no_route", "No route was found matching the URL and request method.", 404
            ),
            404,
        )
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        body, status = wp_error_body("rest_invalid_content_type", str(exc.detail), 415), 415
    elif isinstance(exc, exceptions.APIException):
        status = exc.status_code
        body = wp_error_body("rest_error", str(exc.detail), status)
    else:
        return None
    return Response(body, status=status)
