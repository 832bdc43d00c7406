"""Awaab's Law hazard clocks: a case's hazard class, awareness and tenure; one row per hazard clock

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:50:00.000000
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OPEN = "status IN ('open', 'acknowledged', 'responded')"


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        # NULL tenure: not recorded (treated as a social tenancy, docs/hazards.md).
        batch_op.add_column(sa.Column('tenure', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('hazard_class', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('hazard_aware_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hazard_state', sa.String(length=16), nullable=True))
        # The soonest deadline as an instant, Code or hazard: the staff queue's order.
        batch_op.add_column(sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_cases_open_by_due_at', 'cases', ['next_due_at', 'id'], unique=False,
        postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN),
    )

    op.create_table('hazard_clocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('hazard_class', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nation', sa.String(length=24), nullable=False),
    sa.Column('calendar_version', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('at_risk_notified', sa.Boolean(), nullable=False),
    sa.Column('breach_notified', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'name', name='uq_hazard_clock_case_name'),
    )
    op.create_index('ix_hazard_clocks_open_due', 'hazard_clocks', ['completed_at', 'due_at'], unique=False)

    # Cases filed before: their soonest deadline is the end of their next_due day in London.
    london = ZoneInfo("Europe/London")
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, next_due FROM cases WHERE next_due IS NOT NULL")).all()
    for case_id, next_due in rows:
        if isinstance(next_due, str):
            next_due = datetime.fromisoformat(next_due).date()
        end = datetime.combine(next_due + timedelta(days=1), time.min, london).astimezone(UTC)
        conn.execute(
            sa.text("UPDATE cases SET next_due_at = :at WHERE id = :id").bindparams(
                sa.bindparam("at", type_=sa.DateTime(timezone=True))
            ),
            {"at": end - timedelta(microseconds=1), "id": case_id},
        )


def downgrade() -> None:
    op.drop_index('ix_hazard_clocks_open_due', table_name='hazard_clocks')
    op.drop_table('hazard_clocks')
    op.drop_index('ix_cases_open_by_due_at', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('next_due_at')
        batch_op.drop_column('hazard_state')
        batch_op.drop_column('hazard_aware_at')
        batch_op.drop_column('hazard_class')
        batch_op.drop_column('tenure')
