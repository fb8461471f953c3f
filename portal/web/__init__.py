"""Small shared web helpers: page-or-fragment rendering, role checks, safe redirects, paging."""
from portal.web.access import roles_required
from portal.web.render import htmx_redirect, is_fragment_request, refuse, render_page, safe_next_url

__all__ = ["htmx_redirect", "is_fragment_request", "refuse", "render_page", "roles_required", "safe_next_url"]
