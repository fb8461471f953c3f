"""Every route in the URL map, as every role and as an anonymous visitor, against an explicit table.

A route missing from ACCESS fails the test, so a new page cannot ship without deciding who may open it.
CSRF is switched off here (it is tested elsewhere) so that POST routes reach their role checks.
"""
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.models import Assignment, PlanItem, PublicAnswer, PublicService, Training
from portal.services import cycles, trainings
from tests import factories
from tests.conftest import Browser

ANON, EMPLOYEE, SUPERVISOR, TRAINER, HR = "anonymous", "employee", "supervisor", "trainer", "hr"
SIGNED_IN = {EMPLOYEE, SUPERVISOR, TRAINER, HR}
PUBLIC = SIGNED_IN | {ANON}
NOBODY: set[str] = set()  # object-level: only the owner (not among the roles here) may use it

# Who may use each endpoint, for the objects built in ``world`` (the subject is reports[0], whose
# supervisor is the "supervisor"; the "employee" is reports[1], a colleague).
ACCESS = {
    "static": PUBLIC, "home.health": PUBLIC, "auth.login": PUBLIC, "home.set_language": PUBLIC,
    "public.survey": PUBLIC, "public.submit": PUBLIC, "public.thanks": PUBLIC,
    "home.index": SIGNED_IN, "auth.logout": SIGNED_IN, "auth.change_password": SIGNED_IN,
    "self_review.tasks": SIGNED_IN, "peers.nominations": SIGNED_IN, "peers.nominate": SIGNED_IN,
    "reports.mine": SIGNED_IN, "reports.plan": SIGNED_IN, "reports.new_plan_item": SIGNED_IN,
    "peers.withdraw": NOBODY, "reports.plan_item": NOBODY,
    "self_review.survey": {SUPERVISOR}, "self_review.save_draft": {SUPERVISOR}, "self_review.submit": {SUPERVISOR},
    "supervisors.team": {SUPERVISOR}, "reports.team": {SUPERVISOR}, "reports.comment": {SUPERVISOR},
    "supervisors.member": {SUPERVISOR, HR}, "supervisors.add_peer": {SUPERVISOR, HR},
    "supervisors.decide": {SUPERVISOR, HR},
    "reports.report": {SUPERVISOR, HR}, "reports.report_json": {SUPERVISOR, HR}, "reports.plan_of": {SUPERVISOR, HR},
    "reports.everyone": {HR},
    **{f"trainers.{name}": {TRAINER, HR} for name in (
        "skill_gaps", "export_matrix", "recommended", "export_recommended", "catalogue", "new_training",
        "edit_training", "seed_catalogue")},
    **{f"admin.{name}": {HR} for name in (
        "index", "units", "employees", "new_employee", "edit_employee", "reset_password", "import_employees",
        "cycles", "new_cycle", "cycle", "edit_cycle", "cycle_progress", "transition", "reminders", "outbox",
        "frameworks", "framework", "competency", "move_competency", "public_services", "new_public_service",
        "edit_public_service", "public_service", "service_population", "service_poster",
        "export_public_service", "suggestion_visibility")},
}


def world(org) -> dict:
    """A released cycle with reports, a running one with a peer nomination, a service, a plan item."""
    trainings.seed_catalogue()
    subject = org.reports[0]
    peers = factories.colleagues(org, 3)
    released = factories.running_cycle(org, peers={subject: peers})
    for peer in peers:
        factories.answer(released, subject, peer, "peer", "2")
    hr = factories.hr_user(org)
    assert cycles.transition(released.id, "closed", hr, True, date(2026, 4, 1)) == []
    assert cycles.transition(released.id, "released", hr, True, date(2026, 4, 1)) == []
    running = factories.running_cycle(org, peers={subject: peers[:1]}, name="Semester II 2026",
                                      framework=released.framework, state="nominating")
    service = PublicService(unit_id=org.unit.id, name="Loket uji")
    db.session.add(service)
    db.session.flush()
    answer = PublicAnswer(service_id=service.id, year=2026, semester=1, submitted_on=date(2026, 3, 1),
                          **{f"u{n}": 3 for n in range(1, 10)}, suggestion="Bagus")
    item = PlanItem(employee_id=subject.id, goal="Tujuan", action="Kegiatan", target_date=date(2030, 1, 1))
    db.session.add_all([answer, item])
    db.session.commit()
    nomination = db.session.scalar(select(Assignment).where(Assignment.cycle_id == running.id,
                                                            Assignment.source == "peer"))
    supervisor_task = db.session.scalar(select(Assignment).where(
        Assignment.cycle_id == running.id, Assignment.subject_id == subject.id, Assignment.source == "supervisor"))
    framework = released.framework
    return {
        "cycle_id": released.id, "subject_id": subject.id, "employee_id": subject.id, "framework_id": framework.id,
        "competency_id": framework.competencies[0].id, "service_id": service.id, "answer_id": answer.id,
        "training_id": db.session.scalar(select(Training.id).order_by(Training.id)), "item_id": item.id,
        "token": service.token, "filename": "css/portal.css", "fmt": "csv",
        "assignment_id": {"peers.withdraw": nomination.id, "supervisors.decide": nomination.id}.get, "running": running.id,
        "supervisor_task": supervisor_task.id,
    }


def _arguments(rule, endpoint: str, objects: dict) -> dict:
    values = {}
    for name in rule.arguments:
        if name == "assignment_id":
            values[name] = objects["assignment_id"](endpoint) or objects["supervisor_task"]
        elif name == "cycle_id" and endpoint.startswith(("supervisors.", "peers.", "admin.")):
            values[name] = objects["running"]
        else:
            values[name] = objects[name]
    return values


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add the new routes to ACCESS"
    assert set(ACCESS) - endpoints == set(), "remove routes that no longer exist from ACCESS"


ROLES = [ANON, EMPLOYEE, SUPERVISOR, TRAINER, HR]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_as_every_role(app, client, org, role):
    objects = world(org)
    app.config["WTF_CSRF_ENABLED"] = False
    person = {EMPLOYEE: org.reports[1], SUPERVISOR: org.supervisor, TRAINER: org.trainer, HR: org.hr}.get(role)
    browser = Browser(client)
    with app.test_request_context():
        routes = [(rule.endpoint, _method(rule), url_for(rule.endpoint, **_arguments(rule, rule.endpoint, objects)))
                  for rule in app.url_map.iter_rules()]
    wrong = []
    for endpoint, method, path in sorted(routes):
        if person is not None:
            client.delete_cookie("session")
            browser.login(person.nip)
        response = client.get(path) if method == "GET" else client.post(path, data={})
        status = response.status_code
        response.close()  # static files are streamed from disk
        allowed = role in ACCESS[endpoint]
        if status >= 500:
            wrong.append(f"{method} {path}: {status}")
        elif allowed and status in (401, 403):
            wrong.append(f"{method} {path}: {status}, but {role} may use it")
        elif not allowed and role == ANON and not (status == 302 and "/auth/login" in response.headers["Location"]):
            wrong.append(f"{method} {path}: {status}, expected a redirect to the login page")
        elif not allowed and role != ANON and status != 403:
            wrong.append(f"{method} {path}: {status}, expected 403 for {role}")
    assert wrong == []
