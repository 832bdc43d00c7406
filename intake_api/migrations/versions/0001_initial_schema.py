"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-30 09:12:31.449548
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash'),
    sa.UniqueConstraint('name')
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('conversation_id', sa.String(length=200), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('nation', sa.String(length=24), nullable=False),
    sa.Column('policy', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('complainant', sa.JSON(), nullable=False),
    sa.Column('complainant_name', sa.String(length=200), nullable=True),
    sa.Column('representative', sa.JSON(), nullable=True),
    sa.Column('consent_status', sa.String(length=16), nullable=True),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('definition_confirmed', sa.Boolean(), nullable=False),
    sa.Column('service_request', sa.JSON(), nullable=True),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('linked_references', sa.JSON(), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('vulnerability', sa.Boolean(), nullable=False),
    sa.Column('reasonable_adjustments', sa.Text(), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('prior_report', sa.Boolean(), nullable=False),
    sa.Column('asked_for_person', sa.Boolean(), nullable=False),
    sa.Column('possible_exclusion', sa.Boolean(), nullable=False),
    sa.Column('exclusion_reason', sa.Text(), nullable=True),
    sa.Column('handler_stage_1', sa.String(length=100), nullable=True),
    sa.Column('handler_stage_2', sa.String(length=100), nullable=True),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('sla_state', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_complainant_name', ['complainant_name'], unique=False)
        batch_op.create_index('ix_cases_conversation', ['conversation_id'], unique=False)
        batch_op.create_index('ix_cases_queue', ['status', 'next_due', 'id'], unique=False)
        batch_op.create_index(
            'ix_cases_open_by_due', ['next_due', 'id'], unique=False,
            postgresql_where=sa.text("status IN ('open', 'acknowledged', 'responded')"),
            sqlite_where=sa.text("status IN ('open', 'acknowledged', 'responded')"),
        )

    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year')
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_case', ['case_id', 'id'], unique=False)

    op.create_table('clocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=16), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('projected', sa.Boolean(), nullable=False),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('nation', sa.String(length=24), nullable=False),
    sa.Column('calendar_version', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('at_risk_notified', sa.Boolean(), nullable=False),
    sa.Column('breach_notified', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'stage', 'name', name='uq_clock_case_stage_name')
    )
    with op.batch_alter_table('clocks', schema=None) as batch_op:
        batch_op.create_index('ix_clocks_open_due', ['completed_at', 'cancelled', 'due'], unique=False)

    op.create_table('idempotency_keys',
    sa.Column('client', sa.String(length=120), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('client', 'key')
    )


    _append_only_triggers()



# Code 5.12 / QA Framework 6.1: the audit trail cannot be edited, not even by SQL.
def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'case_events is append-only';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events "
            "FOR EACH ROW EXECUTE FUNCTION case_events_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER case_events_no_{action.lower()} BEFORE {action} ON case_events "
                "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END"
            )

def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
        op.execute("DROP FUNCTION IF EXISTS case_events_append_only()")
    op.drop_table('idempotency_keys')
    with op.batch_alter_table('clocks', schema=None) as batch_op:
        batch_op.drop_index('ix_clocks_open_due')

    op.drop_table('clocks')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_case')

    op.drop_table('case_events')
    op.drop_table('staff_users')
    op.drop_table('reference_counters')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_queue')
        batch_op.drop_index('ix_cases_open_by_due')
        batch_op.drop_index('ix_cases_conversation')
        batch_op.drop_index('ix_cases_complainant_name')

    op.drop_table('cases')
    op.drop_table('api_keys')
