"""The app factory: ``create_app(settings)``; ``app`` for ``uvicorn theodoi.web.app:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from theodoi import __version__
from theodoi.config import Settings
from theodoi.services.workspace import Workspace
from theodoi.web import guards, problems
from theodoi.web.api import router as api_router
from theodoi.web.kept_pages import ServeKept
from theodoi.web.pages import router as page_router


def create_app(settings: Settings | None = None, *, workspace: Workspace | None = None) -> FastAPI:
    """An app over the database of ``settings`` (or over the given workspace, e.g. with a test clock)."""
    ws = workspace or Workspace.open(settings or Settings(), actor="web")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if workspace is None:
            ws.close()

    app = FastAPI(
        title="theodoi",
        version=__version__,
        description="Theo dõi thực hiện kế hoạch — API (tracking the implementation of Vietnamese government plans).",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.workspace = ws
    problems.install(app)
    app.add_middleware(ServeKept, workspace=ws)  # inside the guards: a NUL in the address is refused first
    guards.install(app)
    app.include_router(api_router)
    app.include_router(page_router)
    from importlib import resources

    from fastapi.staticfiles import StaticFiles

    app.mount("/static", StaticFiles(directory=str(resources.files("theodoi.web").joinpath("static"))), name="static")
    return app


def serve() -> FastAPI:
    """The app of the settings of this process (``uvicorn --factory theodoi.web.app:serve``)."""
    return create_app(Settings())
