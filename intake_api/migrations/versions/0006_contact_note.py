"""When or how a resident wants to be contacted: the complainant's contact note

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00.000000
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_note', sa.String(length=500), nullable=True))

    # A note already in the complainant's details (kept there through a downgrade) is
    # the column's value again, so upgrade after downgrade loses nothing.
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, complainant FROM cases WHERE CAST(complainant AS TEXT) LIKE '%contact_note%'"
    )).all()
    for case_id, complainant in rows:
        if isinstance(complainant, str):
            complainant = json.loads(complainant)
        note = (complainant or {}).get('contact_note')
        if isinstance(note, str) and note.strip():
            conn.execute(sa.text("UPDATE cases SET contact_note = :note WHERE id = :id"),
                         {"note": note.strip()[:500], "id": case_id})


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('contact_note')
