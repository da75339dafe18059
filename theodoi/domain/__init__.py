"""Pure domain logic: no database, no I/O except packaged data."""
