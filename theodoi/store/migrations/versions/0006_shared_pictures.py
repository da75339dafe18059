"""shared pictures: computed dashboards and lists kept for every server process

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'picture',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_picture_made_at', 'picture', ['made_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_picture_made_at', table_name='picture')
    op.drop_table('picture')
