"""covering index of report facts: the status queries read completion, latest status and latest period
of each assignment's reports from the index alone

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["assignment_id", "period_end", "submitted_at", "review_state", "status", "completed_on"]


def upgrade() -> None:
    op.create_index("ix_report_assignment_facts", "progress_report", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_report_assignment_facts", table_name="progress_report")
