"""File downloads of tables: CSV (Indonesian Excel reads `;` and decimal commas) or XLSX."""
from __future__ import annotations

from collections.abc import Sequence

from flask import Response
from flask_babel import get_locale

from portal.domain.exports import Table, safe_filename, to_csv, to_xlsx

FORMATS = ("csv", "xlsx")
_TYPES = {"csv": "text/csv; charset=utf-8",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(tables: Table | Sequence[Table], fmt: str, name: str) -> Response:
    """The tables as an attachment; ``fmt`` must be one of FORMATS (the route checks it)."""
    if fmt == "xlsx":
        body = to_xlsx(tables)
    else:
        body = to_csv(tables, decimal_comma=str(get_locale()) == "id")
    response = Response(body, mimetype=_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_filename(name, fmt)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
