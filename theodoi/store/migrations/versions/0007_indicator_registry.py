"""indicator registry: the plans' targets followed with figures, each with its vintage and source

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'indicator',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('unit', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('comparator', sa.String(length=2), nullable=False),
        sa.Column('target', sa.Float(), nullable=False),
        sa.Column('baseline', sa.Float(), nullable=True),
        sa.Column('period', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_indicator_plan_id_plan'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['target_id'], ['plan_target.id'], name=op.f('fk_indicator_target_id_plan_target'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    )
    op.create_index(op.f('ix_indicator_plan_id'), 'indicator', ['plan_id'], unique=False)
    op.create_table(
        'indicator_value',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=12), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('vintage', sa.String(length=12), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_value_indicator_id_indicator'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    )
    op.create_index('ix_indicator_value_indicator_period', 'indicator_value', ['indicator_id', 'period'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_indicator_value_indicator_period', table_name='indicator_value')
    op.drop_table('indicator_value')
    op.drop_index(op.f('ix_indicator_plan_id'), table_name='indicator')
    op.drop_table('indicator')
