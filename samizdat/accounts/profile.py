"""The sections other apps add to a reader's own page (`/accounts/profile/`): their comments and
follow-up mail (comments), app passwords (publishing), … Registered in `AppConfig.ready()`;
accounts renders them in order and knows nothing of what they show."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[HttpRequest], dict]  # what the template needs, for request.user
    order: int


SECTIONS: dict[str, Section] = {}


def profile_section(
    name: str, *, template: str, context: Callable[[HttpRequest], dict], order: int = 50
) -> None:
    SECTIONS[name] = Section(name, template, context, order)


def profile_sections(request: HttpRequest) -> list[SafeString]:
    ordered = sorted(SECTIONS.values(), key=lambda s: (s.order, s.name))
    return [
        mark_safe(render_to_string(s.template, s.context(request), request=request))
        for s in ordered
    ]
