"""The routes of `kiyaku serve`. Pages are Jinja2 templates (autoescaped); result pages are the
renderers' own HTML reports with the app's toolbar put after ``<body>``.

    GET  /                      input: upload, paste, URL; compare two versions; recent results
    POST /analyze               → 303 /a/ID (after waiting up to WAIT seconds for the result)
    GET  /a/ID                  progress while analysing, then the analysis (the HTML report)
    GET  /a/ID/download/NAME    a download (see ``downloads``)
    POST /compare               → 303 /c/ID
    GET  /c/ID, /c/ID/taisho    the risk delta, the 新旧対照表
    GET  /c/ID/download/NAME
"""
from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kiyaku.analyzer.load import MAX_BYTES
from kiyaku.web import downloads
from kiyaku.web.guard import BodyTooLarge, Guard, bounded_body
from kiyaku.web.jobs import Analyzer, Given, Job

WAIT = 3.0  # seconds a POST waits for its result before sending the browser to the progress page
LIMIT_MB = MAX_BYTES // (1024 * 1024)
BODY_LIMIT = 2 * MAX_BYTES + 256 * 1024  # two documents (a comparison) and the form around them
PASTED = "貼り付けたテキスト"


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    hosts: tuple[str, ...] | None = LOOPBACK_HOSTS  # the Host headers answered; None: any (with a token)
    cache: bool = False
    allow_private: bool = False
    rules: tuple[str, ...] = ()


class _InMemoryParser(MultiPartParser):
    spool_max_size = BODY_LIMIT  # uploads stay in memory: nothing of a document is written to disk


def _environment() -> Environment:
    return Environment(loader=PackageLoader("kiyaku.web", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


class Refused(Exception):
    """Input refused before any work: the page shows ``message`` with ``status``."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def create_app(analyzer: Analyzer, settings: Settings, csp: str) -> Guard:
    env = _environment()

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def refused(err: Refused) -> HTMLResponse:
        return page("error.html.j2", err.status, message=err.message)

    async def index(request: Request):
        return page("index.html.j2", recent=analyzer.recent(), limit_mb=LIMIT_MB, cache=settings.cache,
                    allow_private=settings.allow_private)

    async def analyze(request: Request):
        try:
            form = await _form(request)
            given = await _given(form, "", analyzer)
        except Refused as err:
            return refused(err)
        job = analyzer.analyse(given)
        await _wait(job)
        return RedirectResponse(f"/a/{job.id}", status_code=303)

    async def compare(request: Request):
        try:
            form = await _form(request)
            old, new = await _given(form, "old_", analyzer, "旧版"), await _given(form, "new_", analyzer, "新版")
        except Refused as err:
            return refused(err)
        job = analyzer.compare(old, new)
        await _wait(job)
        return RedirectResponse(f"/c/{job.id}", status_code=303)

    def finished(request: Request, kind: str) -> Job | Response:
        job = analyzer.get(request.path_params["job"])
        if job is None or job.kind != kind:
            return page("error.html.j2", 404, message="この結果はありません（サーバーを再起動すると結果は消えます）。")
        if not job.done:
            return page("progress.html.j2", job=job, elapsed=_elapsed(job))
        if job.error:
            return page("error.html.j2", 400, message=f"読み込めませんでした：{job.error}")
        return job

    def result_page(job: Job, name: str, render, tab: str) -> HTMLResponse:
        """A renderer's report with the toolbar, rendered once per job and kept with it."""
        if name not in job.pages:
            toolbar = env.get_template("toolbar.html.j2").render(job=job, tab=tab, downloads=_table(job),
                                                                 base=_base(job))
            job.pages[name] = _inject(render(), toolbar)
        return HTMLResponse(job.pages[name])

    async def analysis(request: Request):
        job = finished(request, "analysis")
        if not isinstance(job, Job):
            return job
        from kiyaku.reports.render.analysis import render_analyses

        return result_page(job, "analysis", lambda: render_analyses(job.analyses, "html"), "analysis")

    async def delta(request: Request):
        job = finished(request, "comparison")
        if not isinstance(job, Job):
            return job
        from kiyaku.reports.render.diff import render_diff

        return result_page(job, "delta", lambda: render_diff(job.diff, "html"), "delta")

    async def taisho(request: Request):
        job = finished(request, "comparison")
        if not isinstance(job, Job):
            return job
        from kiyaku.reports.render.diff import render_diff

        return result_page(job, "taisho", lambda: render_diff(job.diff, "taisho-html"), "taisho")

    async def download(request: Request):
        kind = "analysis" if request.url.path.startswith("/a/") else "comparison"
        job = finished(request, kind)
        if not isinstance(job, Job):
            return job
        item = _table(job).get(request.path_params["name"])
        if item is None:
            return page("error.html.j2", 404, message="そのダウンロードはありません。")
        body = item.render(*job.analyses) if kind == "analysis" else item.render(*job.analyses, job.diff)
        name = downloads.file_name(job.analyses[-1], item)
        return Response(body if isinstance(body, bytes) else body.encode("utf-8"), media_type=item.media_type,
                        headers={"Content-Disposition": downloads.content_disposition(name)})

    async def no_icon(request: Request):
        return Response(status_code=204)

    routes = [
        Route("/", index),
        Route("/analyze", analyze, methods=["POST"]),
        Route("/compare", compare, methods=["POST"]),
        Route("/a/{job}", analysis),
        Route("/a/{job}/download/{name}", download),
        Route("/c/{job}", delta),
        Route("/c/{job}/taisho", taisho),
        Route("/c/{job}/download/{name}", download),
        Route("/favicon.ico", no_icon),
        Mount("/static", StaticFiles(directory=str(files("kiyaku.web") / "static")), name="static"),
    ]
    return Guard(Starlette(routes=routes), csp=csp, token=settings.token, hosts=settings.hosts)


def _table(job: Job) -> dict:
    return downloads.ANALYSIS if job.kind == "analysis" else downloads.COMPARISON


def _base(job: Job) -> str:
    return f"/{'a' if job.kind == 'analysis' else 'c'}/{job.id}"


def _elapsed(job: Job) -> int:
    import time

    return int(time.monotonic() - job.started)


_BODY = re.compile(r"<body[^>]*>")


def _inject(html: str, toolbar: str) -> str:
    """The report with the app's stylesheet and toolbar: the renderers' output is otherwise untouched."""
    html = html.replace("</head>", '<link rel="stylesheet" href="/static/web.css">\n</head>', 1)
    found = _BODY.search(html)
    return html[:found.end()] + "\n" + toolbar + html[found.end():] if found else toolbar + html


async def _wait(job: Job) -> None:
    try:
        await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job.future)), WAIT)
    except asyncio.TimeoutError:
        pass  # the progress page takes over


async def _form(request: Request) -> FormData:
    try:
        body = await bounded_body(request, BODY_LIMIT)
    except BodyTooLarge:
        raise Refused(f"送られたデータが大きすぎます。1つの文書は {LIMIT_MB} MB までです"
                      f"（コマンドの kiyaku と同じ上限: larger than the {LIMIT_MB} MB limit）。", 413) from None

    async def stream():
        yield body
        yield b""

    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("multipart/form-data"):
            return await _InMemoryParser(request.headers, stream(), max_files=2, max_fields=16,
                                         max_part_size=MAX_BYTES).parse()
        return await FormParser(request.headers, stream()).parse()
    except MultiPartException as err:
        if "exceeded maximum size" in str(err):
            raise Refused(f"貼り付けたテキストが大きすぎます（上限 {LIMIT_MB} MB）。", 413) from None
        raise Refused(f"フォームを読めませんでした：{err}") from None


async def _given(form: FormData, prefix: str, analyzer: Analyzer, which: str = "") -> Given:
    """The one document a form (or one side of the comparison form) gives."""
    where = f"{which}：" if which else ""
    upload = form.get(prefix + "file")
    text = (form.get(prefix + "text") or "").strip()
    url = (form.get(prefix + "url") or "").strip()
    earlier = (form.get(prefix + "earlier") or "").strip()
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        name = os.path.basename(upload.filename.replace("\\", "/")) or "upload"
        if len(data) > MAX_BYTES:
            raise Refused(f"{where}ファイルが大きすぎます：{name}: larger than the {LIMIT_MB} MB limit"
                          f"（上限 {LIMIT_MB} MB、コマンドの kiyaku と同じです）。", 413)
        return Given("file", name, data=data)
    if text:
        return Given("text", PASTED, data=str(form.get(prefix + "text")).encode("utf-8"))
    if url:
        select = (form.get(prefix + "select") or "").strip() or None
        remove = tuple(r.strip() for r in (form.get(prefix + "remove") or "").split(",") if r.strip())
        return Given("url", url, select=select, remove=remove)
    if earlier:
        job = analyzer.get(earlier)
        if job is None or not job.done or job.error:
            raise Refused(f"{where}選んだ解析結果はもうありません。")
        return Given("earlier", job.label, earlier=job.analyses[-1])
    raise Refused(f"{where}文書がありません。ファイル、貼り付けたテキスト、URL のどれかを指定してください。")
