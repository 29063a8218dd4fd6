"""One context, two faces: every page renders as HTML or as its JSON twin.

Templates are autoescaped; SVG from the project's own chart renderer is the only markup
marked safe, and that happens in the route that made it.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

from acupressure.web.security import CSRF_FIELD, csrf_token

NAV = (
    ("/", "Home"),
    ("/start", "Safety questions"),
    ("/points", "Points"),
    ("/diary", "Diary"),
    ("/trial", "Trial"),
)


def nav_for(account: Any) -> tuple[tuple[str, str], ...]:
    """The main navigation; in clinic mode (someone logged in) a practitioner also has their
    clients, a client their routine, and the single-user trial is not offered."""
    if account is None:
        return NAV
    shared = tuple(item for item in NAV if item[0] != "/trial")
    if account.role == "practitioner":
        return (*shared, ("/clients", "Clients"))
    return (shared[0], ("/routine", "My routine"), *shared[1:])


def make_templates() -> Jinja2Templates:
    """The template environment: package templates, autoescape everywhere, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("acupressure.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["minutes"] = minutes
    env.globals["sides"] = {
        "left": "left side",
        "right": "right side",
        "both": "both sides at once",
        "midline": "on the midline",
    }
    env.filters["words"] = lambda value: str(value).replace("_", " ")
    env.filters["local_time"] = local_time
    env.filters["call_links"] = call_links
    env.filters["unsaid"] = unsaid  # a step's why without what the page's cautions say
    env.globals["safety_changes_in_short"] = safety_changes_in_short
    return Jinja2Templates(env=env)


def unsaid(text: str, said: list[str]) -> str:
    from acupressure.planning.wording import unsaid as without

    return without(text, said)


def safety_changes_in_short() -> str:
    """The last safety review in one line (the handout's note on what changed)."""
    from acupressure.safety.rules import load_rules

    return load_rules().changes_in_short


def minutes(seconds: int) -> str:
    """Seconds as '4 min 30 s' for people."""
    whole, rest = divmod(int(seconds), 60)
    if not whole:
        return f"{rest} s"
    return f"{whole} min {rest} s" if rest else f"{whole} min"


def local_time(value: str) -> str:
    """A stored ISO time as this computer's local 'YYYY-MM-DD HH:MM' (the diary is local)."""
    from datetime import datetime

    from acupressure.diary.entries import local

    return local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")


# The emergency and urgent-care numbers the safety advice names (UK, EU, US and Canada, NHS).
PHONE_NUMBERS = re.compile(r"(?<![\d.,])(999|112|911|111)(?![\d])")


def call_links(text: str) -> Markup:
    """Advice text with each phone number it names as a tap-to-call `tel:` link."""

    def link(match: re.Match[str]) -> str:
        number = match.group(1)
        return f'<a class="tel" href="tel:{number}" aria-label="Call {number}">{number}</a>'

    return Markup(PHONE_NUMBERS.sub(link, str(escape(text))))


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    status_code: int = 200,
) -> Response:
    """Render a page with the layout's shared values (navigation, CSRF token)."""
    templates: Jinja2Templates = request.app.state.templates
    account = getattr(request.state, "account", None)
    shared = {
        "title": title,
        "nav": nav_for(account),
        "clinic": bool(request.app.state.settings.clinic),
        "account": None if account is None else account.to_json(),
        "path": request.url.path,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
    }
    return templates.TemplateResponse(
        request, template, {**shared, **context}, status_code=status_code
    )
