"""The pager links to the next and previous page of the page it is on, path values and filters included."""
import pytest
from flask import render_template_string

from portal.services.org import Page

PAGER = '{% from "_macros/forms.html" import pager %}{{ pager(result, endpoint) }}'


@pytest.mark.parametrize("endpoint, path", [
    ("trainers.recommended", "/trainers/trainings/5"),
    ("admin.cycle", "/admin/cycles/7"),
    ("admin.public_service", "/admin/services/9"),
    ("trainers.skill_gaps", "/trainers/"),
])
def test_pages_of_a_page_with_path_values(app, endpoint, path):
    with app.test_request_context(f"{path}?cycle=3&page=2"):
        html = render_template_string(PAGER, result=Page([], 2, 10, 35), endpoint=endpoint)
    assert f'href="{path}?cycle=3&amp;page=1" rel="prev"' in html
    assert f'href="{path}?cycle=3&amp;page=3" rel="next"' in html
