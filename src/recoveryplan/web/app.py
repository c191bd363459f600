"""The web application: the person, their worker and their circle writing the plan together.

:func:`create_app` returns a Starlette (ASGI) application over a plan store. Every request
passes :mod:`.guard` first (size limit, sign-in, security headers); every page then works out
the reader (:mod:`.readers`), sees the plan only through
:func:`recoveryplan.audience.disclose`, and every form saves exactly one revision through
:mod:`.saving`. A GET never changes the plan.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..audience import Disclosure, disclose, shared_sections
from ..context import print_size
from ..errors import PlanError
from ..messages import speaking
from ..page_language import page_gettext, page_words
from ..plan import Plan
from ..plugins import frameworks, plugin_template_dirs
from ..sharing import Section
from ..translations import CopyLanguage
from ..validate import validate
from .edits import EDITS, PERSON_ONLY, STAFF_ONLY, FieldError, scale_of
from .guard import (
    CSRF_FIELD,
    BodyLimit,
    Identify,
    SecurityHeaders,
    SignIn,
    csrf_token,
    csrf_valid,
    policy,
    session_identity,
)
from .reader_language import (
    Names,
    either,
    field_names,
    no_suggestions,
    reader_language,
    said,
    suggest,
    told,
)
from .readers import PAGES, Reader, reader_for
from .refusals import (
    CHOICE_GONE,
    EXPIRED_FORM,
    FAILED,
    FOR_STATUS,
    NO_BASE,
    NO_SUCH_PAGE,
    NOT_YOUR_CHANGE,
    NOT_YOURS,
    REFUSALS,
    WHICH_PLAN,
    asked_for,
    refusal,
)
from .saving import PendingConflicts, choose, conflicts_of, save_edit

if TYPE_CHECKING:
    from ..store.database import Store

__all__ = ["MAX_BODY", "SESSION_SECONDS", "create_app"]

MAX_BODY = 64_000
"""The largest request body accepted, in bytes: far more than any form's words."""

SESSION_SECONDS = 8 * 60 * 60
"""How long a signed-in session lasts without signing in again: a working day."""

HERE = Path(__file__).resolve().parent
_ORDER = ("home", "plan", "items", "steps", "needs", "ratings", "risks", "reviews", "raised")
_AFTER = ("sharing", "agree", "changes")


def create_app(
    store: Store,
    identify: Identify | None = None,
    *,
    plan_id: str | None = None,
    token: str | None = None,
    secret: str | None = None,
    max_body: int = MAX_BODY,
    session_seconds: int = SESSION_SECONDS,
    https_only: bool = False,
    today: Callable[[], date] = date.today,
) -> Starlette:
    """The web app over ``store``, for the plan ``plan_id`` (the store's only plan when not
    given).

    ``identify(request)`` is the host system's sign-in: ``"person"``, a circle member's id or
    ``"staff:<id>"``, or ``None`` (answered 401). Without it, the session signed in by the
    access ``token`` is who is signed in (``recoveryplan serve``). ``secret`` signs the
    session cookie (a new random one each start when not given, so sessions end with the
    server); ``https_only`` marks the cookie Secure, for a host behind TLS.
    """
    if identify is None and token is None:
        raise ValueError("create_app() needs identify= (the host's sign-in) or token=")
    web = _Web(store, plan_id, today)
    routes = [
        Route("/", web.page, methods=["GET"]),
        Route("/static/web.css", web.style, methods=["GET"]),
        Route("/plan", web.printed, methods=["GET"]),
        Route("/conflict", web.conflict, methods=["POST"]),
        *(Route(path, web.edit, methods=["POST"]) for path in EDITS),
        Route("/{page:str}", web.page, methods=["GET"]),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret or secrets.token_urlsafe(32),
            session_cookie="recoveryplan_session",
            max_age=session_seconds,
            same_site="strict",
            https_only=https_only,
        ),
        Middleware(SignIn, identify=identify or session_identity, token=token),
        # Inside the sign-in (which reads no body): a body too large is refused in the
        # reader's own language, and nobody signed in is refused before sending one.
        Middleware(BodyLimit, limit=max_body, asking=web.asking),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: web.refused, Exception: web.refused},
    )


WEB_FOLDER = "web"
"""The folder, inside a plugin's template folder, that holds its versions of the app's pages."""


def _web_templates() -> BaseLoader:
    """The app's pages, with each plugin's ``web/`` versions first.

    An organisation restyles or rewords the app as it does the printed plan: a plugin whose
    template folder holds ``web/_words.j2`` (the app's words) or ``web/_page.html.j2`` (the
    frame of every page) replaces the built-in one; ``default:NAME`` is always the built-in
    page, so a plugin's frame can extend it and fill only its blocks."""
    builtin = FileSystemLoader(HERE / "templates")
    folders = [
        folder / WEB_FOLDER
        for _plugin, found in plugin_template_dirs()
        for folder in found
        if (folder / WEB_FOLDER).is_dir()
    ]
    return ChoiceLoader(
        [
            PrefixLoader({"default": builtin}, delimiter=":"),
            *(FileSystemLoader(folder) for folder in folders),
            builtin,
        ]
    )


class _Web:
    """The pages and forms, over one store and plan."""

    def __init__(self, store: Store, plan_id: str | None, today: Callable[[], date]) -> None:
        self.store = store
        self.chosen_plan = plan_id
        self.today = today
        self.pending = PendingConflicts()
        self.loader = _web_templates()
        self.envs: dict[str | None, Environment] = {}
        self.env = self._env(None)

    def _env(self, catalogue: str | None) -> Environment:
        """The pages' templates with their words in ``catalogue`` (``None``: English)."""
        if catalogue not in self.envs:
            env = Environment(
                loader=self.loader,
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                extensions=["jinja2.ext.i18n"],
            )
            env.install_gettext_callables(  # type: ignore[attr-defined]
                *page_gettext(page_words(catalogue)), newstyle=False
            )
            self.envs[catalogue] = env
        return self.envs[catalogue]

    # -- who and what ----------------------------------------------------------------------

    def _plan_id(self) -> str:
        if self.chosen_plan is not None:
            return self.chosen_plan
        held = self.store.plans()
        if len(held) != 1:
            raise HTTPException(500, WHICH_PLAN)
        return held[0]

    async def _reader(self, request: Request, page: str) -> tuple[Reader, Plan, int]:
        """The signed-in reader, the latest plan and its revision; 403 when the reader is not
        this plan's or may not open ``page``."""
        plan_id = self._plan_id()
        plan, revision = await run_in_threadpool(self.store.latest, plan_id)
        reader = reader_for(plan, request.state.who)
        if reader is None or not reader.may_open(page):
            raise HTTPException(403, NOT_YOURS)
        return reader, plan, revision.number

    # -- refusals ----------------------------------------------------------------------------

    async def refused(self, request: Request, error: Exception) -> Response:
        """Any refusal or failure, as plain text in the words of whoever asked (see
        :mod:`.refusals`); Starlette's own ("Not Found") in the app's words for its status."""
        status = error.status_code if isinstance(error, HTTPException) else 500
        detail = error.detail if isinstance(error, HTTPException) else None
        message = detail if detail in REFUSALS else FOR_STATUS.get(status, FAILED)
        headers = error.headers if isinstance(error, HTTPException) else None
        language = await self.asking(request)
        return refusal(message, status, language, headers=headers)

    async def asking(self, request: Request) -> CopyLanguage:
        """The language of a refusal: the reader's own when the signed-in reader is one of
        this plan's, the browser's otherwise (a stranger learns nothing of the plan)."""
        return await run_in_threadpool(self._asking, request)

    def _asking(self, request: Request) -> CopyLanguage:
        who = request.scope.get("state", {}).get("who")
        browser = asked_for(request.headers.get("accept-language"))
        if not who:
            return browser
        try:
            plan, _ = self.store.latest(self._plan_id())
        except Exception:  # whatever failed, the refusal is still answered (the browser's way)
            return browser
        reader = reader_for(plan, who)
        return browser if reader is None else reader_language(reader, plan)

    # -- pages -------------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        page = request.path_params.get("page", "home")
        if page not in _ORDER + _AFTER:
            raise HTTPException(404, NO_SUCH_PAGE)
        reader, plan, base = await self._reader(request, page)
        return self._show(request, page, reader, plan, base)

    def _show(
        self,
        request: Request,
        page: str,
        reader: Reader,
        plan: Plan,
        base: int,
        *,
        failed: Mapping[str, Any] | None = None,
        status: int = 200,
        extra: Mapping[str, Any] | None = None,
    ) -> HTMLResponse:
        seen = disclose(plan, reader.audience)
        shown = seen.plan
        language = reader_language(reader, plan)
        words = page_words(language.catalogue)
        if failed is not None:
            failed = {**failed, "message": failed["error"].said(words)}
        context = {
            **self._context(request, page, reader, seen, base, words, language.catalogue),
            **self._page_data(page, reader, shown),
            "failed": failed,
            **(extra or {}),
            "lang": language.tag,
            "dir": language.direction,
        }
        with speaking(language.catalogue):
            if page == "changes":
                context["history"] = self._history(reader, words, language.catalogue)
            if page == "home" and reader.kind == "staff":
                context["findings"] = validate(
                    shown, today=self.today(), language=language.catalogue
                )
        html = self._env(language.catalogue).get_template(f"{page}.html.j2").render(context)
        return HTMLResponse(html, status_code=status)

    def _context(
        self,
        request: Request,
        page: str,
        reader: Reader,
        seen: Disclosure,
        base: int,
        words: NullTranslations,
        catalogue: str | None,
    ) -> dict[str, Any]:
        shown = seen.plan
        nav = [name for name in (*_ORDER, *_AFTER) if name in PAGES[reader.kind]]
        flash = said(words, request.session.pop("flash", None))
        return {
            "page": page,
            "plan": shown,
            "reader": reader,
            "nav": nav,
            "links": {name: "/" if name == "home" else f"/{name}" for name in nav},
            "csrf": csrf_token(request),
            "base": base,
            "flash": flash,
            "large": print_size(seen) is not None,
            "today": self.today(),
            "ident": _ident,
            "suggest": partial(suggest, catalogue) if reader.kind == "staff" else no_suggestions,
            "either": partial(either, catalogue),
            "names": Names(shown, words),
            "shown": _shown,
        }

    def _page_data(self, page: str, reader: Reader, plan: Plan) -> dict[str, Any]:
        framework = frameworks().get(plan.framework)
        domains = [("", "—")] + [(d.id, d.name) for d in framework.domains] if framework else []
        items = plan.assessment.items if plan.assessment is not None else ()
        data: dict[str, Any] = {"items": items, "domains": domains, "framework": framework}
        if page == "steps":
            data["steps"] = {
                o.id: [p for p in plan.walk_goals() if p.outcome.id == o.id] for o in plan.outcomes
            }
            data["helpers"] = [("", "—"), ("person", plan.person.called)] + [
                (m.id, m.name) for m in plan.circle
            ]
        if page == "ratings" and framework is not None:
            data["scale"] = list(scale_of(plan))
            latest: dict[str, int] = {}
            for rating in sorted(plan.ratings, key=lambda r: r.on):
                if rating.by == "person":
                    latest[rating.domain] = rating.value
            data["last"] = latest
        if page == "risks":
            data["people"] = [("person", plan.person.called)] + [
                (m.id, m.name) for m in plan.circle
            ]
        if page == "sharing":
            data["section_keys"] = [s.value for s in Section]
            data["shared"] = {
                m.id: {s.value for s in shared_sections(plan, m.id)} for m in plan.circle
            }
        return data

    def _history(
        self, reader: Reader, words: NullTranslations, catalogue: str | None
    ) -> list[dict[str, Any]]:
        """The last revisions, newest first, each with ``rp.diff``'s sentences for this
        reader; a circle member is shown neither the reasons given nor revisions that changed
        nothing they can see."""
        plan_id = self._plan_id()
        revisions = self.store.history(plan_id)[-20:]
        entries: list[dict[str, Any]] = []
        previous: Plan | None = None
        if revisions and revisions[0].number > 1:
            previous = self.store.at(plan_id, revisions[0].number - 1)
        for revision in revisions:
            plan = self.store.at(plan_id, revision.number)
            entry: dict[str, Any] = {"revision": revision, "first": previous is None}
            # A reason the app itself gave ("Added a hope") is one of its messages.
            entry["why"] = said(words, revision.why)
            if previous is not None:
                entry["sentences"] = told(previous, plan, reader.audience, catalogue)
            names = Names(disclose(plan, reader.audience).plan, words)
            entry["by"] = names.get(revision.by, revision.by if reader.kind == "staff" else None)
            previous = plan
            if reader.kind == "member" and not entry.get("sentences"):
                continue  # a member hears only of what they may see, never of the rest
            entries.append(entry)
        return list(reversed(entries))

    async def printed(self, request: Request) -> Response:
        """The plan as :func:`recoveryplan.render` prints it for this reader (recorded in the
        store's disclosure log), with a way back and to "What changed"."""
        reader, _, _ = await self._reader(request, "plan")
        document = await run_in_threadpool(
            self.store.render, self._plan_id(), reader.audience, "html", by=reader.ref
        )
        assert isinstance(document, str)
        latest = self.store.latest(self._plan_id())[0]
        plan = disclose(latest, reader.audience).plan
        env = self._env(reader_language(reader, latest).catalogue)
        back = env.get_template("_back.html.j2").render(reader=reader, plan=plan)
        document = document.replace('<div class="page">', f'<div class="page">{back}', 1)
        styles = tuple(
            base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            for block in re.findall(r"<style>(.*?)</style>", document, re.DOTALL)
        )
        return HTMLResponse(document, headers={"content-security-policy": policy(styles)})

    async def style(self, request: Request) -> Response:
        return FileResponse(HERE / "static" / "web.css", media_type="text/css")

    # -- forms -------------------------------------------------------------------------------

    async def _form(self, request: Request) -> Any:
        form = await request.form()
        if not csrf_valid(request, form.get(CSRF_FIELD)):
            raise HTTPException(403, EXPIRED_FORM)
        return form

    async def edit(self, request: Request) -> Response:
        path = request.url.path
        page, change = EDITS[path]
        form = await self._form(request)
        reader, latest_plan, latest = await self._reader(request, page)
        if (path in STAFF_ONLY and reader.kind != "staff") or (
            path in PERSON_ONLY and reader.kind != "person"
        ):
            raise HTTPException(403, NOT_YOUR_CHANGE)
        try:
            base = int(str(form.get("base", "")))
            base_plan = await run_in_threadpool(self.store.at, self._plan_id(), base)
        except (ValueError, PlanError):
            raise HTTPException(400, NO_BASE) from None
        values = {k: str(v) for k, v in form.items()}
        try:
            # The model's own refusals (a PlanValueError's message) in the reader's language.
            with speaking(reader_language(reader, latest_plan).catalogue):
                ours, why = change(base_plan, form, reader, self.today())
        except FieldError as error:
            return self._refused(request, page, reader, latest_plan, latest, path, values, error)
        outcome = await run_in_threadpool(
            save_edit,
            self.store,
            self.pending,
            self._plan_id(),
            base=base,
            ours=ours,
            by=reader.ref,
            why=str(form.get("why") or why),
        )
        if outcome.conflicts:
            return self._show(
                request,
                "conflict",
                reader,
                latest_plan,
                latest,
                status=409,
                extra={
                    "conflicts": outcome.conflicts,
                    "key": outcome.key,
                    "labels": _labels(disclose(latest_plan, reader.audience).plan),
                    "fields": field_names(
                        outcome.conflicts, reader_language(reader, latest_plan).catalogue
                    ),
                },
            )
        request.session["flash"] = why
        return RedirectResponse(f"/{page}", status_code=303)

    def _refused(
        self,
        request: Request,
        page: str,
        reader: Reader,
        plan: Plan,
        base: int,
        path: str,
        values: dict[str, str],
        error: FieldError,
    ) -> Response:
        key = next(
            (values[k] for k in ("kind", "item", "goal", "under", "risk") if k in values), ""
        )
        failed = {
            "action": path,
            "key": key,
            "field": error.field,
            "error": error,
            "entered": values,
        }
        return self._show(request, page, reader, plan, base, failed=failed, status=400)

    async def conflict(self, request: Request) -> Response:
        form = await self._form(request)
        waiting = self.pending.peek(str(form.get("key", "")), str(request.state.who))
        if waiting is None:
            raise HTTPException(404, CHOICE_GONE)
        _, _, conflicts = await run_in_threadpool(conflicts_of, self.store, waiting)
        theirs = {c.path for i, c in enumerate(conflicts) if form.get(f"choice-{i}") == "theirs"}
        self.pending.take(str(form.get("key", "")), str(request.state.who))
        await run_in_threadpool(choose, self.store, waiting, theirs)
        request.session["flash"] = waiting.why
        return RedirectResponse("/", status_code=303)


def _labels(plan: Plan) -> dict[str, str]:
    """Each part's own words (a goal's statement, an item's text), to name it to a reader."""
    found: dict[str, str] = {}
    for part_id, part in plan.index().items():
        for field in ("statement", "text", "activity", "action", "description", "name"):
            words = getattr(part, field, None)
            if isinstance(words, str):
                found[part_id] = words
                break
    return found


def _ident(action: str, extra: str | None, name: str) -> str:
    """A page-unique id for a form field, from the form's address, its part and the field."""
    raw = f"{action}-{extra or ''}-{name}"
    return "f" + re.sub(r"[^A-Za-z0-9_-]+", "-", raw)


def _shown(value: object) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False)
