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


# Each table's own key to its snapshot, and the columns that become part of it.
KEYED = (('report_score', ('cycle_id', 'unit_id'), ('cycle', 'unit')),
         ('recommendation', ('cycle_id', 'subject_id'), ('cycle', 'employee')))


def _old_key(batch_op, table: str, column: str, referred: str) -> None:
    batch_op.create_foreign_key(batch_op.f(f'fk_{table}_{column}_{referred}'), referred, [column], ['id'],
                                ondelete='CASCADE' if referred in ('cycle', 'report_snapshot') else None)


def upgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        for _table, columns, _referred in KEYED:
            batch_op.create_unique_constraint(batch_op.f(f"uq_report_snapshot_id_{'_'.join(columns)}"),
                                              ['id', *columns])
    for table, columns, referred in KEYED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, other in (*zip(columns, referred), ('snapshot_id', 'report_snapshot')):
                batch_op.drop_constraint(batch_op.f(f'fk_{table}_{column}_{other}'), type_='foreignkey')
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_snapshot_id_report_snapshot'), 'report_snapshot',
                                        ['snapshot_id', *columns], ['id', *columns], ondelete='CASCADE')


def downgrade():
    for table, columns, referred in reversed(KEYED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_snapshot_id_report_snapshot'), type_='foreignkey')
            for column, other in (('snapshot_id', 'report_snapshot'), *reversed(tuple(zip(columns, referred)))):
                _old_key(batch_op, table, column, other)
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        for _table, columns, _referred in reversed(KEYED):
            batch_op.drop_constraint(batch_op.f(f"uq_report_snapshot_id_{'_'.join(columns)}"), type_='unique')
