"""One error hierarchy for theodoi.

Every failure a user can cause is a :class:`TheodoiError`. The edges translate it: the CLI prints
one line and exits with :attr:`TheodoiError.exit_code`; the web layer (later) renders problem+json.
Messages are Vietnamese first, with an English gloss, because users are Vietnamese civil servants.
"""

from __future__ import annotations


class TheodoiError(Exception):
    """Base class of every error theodoi raises on purpose."""

    code = "error"
    exit_code = 1
    status = 400

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(TheodoiError):
    """The input document cannot be read as a plan (exit code 2)."""

    code = "input-error"
    exit_code = 2
    status = 422


class UnsupportedFormat(InputError):
    """The file type is not one theodoi reads, or is not what its name says."""

    code = "unsupported-format"
    status = 415


class EmptyDocument(InputError):
    """The document holds no readable text."""

    code = "empty-document"


class DocumentTooLarge(InputError):
    """The document is larger than the configured limit."""

    code = "too-large"
    status = 413


class EncryptedDocument(InputError):
    """The document is password-protected."""

    code = "encrypted"


class CorruptDocument(InputError):
    """The file is damaged or truncated."""

    code = "corrupt"


class MissingTool(InputError):
    """An external program needed for this input (tesseract, antiword, LibreOffice) is not installed."""

    code = "missing-tool"


class ConversionFailed(TheodoiError):
    """An external converter (LibreOffice) ran but produced nothing usable."""

    code = "conversion-failed"
    status = 500


class ConfigError(TheodoiError):
    """A setting or data file is invalid."""

    code = "config-error"
    exit_code = 3


class Invalid(TheodoiError):
    """A value given to theodoi is not acceptable (a report status, a percent, a date...)."""

    code = "invalid"
    exit_code = 2
    status = 422


class NotFound(TheodoiError):
    """The plan, task, agency or report asked for does not exist."""

    code = "not-found"
    exit_code = 4
    status = 404


class Conflict(TheodoiError):
    """The change conflicts with the stored state (someone else changed it first, or it exists already)."""

    code = "conflict"
    exit_code = 5
    status = 409


class Locked(Conflict):
    """The record is locked: an accepted report, a locked reporting period, a published plan's source."""

    code = "locked"


class DatabaseError(TheodoiError):
    """The database cannot be reached, or its schema is not the one this version needs."""

    code = "database"
    exit_code = 3
    status = 503


class Unauthorised(TheodoiError):
    """Not signed in, or the credentials are wrong (HTTP 401)."""

    code = "unauthorised"
    exit_code = 6
    status = 401


class Forbidden(TheodoiError):
    """Signed in, but this role may not do that (HTTP 403)."""

    code = "forbidden"
    exit_code = 6
    status = 403


class TooManyAttempts(TheodoiError):
    """Too many failed logins: wait before trying again (HTTP 429)."""

    code = "too-many-attempts"
    exit_code = 6
    status = 429
