"""The web application: a FastAPI app factory serving the JSON API under ``/api/v1`` (and, later, the
pages). Routes are thin shells over :mod:`theodoi.services`."""

from __future__ import annotations

from theodoi.web.app import create_app

__all__ = ["create_app"]
