"""NIP rules from DOMAIN.md: PNS and PPPK forms, real dates, sex digit, serial."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.nip import InvalidNip, make_pns_nip, make_pppk_nip, nip_error, parse_nip


def test_domain_example_is_a_male_pns():
    nip = parse_nip("196711101992031001")
    assert nip.status == "PNS"
    assert nip.birth_date == date(1967, 11, 10)
    assert (nip.appointment_year, nip.appointment_month) == (1992, 3)
    assert nip.sex == "L"
    assert nip.serial == 1


def test_pppk_form():
    nip = parse_nip("199002152021211005")
    assert nip.status == "PPPK"
    assert nip.appointment_year == 2021
    assert nip.appointment_month is None
    assert nip.sex == "L"


def test_spaces_are_ignored():
    assert parse_nip("19671110 199203 1 001").value == "196711101992031001"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "18 digit"),
        ("19671110199203100", "18 digit"),
        ("1967111019920310011", "18 digit"),
        ("19671110199203100a", "18 digit"),
        ("196702301992031001", "tanggal lahir"),  # 30 February
        ("196713101992031001", "tanggal lahir"),  # month 13
        ("196711101992131001", "TMT CPNS"),  # TMT month 13
        ("196711101992001001", "TMT CPNS"),  # TMT month 00
        ("196711101992033001", "jenis kelamin"),
        ("196711101992031000", "001–999"),
        ("196711101980031001", "18 tahun"),  # appointed at 12
        ("199002152021201005", "periode"),  # PPPK period digit 0
        ("199002152000211005", "PPPK"),  # PPPK appointed at 10
    ],
)
def test_invalid_nips_say_what_is_wrong(value, fragment):
    with pytest.raises(InvalidNip) as error:
        parse_nip(value)
    assert fragment in str(error.value)
    assert nip_error(value) == str(error.value)


def test_leap_day_birth_is_valid():
    assert parse_nip("198402292006031001").birth_date == date(1984, 2, 29)
    assert nip_error("198502292006031001") is not None  # 1985 had no 29 February


births = st.dates(min_value=date(1950, 1, 1), max_value=date(2000, 12, 31))


@given(births, st.integers(18, 40), st.integers(1, 12), st.sampled_from("LP"), st.integers(1, 999))
def test_any_well_formed_pns_nip_round_trips(birth, age, month, sex, serial):
    year = birth.year + age + 1
    nip = parse_nip(make_pns_nip(birth, year, month, sex, serial))
    assert (nip.status, nip.birth_date, nip.appointment_year, nip.appointment_month, nip.sex, nip.serial) == (
        "PNS", birth, year, month, sex, serial)


@given(births, st.integers(18, 40), st.integers(1, 9), st.sampled_from("LP"), st.integers(1, 999))
def test_any_well_formed_pppk_nip_round_trips(birth, age, period, sex, serial):
    nip = parse_nip(make_pppk_nip(birth, birth.year + age, period, sex, serial))
    assert (nip.status, nip.birth_date, nip.sex, nip.serial) == ("PPPK", birth, sex, serial)


@given(st.text(max_size=30))
def test_parser_never_crashes_and_accepts_only_18_digits(text):
    error = nip_error(text)
    if error is None:
        assert len(text.replace(" ", "").strip()) == 18


@given(st.from_regex(r"\A[0-9]{18}\Z"))
def test_accepted_nips_have_a_real_birth_date_and_sex_digit(value):
    if nip_error(value) is None:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        assert value[14] in "12"
        assert value[15:] != "000"


def test_digits_of_other_scripts_are_not_a_nip():
    ascii_nip = make_pns_nip(date(1990, 5, 17), 2015, 3, "L", 1)
    arabic = ascii_nip.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert nip_error(arabic) and nip_error(ascii_nip[:-1] + "²")
