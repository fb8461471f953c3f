"""The catalogue's revision (portal.models.CatalogueRevision): raised by the database itself whenever a training's
description as reports show it changes or a training goes, whoever makes the change; not by anything else."""
from __future__ import annotations

from sqlalchemy import delete, insert, text

from portal.extensions import db
from portal.models import CatalogueRevision, Training
from portal.services import trainings


def _training(code: str = "UJI.01") -> Training:
    item = Training(code=code, title="Pelatihan Uji", provider="BPSDM", form="klasikal", kind="pelatihan_teknis",
                    jp=8, level=2)
    db.session.add(item)
    db.session.commit()
    return item


def test_a_changed_description_raises_the_revision_from_the_portal_or_from_sql(app):
    assert trainings.revision() == 0  # no change yet: no row
    item = _training()
    assert trainings.revision() == 0  # a new training changes no report
    item.title = "Pelatihan Uji Baru"
    db.session.commit()
    assert trainings.revision() == 1
    db.session.execute(text("UPDATE training SET jp = 12 WHERE code = 'UJI.01'"))  # outside the portal's code
    db.session.commit()
    assert trainings.revision() == 2
    for column, value in (("code", "'UJI.02'"), ("provider", "'LAN'"), ("form", "'nonklasikal'"), ("level", "3")):
        db.session.execute(text(f"UPDATE training SET {column} = {value} WHERE id = {item.id}"))  # nosec B608
        db.session.commit()
    assert trainings.revision() == 6


def test_what_reports_do_not_show_leaves_the_revision(app):
    item = _training()
    item.description = "Deskripsi baru"
    item.active = False
    db.session.commit()
    trainings.seed_catalogue()
    db.session.commit()
    assert trainings.revision() == 0


def test_a_training_removed_raises_it_and_an_emptied_table_starts_again(app):
    item = _training()
    db.session.execute(delete(Training).where(Training.id == item.id))
    db.session.commit()
    assert trainings.revision() == 1
    db.session.execute(delete(CatalogueRevision))
    db.session.commit()
    assert trainings.revision() == 0
    db.session.execute(insert(Training).values(code="UJI.03", title="T", provider="P", form="klasikal",
                                               kind="pelatihan_teknis", jp=2, level=1, description="",
                                               active=True))
    db.session.execute(text("UPDATE training SET title = 'T2' WHERE code = 'UJI.03'"))
    db.session.commit()
    assert trainings.revision() == 1
