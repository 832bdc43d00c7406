"""staff sessions held server-side, shared throttle counters, first-login password change

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per signed-in browser. The cookie carries a random token; the row is keyed
    # by its SHA-256, so a copy of the table cannot be replayed as cookies.
    op.create_table('staff_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_staff_sessions_user', ['user_id'], unique=False)
        batch_op.create_index('ix_staff_sessions_expires', ['expires_at'], unique=False)

    # Rate-limit and login-throttle counters when no Redis is configured (fixed windows;
    # the key is a hash of limit, subject and window, never an address in clear).
    op.create_table('throttle_counters',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('throttle_counters', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_counters_expires', ['expires_at'], unique=False)

    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()
        ))


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    with op.batch_alter_table('throttle_counters', schema=None) as batch_op:
        batch_op.drop_index('ix_throttle_counters_expires')
    op.drop_table('throttle_counters')
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_sessions_expires')
        batch_op.drop_index('ix_staff_sessions_user')
    op.drop_table('staff_sessions')
