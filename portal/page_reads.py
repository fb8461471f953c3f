"""A page's reads done in the signed-in account's statement.

On PostgreSQL every statement costs a round trip and the driver's and the server's work for it; under load the
account's statement alone took about a tenth of a report page's throughput. The account is read before any view
runs (the password's age and the roles are checked first), so a page whose reads follow from its address
registers them (``with_account``): a reading request for it reads the account and them in one statement
(``portal.rows.PageReads.read_after``), and its view gets them from ``PageReads.read`` without a statement.

What is read for a request that is refused before its view (the roles, the password's age) is never shown:
the view and its checks decide, as they do without this."""
from __future__ import annotations

from collections.abc import Callable

from flask import request

from portal.database import reading
from portal.rows import PageReads

_PAGES: dict[str, Callable[[dict], PageReads | None]] = {}


def with_account(endpoint: str):
    """Register ``make(view_args) -> PageReads | None``: what the page ``endpoint`` reads on every request."""
    def register(make: Callable[[dict], PageReads | None]):
        _PAGES[endpoint] = make
        return make
    return register


def for_request() -> PageReads | None:
    """What this reading request's page registered to read, if it did."""
    make = _PAGES.get(request.endpoint) if reading() else None
    return None if make is None or request.view_args is None else make(request.view_args)
