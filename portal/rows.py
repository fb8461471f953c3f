"""Read-only stand-ins for ORM objects in requests that only read: a row's columns as attributes.

Loading an entity through the ORM costs about a quarter of a simple page (its row processors, identity map and
instance state); a GET cannot write anyway (``portal.database``), so what it shows can come from a query of
columns. Anything a stand-in does not have (a relationship it was not given, a method, a property) comes from
the ORM object, loaded then and once, so a page that needs more still gets the right answer."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from flask import g
from sqlalchemy import Integer, Select, cast, func, inspect, literal_column, null, or_, union_all


class Columns:
    """The columns of one ``model`` row as attributes, plus any related stand-ins the query gave it."""

    def __init__(self, model, values: dict, key: str = "id"):
        """``key`` names the primary key among ``values``."""
        self.__dict__.update(values)
        self.__dict__["_model"], self.__dict__["_key"] = model, key

    def __getattr__(self, name: str):  # only for names the row does not have
        if name.startswith("_"):
            raise AttributeError(name)
        entity = self.__dict__.get("_entity")
        if entity is None:
            from portal.extensions import db

            found = self.__dict__
            entity = found["_entity"] = db.session.get(found["_model"], found[found["_key"]])
        return getattr(entity, name)


class Shape:
    """Which columns of a model a query reads (``only`` these, or all but ``skip``), labelled ``prefix_<attribute>``
    when the query reads several models, and the stand-in class (``kind``) made of them. The primary key is always
    read. Reading fewer columns costs the driver less on every row (PostgreSQL's describes every column of every
    result); an attribute left out comes from the ORM object, loaded then, at the price of a query."""

    def __init__(self, model, prefix: str = "", skip: tuple[str, ...] = (), kind: type[Columns] = Columns,
                 only: tuple[str, ...] | None = None):
        self.model, self.kind = model, kind
        attributes = [a for a in inspect(model).column_attrs if a.key not in skip
                      and (only is None or a.key in only or a.columns[0].primary_key)]
        self.keys = [a.key for a in attributes]
        self.columns = [a.columns[0].label(f"{prefix}_{a.key}") if prefix else a.columns[0] for a in attributes]
        self._key = next(a.key for a in attributes if a.columns[0].primary_key)

    def make(self, row, start: int) -> Columns | None:
        """The stand-in whose columns begin at ``start`` in ``row`` (a tuple), or None when the row has no such
        object (an outer join found nothing)."""
        values = dict(zip(self.keys, row[start:start + len(self.keys)]))
        if values[self._key] is None:
            return None
        return self.kind(self.model, values, self._key)


def stand_ins(row, *shapes: Shape) -> list[Columns | None]:
    """A stand-in per shape from a row that reads the shapes' columns one after another, in this order."""
    made, start = [], 0
    for shape in shapes:
        made.append(shape.make(row, start))
        start += len(shape.keys)
    return made


def any_of(column, values: Iterable):
    """``column IN (values)`` for a few values fixed in the code, written as plain parameters (``=`` ... ``OR``):
    SQLAlchemy writes a list's ``IN`` out again on every execution of a statement built once (about 0.2 million
    instructions a page)."""
    return or_(*(column == value for value in values))


# Each part on its own, ordered, made once per part for every ``Parts`` it is in (by the part's and its order's
# identity; they are kept here, so the identities stay theirs). SQLAlchemy compiles equal statements once and,
# on every execution of another object equal to the one compiled, maps the result's columns to that object's
# again: 0.1 ms a statement on SQLite, where a report page's first view and its later views read the same parts.
_ALONE: dict[tuple[int, ...], tuple] = {}


def _alone(part: Select, order: Sequence) -> Select:
    key = (id(part), *map(id, order))
    kept = _ALONE.get(key)
    if kept is None:
        kept = _ALONE[key] = (part, tuple(order), part.order_by(*order))
    return kept[2]


class Parts:
    """Several small reads of one page in one statement (UNION ALL) on a database server: there every statement
    costs a round trip and the driver's and SQLAlchemy's work for it, about half of what a bare request costs,
    however few its rows are. SQLite answers in the process: no round trip to save, and its UNION of ordered
    parts costs more than the parts alone (a report page 1.5 million instructions more), so there ``read`` runs
    each part on its own.

    A part is a select of its own columns and the order its rows come in. In the statement, a row has its part's
    number, its place in that order, then every part's columns side by side: its own part's values, NULL (cast to
    the column's type) in the others'. ``split`` gives each part's rows back, in its order."""

    def __init__(self, *parts: tuple[Select, Sequence]):
        self.parts = parts
        # Each column is labelled by its place: parts may select columns of the same name.
        nulls = [cast(null(), column.type) for part, _ in parts for column in part.selected_columns]
        nulls = [value.label(f"c{place}") for place, value in enumerate(nulls)]
        branches, self._slices, start = [], [], 0
        for number, (part, order) in enumerate(parts):
            own = [column.label(f"c{start + place}") for place, column in enumerate(part.selected_columns)]
            branches.append(part.with_only_columns(
                literal_column(str(number), Integer).label("part"),
                func.row_number().over(order_by=list(order)).label("place"),
                *nulls[:start], *own, *nulls[start + len(own):], maintain_column_froms=True))
            self._slices.append(slice(2 + start, 2 + start + len(own)))
            start += len(own)
        united = union_all(*branches)
        self.statement = united.order_by(united.selected_columns.part, united.selected_columns.place)
        self.alone = [_alone(part, order) for part, order in parts]

    def split(self, rows: Iterable) -> list[list[tuple]]:
        found: list[list[tuple]] = [[] for _ in self._slices]
        for row in rows:
            found[row[0]].append(tuple(row[self._slices[row[0]]]))
        return found

    def read(self, values: dict, united: bool | None = None) -> list[Sequence[Sequence]]:
        """Each part's rows with these parameter ``values``: in one statement when ``united`` (by default unless
        the session's database is SQLite), else a statement per part."""
        from portal.extensions import db

        if united is None:
            united = db.session.get_bind().dialect.name != "sqlite"
        if united:
            return self.split(db.session.execute(self.statement, values).all())
        return [db.session.execute(part, values).all() for part in self.alone]


_AFTER: dict[tuple[int, int], tuple] = {}


def after(first: tuple[Select, Sequence], then: Parts) -> Parts:
    """``Parts(first, *then.parts)``, made once for each (kept by the identities of ``first``'s select and of
    ``then``, which are kept here with it)."""
    key = (id(first[0]), id(then))
    kept = _AFTER.get(key)
    if kept is None:
        kept = _AFTER[key] = (first, then, Parts(first, *then.parts))
    return kept[2]


@dataclass(frozen=True)
class PageReads:
    """What a page reads on every request: ``parts`` with these parameter ``values``, named by ``key`` (the page
    and everything that decides its reads). The signed-in account's statement may read them first
    (``portal.page_reads``): then ``read`` gives what it read."""

    key: Hashable
    parts: Parts
    values: dict

    def read(self) -> list[Sequence[Sequence]]:
        """Each part's rows: as read with the account in this request if they were (once), else read now."""
        found = g.pop(_READ, None)
        if found is not None and found[0] == self.key:
            return found[1]
        return self.parts.read(self.values)

    def read_after(self, first: tuple[Select, Sequence], values: dict) -> list[Sequence[Sequence]]:
        """``first``'s rows (with ``values``), read with these parts in one statement on a database server; the
        parts' rows are kept for this request's ``read``."""
        found, *rows = after(first, self.parts).read({**self.values, **values})
        setattr(g, _READ, (self.key, rows))
        return found


_READ = "portal_page_reads"
