"""growth scenarios: a plan's GRDP growth scenario files, every upload kept

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'growth_scenario',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_growth_scenario_plan_id_plan'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_growth_scenario')),
    )
    op.create_index(op.f('ix_growth_scenario_plan_id'), 'growth_scenario', ['plan_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_growth_scenario_plan_id'), table_name='growth_scenario')
    op.drop_table('growth_scenario')
