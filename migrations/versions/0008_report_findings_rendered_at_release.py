"""report findings: each report's findings as rendered when its reports were released, for its first view

Revision ID: 0008_report_findings
Revises: 0007_snapshot_keys
Create Date: 2026-12-04 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_report_findings'
down_revision = '0007_snapshot_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_findings',
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('markup', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['report_snapshot.id'],
                            name=op.f('fk_report_findings_snapshot_id_report_snapshot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('snapshot_id', 'locale', name=op.f('pk_report_findings'))
    )


def downgrade():
    op.drop_table('report_findings')
