from portal.domain.org import find_supervisor_loop, golongan_error
from portal.domain.passwords import password_problems
from portal.domain.roles import effective_roles, parse_roles


def test_golongan_fits_status():
    assert golongan_error("PNS", "III/a") is None
    assert golongan_error("PNS", "IV/e") is None
    assert golongan_error("PNS", "I/e") is not None
    assert golongan_error("PPPK", "IX") is None
    assert golongan_error("PPPK", "III/a") is not None
    assert golongan_error("PNS", "") is None


def test_supervisor_loop_found():
    assert find_supervisor_loop({"a": "b", "b": "c", "c": None}) is None
    loop = find_supervisor_loop({"a": "b", "b": "c", "c": "a", "d": "a"})
    assert sorted(loop) == ["a", "b", "c"]
    assert find_supervisor_loop({"x": "x"}) == ["x"]


def test_roles_are_derived_and_granted():
    assert effective_roles(frozenset(), is_employee=True, has_reports=False) == {"employee"}
    assert effective_roles(frozenset({"trainer"}), True, True) == {"employee", "supervisor", "trainer"}
    assert effective_roles(frozenset({"hr_admin", "bogus"}), False, False) == {"hr_admin"}
    assert parse_roles("trainer; HR_ADMIN,employee") == ({"trainer", "hr_admin"}, [])
    assert parse_roles("boss")[1] == ["boss"]


def test_password_rules():
    assert password_problems("Rahasia-uji-123") == []
    assert password_problems("short1")
    assert password_problems("abcdefghijkl")
    assert password_problems("x196711101992031001y", "196711101992031001")
