"""facts of parts: each assignment keeps its completion date, latest status and latest period, each
task the completion of all its leads, in step with the reports (filled here from existing reports)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 20:49:06.346973
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("last_period_end", sa.Date(), nullable=True))

    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
    _fill()


def _fill() -> None:
    """The facts of the reports already stored (the same rules as theodoi.services.facts)."""
    live = "r.assignment_id = assignment.id AND r.review_state <> 'returned'"
    op.execute(f"""UPDATE assignment SET
        completed_on = (SELECT MIN(r.completed_on) FROM progress_report r
                        WHERE {live} AND r.status IN ('done', 'done_late')),
        last_period_end = (SELECT MAX(r.period_end) FROM progress_report r WHERE {live}),
        last_status = (SELECT r.status FROM progress_report r WHERE {live}
                       ORDER BY r.period_end DESC, r.submitted_at DESC LIMIT 1)""")
    pred = "(SELECT p.{0} FROM assignment p WHERE p.id = assignment.predecessor_id)"
    for _ in range(4):  # successors inherit completion and period from their predecessors (chains are short)
        op.execute(f"""UPDATE assignment SET
            completed_on = CASE WHEN {pred.format("completed_on")} IS NULL THEN completed_on
                                WHEN completed_on IS NULL OR {pred.format("completed_on")} < completed_on
                                THEN {pred.format("completed_on")} ELSE completed_on END,
            last_period_end = CASE WHEN {pred.format("last_period_end")} IS NULL THEN last_period_end
                                   WHEN last_period_end IS NULL OR {pred.format("last_period_end")} > last_period_end
                                   THEN {pred.format("last_period_end")} ELSE last_period_end END
            WHERE predecessor_id IS NOT NULL""")
    op.execute("""UPDATE task SET completed_on = (
        SELECT CASE WHEN COUNT(*) > 0 AND COUNT(a.completed_on) = COUNT(*) THEN MAX(a.completed_on) END
        FROM assignment a WHERE a.task_id = task.id AND a.role = 'lead' AND a.valid_to IS NULL)""")


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("completed_on")

    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("last_period_end")
        batch_op.drop_column("last_status")
        batch_op.drop_column("completed_on")

