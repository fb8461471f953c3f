"""catalogue revision: a number the database raises whenever a training's description as reports show it changes

Revision ID: 0009_catalogue_revision
Revises: 0008_report_findings
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_catalogue_revision'
down_revision = '0008_report_findings'
branch_labels = None
depends_on = None

_REVISED = ("INSERT INTO catalogue_revision (id, revision) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE SET revision = catalogue_revision.revision + 1")
_SHOWN_COLUMNS = "code, title, provider, form, jp, level"
TRIGGERS = {
    "postgresql": (
        f"CREATE OR REPLACE FUNCTION catalogue_revised() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {_REVISED}; RETURN NULL; END $$",
        f"CREATE TRIGGER training_revised AFTER UPDATE OF {_SHOWN_COLUMNS} OR DELETE ON training "
        f"FOR EACH STATEMENT EXECUTE FUNCTION catalogue_revised()",
    ),
    "sqlite": (
        f"CREATE TRIGGER training_revised AFTER UPDATE OF {_SHOWN_COLUMNS} ON training BEGIN {_REVISED}; END",
        f"CREATE TRIGGER training_removed AFTER DELETE ON training BEGIN {_REVISED}; END",
    ),
}
DROPS = {
    "postgresql": ("DROP TRIGGER IF EXISTS training_revised ON training",
                   "DROP FUNCTION IF EXISTS catalogue_revised()"),
    "sqlite": ("DROP TRIGGER IF EXISTS training_revised", "DROP TRIGGER IF EXISTS training_removed"),
}


def upgrade():
    op.create_table('catalogue_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_revision'))
    )
    for statement in TRIGGERS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade():
    for statement in DROPS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    op.drop_table('catalogue_revision')
