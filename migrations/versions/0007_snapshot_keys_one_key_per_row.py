"""snapshot keys: a score's and a recommendation's cycle, unit and employee are checked with their snapshot's key

Revision ID: 0007_snapshot_keys
Revises: 0006_unit_name
Create Date: 2026-12-03 11:00:00

A close writes some 440,000 scores and recommendations for 10,000 employees; on PostgreSQL every foreign key
is a lookup per row. Their cycle, unit and employee are their snapshot's, so one composite key to the
snapshot checks all of them (and keeps them consistent): seven keys become two.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_snapshot_keys'
down_revision = '0006_unit_name'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_report_snapshot_id_cycle_id_subject_id'),
                                          ['id', 'cycle_id', 'subject_id'])
        batch_op.create_unique_constraint(batch_op.f('uq_report_snapshot_id_cycle_id_unit_id'),
                                          ['id', 'cycle_id', 'unit_id'])
    with op.batch_alter_table('report_score', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_score_cycle_id_cycle'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_report_score_unit_id_unit'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_report_score_snapshot_id_report_snapshot'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_report_score_snapshot_id_report_snapshot'), 'report_snapshot',
                                    ['snapshot_id', 'cycle_id', 'unit_id'], ['id', 'cycle_id', 'unit_id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recommendation_cycle_id_cycle'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_recommendation_subject_id_employee'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_recommendation_snapshot_id_report_snapshot'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_snapshot_id_report_snapshot'), 'report_snapshot',
                                    ['snapshot_id', 'cycle_id', 'subject_id'], ['id', 'cycle_id', 'subject_id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recommendation_snapshot_id_report_snapshot'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_snapshot_id_report_snapshot'), 'report_snapshot',
                                    ['snapshot_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_subject_id_employee'), 'employee',
                                    ['subject_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_cycle_id_cycle'), 'cycle', ['cycle_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('report_score', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_score_snapshot_id_report_snapshot'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_report_score_snapshot_id_report_snapshot'), 'report_snapshot',
                                    ['snapshot_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_report_score_unit_id_unit'), 'unit', ['unit_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_report_score_cycle_id_cycle'), 'cycle', ['cycle_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_report_snapshot_id_cycle_id_unit_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_report_snapshot_id_cycle_id_subject_id'), type_='unique')
