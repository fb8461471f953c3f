"""`flask generate-data`: a realistic synthetic organisation for benchmarks (both backends; on PostgreSQL
the larger tables go in with COPY)."""
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (Answer, Assignment, Cycle, Employee, PublicAnswer, Receipt, ReportSnapshot, Response,
                           User)
from portal.services import cycles, generator
from portal.services.generator import PASSWORD


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_generated_organisation_has_answered_and_open_cycles_that_close(app, runner):
    steps = []
    made = generator.generate(60, progress=lambda step, done, total: steps.append((step, done, total)))
    assert made.employees == 60 and made.password == PASSWORD
    assert count(Employee) == 60 and count(User) == 60
    assert ("organisation", 60, 60) in steps, "progress is reported"

    answered, open_cycle = db.session.get(Cycle, made.answered_cycle_id), db.session.get(Cycle, made.open_cycle_id)
    peers = db.session.execute(select(Assignment.subject_id, func.count()).where(
        Assignment.cycle_id == answered.id, Assignment.source == "peer").group_by(Assignment.subject_id)).all()
    assert len(peers) == 60 and all(3 <= n <= 8 for _subject, n in peers)
    assert count(Assignment, Assignment.cycle_id == answered.id, Assignment.source == "self") == 60
    assert count(Receipt) == count(Assignment, Assignment.cycle_id == answered.id)
    assert count(Response, Response.source == "peer", Response.rater_id.is_not(None)) == 0, "peers stay anonymous"
    assert count(Answer) > 1000 and count(PublicAnswer) > 0
    assert count(Assignment, Assignment.cycle_id == open_cycle.id, Assignment.state == "active") > 0

    assert cycles.transition(answered.id, "closed", None, True, date.today()) == []
    assert count(ReportSnapshot, ReportSnapshot.cycle_id == answered.id) == 60


def test_the_command_shows_progress_and_the_password(runner, app):
    result = runner.invoke(args=["generate-data", "--employees", "20"])
    assert result.exit_code == 0, result.output
    assert "20 pegawai dibuat" in result.output and PASSWORD in result.output
    assert db.session.scalar(select(func.count()).select_from(Employee)) == 20
