"""API key scopes, and who filed each case (for keys that may read only their own)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL scopes: the key may use every /api/v1 operation (keys made before scopes existed).
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scopes', sa.String(length=500), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filed_by', sa.String(length=120), nullable=True))
        batch_op.create_index('ix_cases_filed_by', ['filed_by'], unique=False)
    # Cases filed before: who filed them is on their "created" event.
    op.execute(
        "UPDATE cases SET filed_by = (SELECT e.actor FROM case_events e WHERE e.case_id = cases.id "
        "AND e.type = 'created' ORDER BY e.id LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_filed_by')
        batch_op.drop_column('filed_by')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_column('scopes')
