"""Hypothesis-driven fuzzing of every form: any field values, posted by a user allowed to use the route,
never give a server error. Routes are read from the URL map, so a new form is fuzzed without a new test."""
import re

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Browser
from tests.web.test_access_matrix import ACCESS, ANON, EMPLOYEE, HR, SUPERVISOR, TRAINER, _arguments, world

# Field names the portal's forms use, gathered from the rendered pages plus a few that no page offers.
EXTRA_FIELDS = ["target", "confirm", "decision", "candidate_id", "hide", "reason", "lang", "next", "stamp", "website",
                "officer", "page", "q", "status", "jp", "training_id", "competency_code", "text", "users"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1", "3", "99999999999999999999", "na", "2026-02-30", "2026-13-01", "<script>",
                     "=1+1", "' OR 1=1 --", "\x00", "y", "on", "released", "closed", "nominating", "approve"]),
)


def _post_routes(app):
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and rule.endpoint != "auth.logout"]
    return [(rule.endpoint, rule) for rule in sorted(rules, key=lambda rule: (rule.endpoint, rule.rule))]


def _who(endpoint: str) -> str | None:
    for role in (HR, SUPERVISOR, TRAINER, EMPLOYEE):
        if role in ACCESS[endpoint]:
            return role
    return ANON if ANON in ACCESS[endpoint] else None


@pytest.mark.slow
def test_no_form_gives_a_server_error_whatever_is_posted(app, client, org):
    objects = world(org)
    app.config["WTF_CSRF_ENABLED"] = False
    people = {EMPLOYEE: org.reports[0], SUPERVISOR: org.supervisor, TRAINER: org.trainer, HR: org.hr}
    browser = Browser(client)
    with app.test_request_context():
        targets = [(endpoint, url_for(endpoint, **_arguments(rule, endpoint, objects)), _who(endpoint))
                   for endpoint, rule in _post_routes(app)]
    fields = set(EXTRA_FIELDS)
    browser.login(org.hr.nip)
    for path in ("/admin/cycles/new", "/admin/employees/new", "/trainers/catalogue/new", "/admin/services/new",
                 "/reports/plan/new", f"/s/{objects['token']}"):
        fields |= set(re.findall(r'name="([\w-]+)"', browser.get(path).get_data(as_text=True)))
    fields.discard("csrf_token")
    failures = []

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(form=st.dictionaries(st.sampled_from(sorted(fields)), VALUES, max_size=8))
    def post(form, path, who, endpoint):
        client.delete_cookie("session")
        if who not in (None, ANON):
            browser.login(people[who].nip)
        response = client.post(path, data=form)
        if response.status_code >= 500:
            failures.append(f"{endpoint} {path} {form!r}: {response.status_code}")

    for endpoint, path, who in targets:
        post(path=path, who=who, endpoint=endpoint)
    assert failures == []
