"""The seeded framework and training catalogue match DOMAIN.md and fit together (every competency is trainable)."""
import dataclasses
import re

import pytest

from portal.domain import sources
from portal.domain.standard_framework import (
    COMPETENCIES,
    GROUPS,
    LEVEL_NAMES,
    STANDARD_FRAMEWORK_CODE,
    STANDARD_FRAMEWORK_NAME,
    STANDARD_LEVEL,
    CompetencySeed,
    IndicatorSeed,
)
from portal.domain.standard_trainings import FORM_LABELS, FORMS, KIND_LABELS, KINDS, TRAININGS, TrainingSeed

BY_CODE = {c.code: c for c in COMPETENCIES}
CODES = [c.code for c in COMPETENCIES]

# SE MenPANRB 20/2021 panduan perilaku, as DOMAIN.md lists them.
BERAKHLAK = {
    "Berorientasi Pelayanan": (
        "memahami dan memenuhi kebutuhan masyarakat",
        "ramah, cekatan, solutif, dan dapat diandalkan",
        "melakukan perbaikan tiada henti",
    ),
    "Akuntabel": (
        "melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien",
        "tidak menyalahgunakan kewenangan jabatan",
    ),
    "Kompeten": (
        "meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "membantu orang lain belajar",
        "melaksanakan tugas dengan kualitas terbaik",
    ),
    "Harmonis": (
        "menghargai setiap orang apapun latar belakangnya",
        "suka menolong orang lain",
        "membangun lingkungan kerja yang kondusif",
    ),
    "Loyal": (
        "memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "menjaga rahasia jabatan dan negara",
    ),
    "Adaptif": (
        "cepat menyesuaikan diri menghadapi perubahan",
        "terus berinovasi dan mengembangkan kreativitas",
        "bertindak proaktif",
    ),
    "Kolaboratif": (
        "memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ),
}
MANAGERIAL = {
    "M.01": "Integritas", "M.02": "Kerjasama", "M.03": "Komunikasi", "M.04": "Orientasi pada Hasil",
    "M.05": "Pelayanan Publik", "M.06": "Pengembangan Diri dan Orang Lain", "M.07": "Mengelola Perubahan",
    "M.08": "Pengambilan Keputusan",
}


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _all_indicators():
    return [(c, i) for c in COMPETENCIES for i in c.indicators]


# --- framework ---------------------------------------------------------------------------------------------------

def test_framework_identity():
    assert STANDARD_FRAMEWORK_CODE == "ASN-360"
    assert STANDARD_FRAMEWORK_NAME == "Perilaku BerAKHLAK dan Kompetensi Manajerial ASN"


def test_seven_berakhlak_values_in_domain_order_with_three_guides_each():
    core = [c for c in COMPETENCIES if c.group == "core_value"]
    assert [(c.code, c.name) for c in core] == [(f"BA.{n}", name) for n, name in enumerate(BERAKHLAK, start=1)]
    assert [len(c.indicators) for c in core] == [3] * 7
    assert sum(len(c.indicators) for c in core) == 21


@pytest.mark.parametrize("name", list(BERAKHLAK))
def test_berakhlak_indicators_keep_the_official_wording(name):
    (value,) = [c for c in COMPETENCIES if c.name == name]
    for guide, indicator in zip(BERAKHLAK[name], value.indicators, strict=True):
        assert _words(guide) in _words(indicator.text), (guide, indicator.text)


def test_eight_managerial_competencies_and_perekat_bangsa():
    managerial = {c.code: c.name for c in COMPETENCIES if c.group == "managerial"}
    assert managerial == MANAGERIAL
    socio = [(c.code, c.name) for c in COMPETENCIES if c.group == "socio_cultural"]
    assert socio == [("SK.01", "Perekat Bangsa")]
    assert len(COMPETENCIES) == 7 + 8 + 1


@pytest.mark.parametrize("code", [*MANAGERIAL, "SK.01"])
def test_managerial_and_socio_cultural_have_three_indicators(code):
    assert len(BY_CODE[code].indicators) == 3


def test_codes_are_unique():
    assert len(set(CODES)) == len(CODES)


def test_groups_are_valid():
    assert set(GROUPS) == {"core_value", "managerial", "socio_cultural", "technical"}
    assert {c.group for c in COMPETENCIES} <= set(GROUPS)


def test_indicator_sources_are_known_sources():
    assert set(sources.SOURCES) == {"self", "supervisor", "peer", "report", "public"}
    for competency, indicator in _all_indicators():
        assert indicator.sources, competency.code
        assert set(indicator.sources) <= set(sources.SOURCES), (competency.code, indicator.sources)
        assert len(set(indicator.sources)) == len(indicator.sources)
        assert set(sources.ASSIGNED) <= set(indicator.sources), (competency.code, indicator.text)


def test_only_service_indicators_are_rated_by_the_public():
    public = {c.code for c, i in _all_indicators() if "public" in i.sources}
    assert public == {"BA.1", "M.05"}
    for code in ("BA.1", "M.05"):
        assert all("public" in i.sources for i in BY_CODE[code].indicators), code


def test_texts_are_sentences_without_duplicates():
    for competency in COMPETENCIES:
        assert competency.description.endswith("."), competency.code
        assert competency.description.count(". ") == 0, competency.code  # one sentence
        texts = [i.text for i in competency.indicators]
        assert len(set(texts)) == len(texts), competency.code
        for text in texts:
            assert text[0].isupper() and text.endswith("."), text


def test_seeds_are_frozen():
    competency = COMPETENCIES[0]
    assert isinstance(competency, CompetencySeed)
    assert isinstance(competency.indicators, tuple) and isinstance(competency.indicators[0], IndicatorSeed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        competency.code = "X"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        competency.indicators[0].sources = ()  # type: ignore[misc]


def test_standard_levels_and_level_names():
    assert STANDARD_LEVEL == {"jpt": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1, "fungsional": 2}
    assert LEVEL_NAMES == {1: "Paham", 2: "Dasar", 3: "Menengah", 4: "Mumpuni", 5: "Ahli"}
    assert set(STANDARD_LEVEL.values()) <= set(LEVEL_NAMES)


# --- training catalogue ------------------------------------------------------------------------------------------

def test_forms_and_kinds_follow_pp_17_2020():
    assert FORMS == ("klasikal", "nonklasikal")
    assert set(KINDS) == set(FORMS) == set(FORM_LABELS)
    assert KINDS["klasikal"] == ("pelatihan_teknis", "pelatihan_fungsional", "pelatihan_manajerial",
                                 "pelatihan_kepemimpinan", "seminar", "workshop", "kursus", "bimtek")
    assert KINDS["nonklasikal"] == ("coaching", "mentoring", "e_learning", "pjj", "detasering", "magang",
                                    "patok_banding", "belajar_mandiri", "komunitas_belajar")
    all_kinds = [k for kinds in KINDS.values() for k in kinds]
    assert len(set(all_kinds)) == len(all_kinds)
    assert set(KIND_LABELS) == set(all_kinds)
    assert KIND_LABELS["pjj"] == "Pelatihan jarak jauh"
    assert all(label.strip() for label in KIND_LABELS.values())


def test_catalogue_size_and_mix():
    assert 30 <= len(TRAININGS) <= 40
    assert all(isinstance(t, TrainingSeed) for t in TRAININGS)
    assert {t.form for t in TRAININGS} == set(FORMS)
    assert {t.level for t in TRAININGS} == {1, 2, 3, 4}


def test_training_codes_and_titles_are_unique():
    codes = [t.code for t in TRAININGS]
    titles = [t.title for t in TRAININGS]
    assert len(set(codes)) == len(codes)
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("training", TRAININGS, ids=lambda t: t.code)
def test_training_entry_is_valid(training):
    assert training.form in FORMS
    assert training.kind in KINDS[training.form]
    assert training.title.strip() and training.provider.strip() and training.description.strip()
    assert training.competencies
    assert len(set(training.competencies)) == len(training.competencies)
    assert set(training.competencies) <= set(CODES), set(training.competencies) - set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_competency_has_a_basic_and_an_advanced_training(code):
    levels = {t.level for t in TRAININGS if code in t.competencies}
    assert levels & {1, 2}, f"{code}: no training at level 1-2"
    assert levels & {3, 4}, f"{code}: no training at level 3-4"


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory):
    from portal import create_app
    from tests.conftest import base_config

    folder = tmp_path_factory.mktemp("forms")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_INSTANCE_PATH", str(folder / "instance"))
        yield create_app(base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'unused.sqlite3'}",
                                     WTF_CSRF_ENABLED=False))


@pytest.mark.parametrize("training", TRAININGS, ids=lambda t: t.code)
def test_starter_entry_passes_the_trainers_own_form(portal_app, training):
    """Each starter entry is one a trainer could have typed: the catalogue form's rules (JP range, offered
    levels, code pattern, lengths, kind of its form) accept it as it is."""
    from werkzeug.datastructures import MultiDict
    from wtforms.fields.choices import SelectChoice

    from portal.trainers.forms import TrainingForm

    data = MultiDict([("code", training.code), ("title", training.title), ("provider", training.provider),
                      ("form", training.form), ("kind", training.kind), ("jp", str(training.jp)),
                      ("level", str(training.level)), ("description", training.description), ("active", "y")]
                     + [("competencies", code) for code in training.competencies])
    with portal_app.test_request_context(method="POST"):
        form = TrainingForm(formdata=data)
        form.competencies.choices = [SelectChoice(code, code) for code in CODES]
        assert form.validate(), form.errors
        assert (form.jp.data, form.level.data) == (training.jp, training.level)
