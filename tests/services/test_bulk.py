"""Bulk inserts (COPY on PostgreSQL, written as one block of COPY text) read back exactly as given, on both
databases, whatever the text holds."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Cycle, UnitScore
from portal.services import bulk
from tests import factories

TRICKY = ["tab\there", "line\nbreak", "cr\rhere", "back\\slash", "\\N", "\\.", "\\t literally", "Dinas — Ambon ✓",
          "", "trailing\\"]


def _inserted_and_read(model, rows: list[dict], order) -> list[dict]:
    bulk.insert_rows(model, rows, core=True)
    columns = list(rows[0])
    stored = db.session.execute(select(*[getattr(model, c) for c in columns]).order_by(order)).all()
    return [dict(zip(columns, row)) for row in stored]


def test_rows_of_every_kind_read_back_as_written(org):
    framework = factories.small_framework()
    db.session.flush()
    rows = [{"name": f"{n} " + TRICKY[n % len(TRICKY)], "period_start": date(2026, 1, 1 + n % 28),
             "period_end": date(2026, 6, 30), "framework_id": framework.id, "state": "draft",
             "nomination_deadline": None if n % 3 else date(2026, 2, 1), "feedback_deadline": date(2026, 3, 31),
             "min_group_size": 3 + n % 2, "comment_min_group_size": 4, "peer_min": 3, "peer_max": 8, "peer_cap": 10,
             "direct_reports_rate": n % 2 == 0, "created_at": datetime(2026, 1, 2, 3, 4, 5, n % 1000)}
            for n in range(bulk.COPY_FROM + 100)]
    assert _inserted_and_read(Cycle, rows, Cycle.id) == rows


def test_figures_and_missing_values_read_back_as_written(org):
    cycle = factories.cycle([org.unit])
    db.session.flush()
    rows = [{"cycle_id": cycle.id, "unit_id": org.unit.id, "unit_name": TRICKY[n % len(TRICKY)],
             "competency_code": f"C.{n}", "competency_name": f"Nama\t{n}", "subjects": n,
             "score": None if n % 4 == 0 else Decimal(n % 500) / 100, "below": None if n % 4 == 0 else n % 7}
            for n in range(bulk.COPY_FROM + 100)]
    assert _inserted_and_read(UnitScore, rows, UnitScore.subjects) == rows


def test_a_value_of_another_kind_is_left_to_the_driver(org):
    cycle = factories.cycle([org.unit])
    db.session.flush()
    rows = [{"cycle_id": cycle.id, "unit_id": org.unit.id, "unit_name": "Unit", "competency_code": f"F.{n}",
             "competency_name": "Nama", "subjects": n, "score": 2.5, "below": 1}  # a float: not written as text
            for n in range(bulk.COPY_FROM + 1)]
    bulk.insert_rows(UnitScore, rows, core=True)
    scores = db.session.scalars(select(UnitScore.score).where(UnitScore.cycle_id == cycle.id)).all()
    assert len(scores) == len(rows) and set(scores) == {Decimal("2.50")}


def test_in_order_gives_results_in_order_with_at_most_workers_plus_one_given_out():
    from concurrent.futures import Future

    class Recording:
        """Runs each call at once, and notes how many were given out and not yet taken back at each submit."""

        def __init__(self):
            self.out, self.seen = 0, []

        def submit(self, function, *args):
            self.out += 1
            self.seen.append(self.out)
            done = Future()
            done.set_result(function(*args))
            return done

    executor = Recording()
    results = []
    for result in bulk.in_order(executor, ((lambda n: n * n, n) for n in range(20)), 2):
        executor.out -= 1
        results.append(result)
    assert results == [n * n for n in range(20)]
    assert max(executor.seen) == 3 and executor.seen[:3] == [1, 2, 3]
