"""Stand-ins for ORM objects in reading requests (``portal.rows``): the columns a query read, and the ORM object
for anything else."""
import pytest
from datetime import date

from sqlalchemy import false, select

from portal.extensions import db
from portal.models import Cycle, Employee, Unit
from portal.rows import Columns, Parts, Shape, any_of, stand_ins
from tests import factories, sql


@pytest.fixture
def statements(app):
    with sql.recorded() as seen:
        yield seen


def test_a_shape_of_only_some_columns_reads_those_and_the_key_and_loads_the_rest_when_asked(app, org, statements):
    shape = Shape(Employee, "e", only=("name", "nip"))
    assert shape.keys == ["id", "nip", "name"] and [c.name for c in shape.columns] == ["e_id", "e_nip", "e_name"]
    person = org.reports[0]
    expected = (person.id, person.nip, person.name, person.unit_id, person.position)
    db.session.expunge_all()  # nothing in the session's identity map: a load is a query
    found = shape.make(db.session.execute(select(*shape.columns).where(Employee.id == expected[0])).one(), 0)
    read = len(statements)
    assert (found.id, found.nip, found.name) == expected[:3] and len(statements) == read
    assert found.unit_id == expected[3] and len(statements) == read + 1, "the ORM object, loaded once"
    assert found.position == expected[4] and len(statements) == read + 1


def test_a_shape_reads_a_models_columns_under_a_prefix_and_makes_its_stand_in(app, org):
    unit, employee = Shape(Unit, "unit"), Shape(Employee, skip=("email",))
    assert "email" not in employee.keys and employee.keys[0] == "id" and "unit_id" in employee.keys
    assert all(column.name.startswith("unit_") for column in unit.columns)
    row = db.session.execute(select(*employee.columns, *unit.columns).join(Unit, Unit.id == Employee.unit_id)
                             .where(Employee.id == org.supervisor.id)).one()
    made, made.unit = stand_ins(row, employee, unit)
    assert isinstance(made, Columns) and made.name == "Sari Atasan" and made.unit.name == "Dinas Kesehatan"
    assert made.unit.id == made.unit_id == org.unit.id
    assert employee.make((None,) * len(employee.keys), 0) is None, "an outer join that found nothing"


def test_what_a_stand_in_lacks_comes_from_the_orm_object_loaded_once(app, org, statements):
    shape = Shape(Employee, skip=("email",))
    row = db.session.execute(select(*shape.columns).where(Employee.id == org.reports[0].id)).one()
    made = shape.make(row, 0)
    db.session.expunge_all()
    seen = statements
    seen.clear()
    assert made.name == "Rekan 0" and not seen, "a column the query read costs no query"
    assert made.email == "rekan0@uji.go.id" and len(seen) == 1, "the ORM object, for the column left out"
    assert made.email and made.has_direct_reports() is False and len(seen) == 2, "loaded once; the method queries"
    assert made.supervisor.name == "Sari Atasan" and made.unit.name == "Dinas Kesehatan"
    with pytest.raises(AttributeError):
        made._hidden  # private names are never looked up on the ORM object


def test_a_stand_in_finds_its_orm_object_by_its_own_primary_key(app, org):
    """A model whose key is not ``id`` (a draft's is its assignment's): what the stand-in lacks still comes from the
    right row."""
    from portal.models import Assignment, Draft
    from portal.services import surveys
    from tests import factories

    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1]]})
    item = db.session.scalar(select(Assignment).filter_by(cycle_id=cycle.id, rater_id=org.reports[1].id,
                                                          source="peer"))
    surveys.save_draft(surveys.load_survey(item), {"strengths": "Teliti"})
    shape = Shape(Draft, skip=("updated_at",))
    made = shape.make(db.session.execute(select(*shape.columns).where(Draft.assignment_id == item.id)).one(), 0)
    assert made.strengths == "Teliti" and made.updated_at is not None


def test_parts_read_in_one_statement_give_each_parts_rows_as_it_alone_would(app, org, statements):
    first = factories.cycle([org.unit])
    factories.cycle([org.unit], framework=first.framework, name="Semester II 2026", period_end=date(2026, 12, 31))
    db.session.commit()
    parts = [
        (select(Employee.name, Employee.id).where(Employee.unit_id == org.unit.id), (Employee.name.desc(),)),
        (select(Cycle.name, Cycle.period_end).join(Unit, false()), (Cycle.id,)),  # no rows
        (select(Cycle.period_end, Cycle.name, Cycle.min_group_size), (Cycle.period_end, Cycle.id)),
    ]
    alone = [[tuple(row) for row in db.session.execute(part.order_by(*order))] for part, order in parts]
    together = Parts(*parts)
    for united, statements_run in ((True, 1), (False, len(parts))):
        statements.clear()
        found = together.read({}, united=united)
        assert len(statements) == statements_run and [[tuple(row) for row in rows] for rows in found] == alone
        assert isinstance(found[2][0][0], date), "each column keeps its type in the other parts' rows"
    assert len(alone[0]) >= 3 and alone[1] == [] and [name for _, name, _ in alone[2]] == [
        "Semester I 2026", "Semester II 2026"]
    statements.clear()
    together.read({})
    assert len(statements) == (len(parts) if db.engine.dialect.name == "sqlite" else 1), "united on a server"


def test_parts_made_of_the_same_parts_run_the_same_statement_objects_each_on_its_own(app, org):
    """SQLAlchemy maps a result's columns again on every run of an object equal to, but not, the one it compiled:
    two ``Parts`` sharing a part run one object for it; a part made apart, though equal, gets its own."""
    first = (select(Employee.name).where(Employee.unit_id == org.unit.id), (Employee.name,))
    second = (select(Cycle.name), (Cycle.id,))
    one, other = Parts(first, second), Parts((select(Unit.name), (Unit.id,)), second, first)
    assert one.alone[0] is other.alone[2] and one.alone[1] is other.alone[1]
    equal_but_apart = Parts((select(Employee.name).where(Employee.unit_id == org.unit.id), (Employee.name,)))
    assert equal_but_apart.alone[0] is not one.alone[0]
    assert str(equal_but_apart.alone[0]) == str(one.alone[0])


def test_any_of_reads_what_in_reads_without_writing_the_list_out_per_execution(app, org):
    first = factories.cycle([org.unit])
    factories.cycle([org.unit], framework=first.framework, name="Semester II 2026", state="released")
    db.session.commit()
    for states in (("draft",), ("draft", "released"), ("closed",)):
        statement = select(Cycle.name).where(any_of(Cycle.state, states)).order_by(Cycle.name)
        assert "POSTCOMPILE" not in str(statement.compile(db.engine))
        assert list(db.session.scalars(statement)) == list(db.session.scalars(
            select(Cycle.name).where(Cycle.state.in_(states)).order_by(Cycle.name)))
    assert list(db.session.scalars(select(Cycle.name).where(any_of(Cycle.state, ("draft", "released"))))) != []
