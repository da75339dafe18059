"""Services: the use cases of theodoi (import and publish plans, report progress, compute statuses,
remind, exchange Excel sheets). The CLI and the web app are thin shells over these functions; each
takes a :class:`~theodoi.services.workspace.Workspace` and keyword arguments."""
