"""The standard ASN 360° framework that a new installation is seeded with: what employees are rated on.

- BerAKHLAK core values (SE MenPANRB 20/2021, used for behaviour appraisal by PermenPANRB 6/2022): seven values,
  each with its three official behaviour guides (*panduan perilaku*) as indicators, in the official wording,
  and the official one-line definition of the value as its description. The values have no levels.
- Managerial competencies M.01–M.08 and the socio-cultural competency SK.01 Perekat Bangsa (PermenPANRB 38/2017):
  three observable indicators each, drawn from the regulation's behaviour indicators for levels 2 (Dasar) and
  3 (Menengah), the levels most rated staff (pengawas, administrator, senior fungsional) are expected to show.
- ``STANDARD_LEVEL``: the level PermenPANRB 38/2017 requires per position type; training needs come from the gap
  between that level and the level shown (PP 11/2017 as amended by PP 17/2020).

Sources say who may rate an indicator (see ``portal.domain.sources``). Citizens ("public") rate only what they
can see at a service counter: BA.1 Berorientasi Pelayanan and M.05 Pelayanan Publik.
Plain data only; the admin may edit the seeded copy in the database.
"""
from __future__ import annotations

from dataclasses import dataclass

STANDARD_FRAMEWORK_CODE = "ASN-360"
STANDARD_FRAMEWORK_NAME = "Perilaku BerAKHLAK dan Kompetensi Manajerial ASN"

CORE_VALUE = "core_value"
MANAGERIAL = "managerial"
SOCIO_CULTURAL = "socio_cultural"
TECHNICAL = "technical"  # agencies add their own technical competencies; none are seeded
GROUPS = (CORE_VALUE, MANAGERIAL, SOCIO_CULTURAL, TECHNICAL)

# Same values as portal.domain.sources, kept literal so this module stays free of project imports.
INTERNAL_SOURCES = ("self", "supervisor", "peer", "report")
WITH_PUBLIC = (*INTERNAL_SOURCES, "public")


@dataclass(frozen=True)
class IndicatorSeed:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CompetencySeed:
    code: str
    name: str
    group: str
    description: str
    indicators: tuple[IndicatorSeed, ...]


def _indicators(sources: tuple[str, ...], *texts: str) -> tuple[IndicatorSeed, ...]:
    return tuple(IndicatorSeed(text, sources) for text in texts)


_CORE_VALUES = (
    CompetencySeed(
        "BA.1", "Berorientasi Pelayanan", CORE_VALUE,
        "Komitmen memberikan pelayanan prima demi kepuasan masyarakat.",
        _indicators(
            WITH_PUBLIC,
            "Memahami dan memenuhi kebutuhan masyarakat.",
            "Bersikap ramah, cekatan, solutif, dan dapat diandalkan.",
            "Melakukan perbaikan tiada henti.",
        ),
    ),
    CompetencySeed(
        "BA.2", "Akuntabel", CORE_VALUE,
        "Bertanggung jawab atas kepercayaan yang diberikan.",
        _indicators(
            INTERNAL_SOURCES,
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi.",
            "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien.",
            "Tidak menyalahgunakan kewenangan jabatan.",
        ),
    ),
    CompetencySeed(
        "BA.3", "Kompeten", CORE_VALUE,
        "Terus belajar dan mengembangkan kapabilitas.",
        _indicators(
            INTERNAL_SOURCES,
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah.",
            "Membantu orang lain belajar.",
            "Melaksanakan tugas dengan kualitas terbaik.",
        ),
    ),
    CompetencySeed(
        "BA.4", "Harmonis", CORE_VALUE,
        "Saling peduli dan menghargai perbedaan.",
        _indicators(
            INTERNAL_SOURCES,
            "Menghargai setiap orang apapun latar belakangnya.",
            "Suka menolong orang lain.",
            "Membangun lingkungan kerja yang kondusif.",
        ),
    ),
    CompetencySeed(
        "BA.5", "Loyal", CORE_VALUE,
        "Berdedikasi dan mengutamakan kepentingan bangsa dan negara.",
        _indicators(
            INTERNAL_SOURCES,
            "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah.",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara.",
            "Menjaga rahasia jabatan dan negara.",
        ),
    ),
    CompetencySeed(
        "BA.6", "Adaptif", CORE_VALUE,
        "Terus berinovasi dan antusias dalam menggerakkan ataupun menghadapi perubahan.",
        _indicators(
            INTERNAL_SOURCES,
            "Cepat menyesuaikan diri menghadapi perubahan.",
            "Terus berinovasi dan mengembangkan kreativitas.",
            "Bertindak proaktif.",
        ),
    ),
    CompetencySeed(
        "BA.7", "Kolaboratif", CORE_VALUE,
        "Membangun kerja sama yang sinergis.",
        _indicators(
            INTERNAL_SOURCES,
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi.",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah.",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama.",
        ),
    ),
)

_MANAGERIAL = (
    CompetencySeed(
        "M.01", "Integritas", MANAGERIAL,
        "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur, serta bertanggung jawab "
        "atas tindakan dan keputusan beserta risikonya.",
        _indicators(
            INTERNAL_SOURCES,
            "Bertindak sesuai perkataan dan menyampaikan informasi sesuai fakta.",
            "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.",
            "Memberikan apresiasi atau teguran agar anggota tim bertindak selaras dengan kode etik organisasi.",
        ),
    ),
    CompetencySeed(
        "M.02", "Kerjasama", MANAGERIAL,
        "Menjalin dan membina hubungan kerja yang efektif serta saling membantu dalam penyelesaian tugas untuk "
        "mencapai tujuan organisasi.",
        _indicators(
            INTERNAL_SOURCES,
            "Membantu orang lain menyelesaikan tugasnya untuk mendukung sasaran tim.",
            "Berbagi informasi yang relevan dan mempertimbangkan masukan serta keahlian anggota tim.",
            "Mengutamakan keputusan berdasarkan usulan anggota tim dan membangun aliansi dengan pemangku "
            "kepentingan untuk mencapai target kelompok.",
        ),
    ),
    CompetencySeed(
        "M.03", "Komunikasi", MANAGERIAL,
        "Menerangkan pandangan dan gagasan secara jelas, sistematis dan logis, lisan maupun tertulis, serta "
        "mendengarkan secara aktif untuk mencapai tujuan organisasi.",
        _indicators(
            INTERNAL_SOURCES,
            "Menyampaikan informasi secara jelas, lengkap dan mudah dipahami, lisan maupun tertulis.",
            "Mendengarkan secara aktif dan menanggapi pesan lawan bicara dengan tepat.",
            "Menyampaikan informasi yang sensitif atau rumit dengan kalimat yang jelas, singkat dan tepat.",
        ),
    ),
    CompetencySeed(
        "M.04", "Orientasi pada Hasil", MANAGERIAL,
        "Mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas secara andal dan bertanggung jawab "
        "demi keberhasilan organisasi.",
        _indicators(
            INTERNAL_SOURCES,
            "Menetapkan dan berupaya mencapai standar kerja yang lebih tinggi dari standar yang ditetapkan.",
            "Mencari dan mencoba metode kerja alternatif untuk meningkatkan hasil kerja.",
            "Memantau kemajuan pekerjaan dan menyelesaikan tugas tepat waktu sesuai target.",
        ),
    ),
    CompetencySeed(
        "M.05", "Pelayanan Publik", MANAGERIAL,
        "Melaksanakan tugas pemerintahan, pembangunan dan pelayanan publik secara profesional, transparan, "
        "objektif, tidak memihak dan tidak diskriminatif.",
        _indicators(
            WITH_PUBLIC,
            "Memberikan pelayanan secara transparan, adil, dan tidak diskriminatif.",
            "Menjelaskan prosedur dan kebijakan pelayanan secara objektif ketika ditanyakan.",
            "Aktif mengenali kebutuhan masyarakat dan pemangku kepentingan lalu menanggapinya dengan cepat dan "
            "tanggap.",
        ),
    ),
    CompetencySeed(
        "M.06", "Pengembangan Diri dan Orang Lain", MANAGERIAL,
        "Meningkatkan pengetahuan dan keterampilan diri serta membimbing dan memberi umpan balik agar orang lain "
        "mengembangkan potensinya.",
        _indicators(
            INTERNAL_SOURCES,
            "Berupaya mandiri mempelajari keterampilan baru dari berbagai sumber belajar.",
            "Memberikan contoh, penjelasan, dan petunjuk praktis yang jelas kepada rekan atau bawahan dalam "
            "menyelesaikan pekerjaan.",
            "Memberikan umpan balik yang objektif dan jujur serta kesempatan kepada orang lain untuk berkembang.",
        ),
    ),
    CompetencySeed(
        "M.07", "Mengelola Perubahan", MANAGERIAL,
        "Menyesuaikan diri dengan situasi baru tanpa bergantung berlebihan pada cara lama serta mendukung dan "
        "melaksanakan inisiatif perubahan.",
        _indicators(
            INTERNAL_SOURCES,
            "Menyesuaikan cara kerja dengan metode atau proses baru tanpa menunggu arahan.",
            "Membantu orang lain dalam menjalani perubahan.",
            "Mengantisipasi perubahan yang dibutuhkan unit kerja dan menawarkan solusi atas masalah yang "
            "ditimbulkannya.",
        ),
    ),
    CompetencySeed(
        "M.08", "Pengambilan Keputusan", MANAGERIAL,
        "Membuat keputusan yang baik secara tepat waktu dan bertanggung jawab setelah mempertimbangkan informasi, "
        "alternatif dan konsekuensinya dengan prinsip kehati-hatian.",
        _indicators(
            INTERNAL_SOURCES,
            "Menganalisis informasi yang tersedia secara mendalam sebelum mencari solusi.",
            "Membandingkan berbagai alternatif tindakan beserta implikasinya sebelum memutuskan.",
            "Mengambil keputusan tepat waktu berdasarkan data dan pedoman, serta mempertimbangkan risikonya.",
        ),
    ),
)

_SOCIO_CULTURAL = (
    CompetencySeed(
        "SK.01", "Perekat Bangsa", SOCIO_CULTURAL,
        "Mempromosikan sikap toleransi, keterbukaan dan kepekaan terhadap perbedaan untuk menjaga persatuan dan "
        "kesatuan dalam kemajemukan Indonesia.",
        _indicators(
            INTERNAL_SOURCES,
            "Menghargai perbedaan latar belakang, agama, suku, gender, dan pandangan politik orang lain.",
            "Membangun hubungan baik dengan rekan kerja, mitra, dan pemangku kepentingan yang beragam.",
            "Tetap tenang dan membantu meredakan pertentangan yang timbul dari perbedaan latar belakang.",
        ),
    ),
)

COMPETENCIES: tuple[CompetencySeed, ...] = _CORE_VALUES + _MANAGERIAL + _SOCIO_CULTURAL

# PermenPANRB 38/2017 standard level for managerial and socio-cultural competencies by position.
# "jpt" is JPT Pratama (JPT Madya requires 5). Functional positions have per-jabatan standards in their own
# regulations; 2 (Dasar) approximates the ahli pertama/muda range and can be edited by the admin.
STANDARD_LEVEL = {"jpt": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1, "fungsional": 2}

LEVEL_NAMES = {1: "Paham", 2: "Dasar", 3: "Menengah", 4: "Mumpuni", 5: "Ahli"}
