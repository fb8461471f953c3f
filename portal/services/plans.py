"""Development plans: the employee's own items (goal, action, training, JP, target date, status) and the
supervisor's comments on them."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from portal.domain import recommendations as rules
from portal.domain.roles import HR_ADMIN
from portal.extensions import db
from portal.models import Employee, PlanComment, PlanItem, ReportSnapshot, Training, User
from portal.services import audit

COMMENT_MAX = 1000


# Built once (the report page shows both; see reports._snapshot_query).
@cache
def _items_query():
    return (select(PlanItem).options(selectinload(PlanItem.comments).joinedload(PlanComment.author),
                                     selectinload(PlanItem.training))
            .where(PlanItem.employee_id == bindparam("employee_id"))
            .order_by(PlanItem.target_date, PlanItem.id))


def items_for(employee_id: int) -> list[PlanItem]:
    return list(db.session.scalars(_items_query(), {"employee_id": employee_id}))


@dataclass(frozen=True)
class PlanLine:
    """A plan item as the report page lists it."""

    goal: str
    status: str
    target_date: date
    jp: int | None


def lines_part():
    """The employee's (``employee_id``) plan items as the report page lists them, in the order of ``items_for``:
    the select and its order, for ``portal.rows.Parts`` (the report page reads them with its other rows)."""
    return (select(PlanItem.goal, PlanItem.status, PlanItem.target_date, PlanItem.jp)
            .where(PlanItem.employee_id == bindparam("employee_id")), (PlanItem.target_date, PlanItem.id))


def year_plan(items: Sequence[PlanItem | PlanLine], year: int) -> rules.JpPlan:
    """JP totals of the ``items`` (an employee's, from ``items_for`` or ``lines_part``) whose target date falls
    in ``year``."""
    return rules.jp_plan([(item.jp or 0, item.status) for item in items
                          if item.target_date is not None and item.target_date.year == year])


def get(item_id: int) -> PlanItem | None:
    return db.session.get(PlanItem, item_id)


def may_read(user: User, employee: Employee) -> bool:
    me = user.employee
    return HR_ADMIN in user.roles or (me is not None and (me.id == employee.id or employee.supervisor_id == me.id))


def may_comment(user: User, employee: Employee) -> bool:
    """The employee and their direct supervisor talk about the plan; HR reads it."""
    me = user.employee
    return me is not None and (me.id == employee.id or employee.supervisor_id == me.id)


def _values(values: dict, today: date) -> dict[str, str]:
    problems = rules.plan_item_problems(values.get("goal", ""), values.get("action", ""), values.get("target_date"),
                                        today, values.get("jp"))
    if values.get("status", rules.PLANNED) not in rules.PLAN_STATUSES:
        problems["status"] = rules.N_("Pilih status dari daftar.")
    training_id = values.get("training_id")
    if training_id and db.session.get(Training, training_id) is None:
        problems["training_id"] = rules.N_("Pelatihan ini tidak ada di katalog.")
    return problems


def save(employee: Employee, item: PlanItem | None, values: dict, actor: User, today: date
         ) -> tuple[PlanItem | None, dict[str, str]]:
    """Add or change one plan item of ``employee``; returns (item, problems). Commits when there are none.

    A target date already in the past is accepted when it did not change, so an old item can be closed."""
    check_today = today
    if item is not None and values.get("target_date") == item.target_date:
        check_today = min(today, item.target_date)
    problems = _values(values, check_today)
    if problems:
        return None, problems
    training = db.session.get(Training, values["training_id"]) if values.get("training_id") else None
    is_new = item is None
    if is_new:
        snapshot_id = values.get("snapshot_id")
        if snapshot_id is not None and db.session.scalar(select(ReportSnapshot.subject_id).where(
                ReportSnapshot.id == snapshot_id)) != employee.id:
            snapshot_id = None
        item = PlanItem(employee_id=employee.id, snapshot_id=snapshot_id)
        db.session.add(item)
    item.competency_code = values.get("competency_code", "") or ""
    item.goal = values["goal"].strip()
    item.action = values["action"].strip()
    item.training_id = training.id if training else None
    item.jp = values.get("jp") or (training.jp if training else None)
    item.target_date = values["target_date"]
    item.status = values.get("status") or rules.PLANNED
    db.session.flush()
    audit.record(actor, "plan.created" if is_new else "plan.edited", f"plan_item:{item.id}", status=item.status)
    db.session.commit()
    return item, {}


def add_comment(item: PlanItem, author: Employee, text: str) -> str | None:
    """Add a comment; returns a problem message instead when the text is empty or too long. Commits."""
    text = text.strip()
    if not text:
        return rules.N_("Tulis komentar terlebih dahulu.")
    if len(text) > COMMENT_MAX:
        return rules.N_("Komentar paling banyak 1.000 karakter.")
    db.session.add(PlanComment(plan_item_id=item.id, author_id=author.id, text=text))
    db.session.commit()
    return None
