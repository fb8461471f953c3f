"""The starter training catalogue a new installation is seeded with, and the forms of competency development.

Forms and kinds follow PP 11/2017 art. 203 as amended by PP 17/2020 and Perlan LAN 10/2018: *klasikal*
(face-to-face learning) and *nonklasikal* (coaching, e-learning, secondment, …). Every PNS is owed at least 20 JP
a year, planned from the gap between the level a position requires (PermenPANRB 38/2017) and the level shown.

The entries are a realistic example of what a BKPSDM/BPSDM offers, not an official list: titles, providers and JP
are illustrative and the HR admin edits them. Each entry names the competency codes of the standard framework
(``portal.domain.standard_framework``) it develops and the level (1–4, PermenPANRB 38/2017) it aims at, so the
portal can suggest a training for a gap: levels 1–2 for a basic gap, 3–4 for a higher one. Every competency has at
least one entry of each band. One entry records at most 40 JP; the national leadership programmes (PKP, PKA,
PKN II) are longer and say so in their description.
"""
from __future__ import annotations

from dataclasses import dataclass

KLASIKAL = "klasikal"
NONKLASIKAL = "nonklasikal"
FORMS = (KLASIKAL, NONKLASIKAL)
FORM_LABELS = {KLASIKAL: "Klasikal", NONKLASIKAL: "Nonklasikal"}

KINDS = {
    KLASIKAL: ("pelatihan_teknis", "pelatihan_fungsional", "pelatihan_manajerial", "pelatihan_kepemimpinan",
               "seminar", "workshop", "kursus", "bimtek"),
    NONKLASIKAL: ("coaching", "mentoring", "e_learning", "pjj", "detasering", "magang", "patok_banding",
                  "belajar_mandiri", "komunitas_belajar"),
}
KIND_LABELS = {
    "pelatihan_teknis": "Pelatihan teknis",
    "pelatihan_fungsional": "Pelatihan fungsional",
    "pelatihan_manajerial": "Pelatihan manajerial",
    "pelatihan_kepemimpinan": "Pelatihan kepemimpinan",
    "seminar": "Seminar/webinar",
    "workshop": "Workshop/lokakarya",
    "kursus": "Kursus",
    "bimtek": "Bimbingan teknis (bimtek)",
    "coaching": "Coaching",
    "mentoring": "Mentoring",
    "e_learning": "E-learning",
    "pjj": "Pelatihan jarak jauh",
    "detasering": "Detasering (penugasan sementara)",
    "magang": "Magang/praktik kerja",
    "patok_banding": "Patok banding (benchmarking)",
    "belajar_mandiri": "Belajar mandiri",
    "komunitas_belajar": "Komunitas belajar",
}

BPSDM = "BPSDM Provinsi"
BKPSDM = "BKPSDM Kota"
LAN = "LAN RI"
PUSLATBANG = "Puslatbang KMP LAN"
ASN_UNGGUL = "ASN Unggul (e-learning)"


@dataclass(frozen=True)
class TrainingSeed:
    code: str
    title: str
    provider: str
    form: str
    kind: str
    jp: int
    competencies: tuple[str, ...]
    level: int
    description: str


TRAININGS: tuple[TrainingSeed, ...] = (
    # Pelayanan: BA.1 Berorientasi Pelayanan, M.05 Pelayanan Publik
    TrainingSeed(
        "PK.001", "Pelatihan Pelayanan Prima", BPSDM, KLASIKAL, "pelatihan_teknis", 24, ("BA.1", "M.05"), 1,
        "Sikap, etika dan keterampilan melayani masyarakat di loket: menyambut, menggali kebutuhan, dan "
        "menyelesaikan layanan sesuai standar pelayanan.",
    ),
    TrainingSeed(
        "PK.002", "Bimtek Pengelolaan Pengaduan Masyarakat (SP4N-LAPOR!)", BKPSDM, KLASIKAL, "bimtek", 16,
        ("BA.1", "M.05", "M.03"), 2,
        "Menerima, menindaklanjuti dan menjawab pengaduan masyarakat tepat waktu melalui SP4N-LAPOR! dan kanal "
        "pengaduan unit.",
    ),
    TrainingSeed(
        "PK.003", "Magang Pelayanan di Mal Pelayanan Publik", BKPSDM, NONKLASIKAL, "magang", 30,
        ("BA.1", "M.05", "BA.4"), 2,
        "Praktik kerja satu minggu di Mal Pelayanan Publik, didampingi petugas senior, lalu menyusun catatan "
        "perbaikan untuk layanan di unit sendiri.",
    ),
    TrainingSeed(
        "PK.004", "Pelatihan Manajemen Pelayanan Publik dan Standar Pelayanan", PUSLATBANG, KLASIKAL,
        "pelatihan_manajerial", 32, ("M.05", "BA.1"), 3,
        "Menyusun dan mengevaluasi standar pelayanan, maklumat pelayanan, dan tindak lanjut hasil Survei "
        "Kepuasan Masyarakat (SKM) di unit kerja.",
    ),
    TrainingSeed(
        "PK.005", "Patok Banding Inovasi Pelayanan Publik", BKPSDM, NONKLASIKAL, "patok_banding", 16,
        ("BA.1", "M.05", "BA.6"), 3,
        "Kunjungan belajar ke pemerintah daerah dengan inovasi pelayanan terbaik dan penyusunan rencana adopsi "
        "untuk unit kerja.",
    ),
    # Akuntabilitas dan integritas: BA.2 Akuntabel, M.01 Integritas
    TrainingSeed(
        "PK.006", "E-learning Integritas dan Antikorupsi", ASN_UNGGUL, NONKLASIKAL, "e_learning", 10,
        ("M.01", "BA.2"), 1,
        "Nilai-nilai integritas, konflik kepentingan, gratifikasi dan cara melaporkannya, dengan studi kasus "
        "sehari-hari di kantor pemerintah.",
    ),
    TrainingSeed(
        "PK.007", "Bimtek Pengelolaan Barang Milik Daerah", BKPSDM, KLASIKAL, "bimtek", 16, ("BA.2",), 2,
        "Penggunaan, penatausahaan dan pemeliharaan barang milik daerah secara bertanggung jawab, efektif dan "
        "efisien.",
    ),
    TrainingSeed(
        "PK.008", "Pelatihan Penyusunan SKP dan Manajemen Kinerja", BPSDM, KLASIKAL, "pelatihan_teknis", 20,
        ("M.04", "BA.2"), 2,
        "Menyusun Sasaran Kinerja Pegawai yang terukur, mencatat bukti dukung, dan mendialogkan kinerja dengan "
        "atasan.",
    ),
    TrainingSeed(
        "PK.009", "Pelatihan Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)", BPSDM, KLASIKAL,
        "pelatihan_teknis", 30, ("BA.2", "M.04"), 3,
        "Menyusun perjanjian kinerja, indikator kinerja utama dan laporan kinerja unit yang dapat "
        "dipertanggungjawabkan.",
    ),
    TrainingSeed(
        "PK.010", "Pelatihan Pembangunan Zona Integritas bagi Pimpinan Unit", PUSLATBANG, KLASIKAL,
        "pelatihan_manajerial", 32, ("M.01", "BA.2"), 4,
        "Memimpin pembangunan Zona Integritas menuju WBK/WBBM: pengendalian gratifikasi, manajemen risiko, dan "
        "keteladanan pimpinan.",
    ),
    TrainingSeed(
        "PK.011", "E-learning Etika ASN dan Keamanan Informasi", ASN_UNGGUL, NONKLASIKAL, "e_learning", 6,
        ("BA.5", "BA.2", "M.01"), 1,
        "Kode etik ASN, menjaga rahasia jabatan, dan pengamanan data serta dokumen dinas.",
    ),
    # Komunikasi: M.03
    TrainingSeed(
        "PK.012", "Kursus Public Speaking dan Teknik Presentasi", BPSDM, KLASIKAL, "kursus", 16, ("M.03",), 1,
        "Menyusun pesan, berbicara di depan forum, dan menyajikan bahan paparan yang ringkas dan mudah dipahami.",
    ),
    TrainingSeed(
        "PK.013", "Coaching Komunikasi Efektif", BKPSDM, NONKLASIKAL, "coaching", 8, ("M.03",), 2,
        "Empat sesi coaching individual: mendengarkan aktif, bertanya, memberi dan menerima umpan balik dalam "
        "situasi kerja nyata.",
    ),
    TrainingSeed(
        "PK.014", "Workshop Penulisan Naskah Dinas dan Telaahan Staf", BKPSDM, KLASIKAL, "workshop", 12,
        ("M.03", "M.08"), 2,
        "Menulis nota dinas, surat dan telaahan staf yang runtut, lengkap, dan langsung dapat diputuskan "
        "pimpinan.",
    ),
    TrainingSeed(
        "PK.015", "Pelatihan Komunikasi Publik dan Manajemen Isu", PUSLATBANG, KLASIKAL, "pelatihan_manajerial",
        24, ("M.03", "SK.01"), 3,
        "Menyampaikan kebijakan yang sensitif kepada masyarakat dan media, mengelola isu, dan merespons krisis "
        "komunikasi.",
    ),
    # Kerja sama dan kolaborasi: M.02 Kerjasama, BA.7 Kolaboratif
    TrainingSeed(
        "PK.016", "Pelatihan Kerja Sama Tim dan Pengelolaan Konflik", BPSDM, KLASIKAL, "pelatihan_manajerial", 24,
        ("M.02", "BA.7", "BA.4"), 2,
        "Membangun tim yang saling membantu, berbagi informasi, dan menyelesaikan perbedaan pendapat secara "
        "konstruktif.",
    ),
    TrainingSeed(
        "PK.017", "Komunitas Belajar Kolaborasi Lintas Perangkat Daerah", BKPSDM, NONKLASIKAL,
        "komunitas_belajar", 12, ("BA.7", "M.02"), 3,
        "Forum rutin para pejabat lintas perangkat daerah untuk menyelesaikan persoalan layanan bersama dan "
        "berbagi sumber daya.",
    ),
    TrainingSeed(
        "PK.018", "Detasering ke Perangkat Daerah Mitra", BKPSDM, NONKLASIKAL, "detasering", 40,
        ("BA.7", "M.02", "BA.3"), 3,
        "Penugasan sementara di perangkat daerah lain untuk mempelajari proses kerja dan membangun jejaring "
        "kolaborasi.",
    ),
    # Kepemimpinan (program LAN)
    TrainingSeed(
        "PK.019", "Pelatihan Kepemimpinan Pengawas (PKP)", BPSDM, KLASIKAL, "pelatihan_kepemimpinan", 40,
        ("M.04", "M.02", "M.06", "M.07"), 2,
        "Pelatihan kepemimpinan bagi pejabat pengawas: kepemimpinan kinerja, pengendalian pelaksanaan kegiatan, "
        "dan proyek perubahan. Program lengkap lebih dari 40 JP sesuai ketentuan LAN; katalog mencatat 40 JP.",
    ),
    TrainingSeed(
        "PK.020", "Pelatihan Kepemimpinan Administrator (PKA)", PUSLATBANG, KLASIKAL, "pelatihan_kepemimpinan", 40,
        ("M.04", "M.07", "M.08", "M.02"), 3,
        "Pelatihan kepemimpinan bagi pejabat administrator: kepemimpinan kinerja dan aksi perubahan di unit "
        "kerja. Program lengkap lebih dari 40 JP sesuai ketentuan LAN; katalog mencatat 40 JP.",
    ),
    TrainingSeed(
        "PK.021", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", LAN, KLASIKAL, "pelatihan_kepemimpinan",
        40, ("M.01", "M.07", "M.08", "SK.01"), 4,
        "Pelatihan kepemimpinan strategis bagi JPT Pratama: kepemimpinan Pancasila, tata kelola kebijakan, dan "
        "proyek perubahan. Program lengkap lebih dari 40 JP sesuai ketentuan LAN; katalog mencatat 40 JP.",
    ),
    # Perubahan dan inovasi: M.07 Mengelola Perubahan, BA.6 Adaptif
    TrainingSeed(
        "PK.022", "E-learning Transformasi Digital dan SPBE bagi ASN", ASN_UNGGUL, NONKLASIKAL, "e_learning", 8,
        ("BA.6", "BA.3"), 1,
        "Dasar Sistem Pemerintahan Berbasis Elektronik dan penggunaan aplikasi kerja digital dalam tugas "
        "sehari-hari.",
    ),
    TrainingSeed(
        "PK.023", "Bimtek Manajemen Perubahan", BKPSDM, KLASIKAL, "bimtek", 16, ("M.07", "BA.6"), 2,
        "Memahami dampak perubahan organisasi dan proses kerja, menyesuaikan cara kerja, dan membantu rekan "
        "menjalaninya.",
    ),
    TrainingSeed(
        "PK.024", "Workshop Laboratorium Inovasi Pelayanan", PUSLATBANG, KLASIKAL, "workshop", 24,
        ("BA.6", "M.07", "BA.1"), 3,
        "Merancang, menguji, dan melembagakan inovasi pelayanan di unit kerja bersama tim dan pemangku "
        "kepentingan.",
    ),
    # Pengambilan keputusan: M.08
    TrainingSeed(
        "PK.025", "E-learning Berpikir Kritis dan Pemecahan Masalah", ASN_UNGGUL, NONKLASIKAL, "e_learning", 6,
        ("M.08",), 1,
        "Mengenali akar masalah, memilah fakta dan asumsi, dan menyusun alternatif solusi sederhana.",
    ),
    TrainingSeed(
        "PK.026", "Mentoring Pengambilan Keputusan Operasional", BKPSDM, NONKLASIKAL, "mentoring", 8,
        ("M.08", "M.04"), 2,
        "Pendampingan oleh pejabat senior dalam menganalisis data unit dan mengambil keputusan operasional "
        "sesuai pedoman.",
    ),
    TrainingSeed(
        "PK.027", "Pelatihan Analisis Kebijakan dan Pengambilan Keputusan", LAN, KLASIKAL, "pelatihan_manajerial",
        32, ("M.08",), 3,
        "Membandingkan alternatif kebijakan, menimbang risiko, dan merumuskan rekomendasi berbasis data.",
    ),
    TrainingSeed(
        "PK.028", "Pelatihan Fungsional Analis Kebijakan", LAN, KLASIKAL, "pelatihan_fungsional", 40,
        ("M.08", "M.03"), 4,
        "Pelatihan pembentukan jabatan fungsional Analis Kebijakan: analisis, advokasi, dan komunikasi "
        "kebijakan.",
    ),
    # Orientasi pada hasil: M.04
    TrainingSeed(
        "PK.029", "Coaching Penetapan dan Pencapaian Target Kinerja", BKPSDM, NONKLASIKAL, "coaching", 8,
        ("M.04",), 1,
        "Sesi coaching untuk memecah target SKP menjadi rencana kerja bulanan dan memantau kemajuannya.",
    ),
    # Pengembangan diri dan orang lain: M.06, BA.3 Kompeten
    TrainingSeed(
        "PK.030", "Belajar Mandiri: Menyusun Rencana Pengembangan Diri", ASN_UNGGUL, NONKLASIKAL,
        "belajar_mandiri", 4, ("BA.3", "M.06"), 1,
        "Modul mandiri untuk membaca hasil umpan balik, memilih prioritas pengembangan, dan menyusun rencana "
        "20 JP setahun.",
    ),
    TrainingSeed(
        "PK.031", "Mentoring Pengembangan Karier ASN", BKPSDM, NONKLASIKAL, "mentoring", 10, ("M.06", "BA.3"), 2,
        "Pendampingan oleh mentor dari unit lain untuk merencanakan karier, memilih pelatihan, dan belajar dari "
        "pengalaman.",
    ),
    TrainingSeed(
        "PK.032", "Pelatihan Coaching dan Mentoring bagi Atasan", PUSLATBANG, KLASIKAL, "pelatihan_manajerial", 24,
        ("M.06", "BA.3"), 3,
        "Membimbing bawahan melalui percakapan coaching, memberi umpan balik yang objektif, dan memberi tugas "
        "yang menantang sebagai sarana belajar.",
    ),
    # Kebangsaan dan keberagaman: BA.4 Harmonis, BA.5 Loyal, SK.01 Perekat Bangsa
    TrainingSeed(
        "PK.033", "Pelatihan Jarak Jauh Internalisasi Nilai BerAKHLAK", BPSDM, NONKLASIKAL, "pjj", 20,
        ("BA.1", "BA.2", "BA.3", "BA.4", "BA.5", "BA.6", "BA.7"), 1,
        "Pelatihan daring terjadwal tentang tujuh nilai dasar ASN BerAKHLAK dan panduan perilakunya dalam tugas "
        "sehari-hari.",
    ),
    TrainingSeed(
        "PK.034", "Seminar Moderasi Beragama dan Toleransi di Lingkungan Kerja", BKPSDM, KLASIKAL, "seminar", 4,
        ("SK.01", "BA.4"), 1,
        "Seminar setengah hari tentang menghargai perbedaan agama, suku dan pandangan di lingkungan kerja.",
    ),
    TrainingSeed(
        "PK.035", "Pelatihan Wawasan Kebangsaan dan Nilai Bela Negara", BPSDM, KLASIKAL, "pelatihan_teknis", 24,
        ("BA.5", "SK.01"), 2,
        "Pancasila, UUD 1945, NKRI dan Bhinneka Tunggal Ika sebagai dasar sikap dan perilaku ASN.",
    ),
    TrainingSeed(
        "PK.036", "Pelatihan Mediasi dan Penanganan Konflik Sosial", BPSDM, KLASIKAL, "pelatihan_teknis", 30,
        ("SK.01", "BA.4"), 3,
        "Memetakan potensi konflik di masyarakat, menjadi mediator, dan meredam dampak konflik antarkelompok.",
    ),
    TrainingSeed(
        "PK.037", "Pemantapan Nilai-Nilai Kebangsaan bagi Pejabat Administrator", BPSDM, KLASIKAL,
        "pelatihan_manajerial", 24, ("BA.5", "SK.01"), 3,
        "Menanamkan nilai kebangsaan dan netralitas ASN di unit yang dipimpin serta menjaga nama baik instansi.",
    ),
    TrainingSeed(
        "PK.038", "Workshop Budaya Kerja Harmonis dan Pencegahan Perundungan", BKPSDM, KLASIKAL, "workshop", 8,
        ("BA.4", "BA.7"), 2,
        "Menyepakati norma kerja tim, mencegah perundungan, dan membangun lingkungan kerja yang kondusif.",
    ),
)
