"""unit names in unit scores: the skill-gap rows keep the unit's name as at the close

Revision ID: 0006_unit_name
Revises: 0005_public
Create Date: 2026-12-01 14:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_unit_name'
down_revision = '0005_public'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unit_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_name', sa.String(length=200), nullable=True))
    # Rows of cycles closed before this revision take the unit's name of today.
    op.execute("UPDATE unit_score SET unit_name = (SELECT unit.name FROM unit WHERE unit.id = unit_score.unit_id)")
    with op.batch_alter_table('unit_score', schema=None) as batch_op:
        batch_op.alter_column('unit_name', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_index('ix_unit_score_cycle_competency')
        batch_op.create_index('ix_unit_score_cycle_competency_unit',
                              ['cycle_id', 'competency_code', 'unit_name', 'unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('unit_score', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_score_cycle_competency_unit')
        batch_op.create_index('ix_unit_score_cycle_competency', ['cycle_id', 'competency_code'], unique=False)
        batch_op.drop_column('unit_name')
