from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.org import POSITION_TYPES, STATUSES
from portal.i18n import lazy_gettext as _l

POSITION_LABELS = {
    "jpt": _l("JPT (pimpinan tinggi)"),
    "administrator": _l("Administrator"),
    "pengawas": _l("Pengawas"),
    "pelaksana": _l("Pelaksana"),
    "fungsional": _l("Fungsional"),
}
GROUP_LABELS = {
    "core_value": _l("Nilai dasar (BerAKHLAK)"),
    "managerial": _l("Manajerial"),
    "socio_cultural": _l("Sosial kultural"),
    "technical": _l("Teknis"),
}
ROLE_LABELS = {"trainer": _l("Pelatih (BPSDM / unit pelatihan)"), "hr_admin": _l("Admin kepegawaian (BKPSDM)")}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmployeeForm(FlaskForm):
    nip = StringField(_l("NIP"), validators=[DataRequired(_l("Isi NIP.")), Length(max=24)])
    name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Isi nama.")), Length(max=200)])
    email = EmailField(_l("E-mail dinas"), validators=[Optional(), Email(_l("Alamat e-mail tidak valid.")),
                                                       Length(max=254)])
    unit_id = SelectField(_l("Unit kerja"), coerce=int, validators=[DataRequired(_l("Pilih unit."))])
    position = StringField(_l("Jabatan"), validators=[DataRequired(_l("Isi nama jabatan.")), Length(max=200)])
    position_type = SelectField(_l("Jenis jabatan"), choices=[SelectChoice(p, POSITION_LABELS[p]) for p in POSITION_TYPES])
    golongan = StringField(_l("Golongan"), validators=[Optional(), Length(max=8)])
    status = SelectField(_l("Status"), choices=[SelectChoice(s) for s in STATUSES])
    supervisor_nip = StringField(_l("NIP atasan langsung"), validators=[Optional(), Length(max=24)])
    active = BooleanField(_l("Aktif"), default=True)
    roles = MultiCheckboxField(_l("Peran tambahan"), choices=[SelectChoice(r, label) for r, label in ROLE_LABELS.items()])


class ImportForm(FlaskForm):
    file = FileField(_l("Berkas CSV"), validators=[FileRequired(_l("Pilih berkas CSV.")),
                                                   FileAllowed(["csv", "txt"], _l("Unggah berkas .csv."))])
    dry_run = BooleanField(_l("Periksa saja, jangan simpan"))


class CycleForm(FlaskForm):
    name = StringField(_l("Nama siklus"), validators=[DataRequired(_l("Isi nama siklus, misalnya \"Semester I 2026\".")),
                                                      Length(max=120)])
    period_start = DateField(_l("Awal periode"), validators=[DataRequired(_l("Isi tanggal awal periode."))])
    period_end = DateField(_l("Akhir periode"), validators=[DataRequired(_l("Isi tanggal akhir periode."))])
    framework_id = SelectField(_l("Kerangka kompetensi"), coerce=int,
                               validators=[DataRequired(_l("Pilih kerangka kompetensi."))])
    units = MultiCheckboxField(_l("Unit yang dinilai"), coerce=int)
    nomination_deadline = DateField(_l("Batas nominasi rekan"), validators=[Optional()])
    feedback_deadline = DateField(_l("Batas pengisian penilaian"), validators=[Optional()])
    min_group_size = IntegerField(_l("Ukuran kelompok minimum (k)"), default=3,
                                  validators=[InputRequired(_l("Isi angka.")), NumberRange(2, 20, _l("Antara 2 dan 20."))])
    comment_min_group_size = IntegerField(_l("Ukuran kelompok minimum untuk komentar"), default=3,
                                          validators=[InputRequired(_l("Isi angka.")),
                                                      NumberRange(2, 20, _l("Antara 2 dan 20."))])
    peer_min = IntegerField(_l("Jumlah rekan minimum"), default=3,
                            validators=[InputRequired(_l("Isi angka.")), NumberRange(0, 30, _l("Antara 0 dan 30."))])
    peer_max = IntegerField(_l("Jumlah rekan maksimum"), default=8,
                            validators=[InputRequired(_l("Isi angka.")), NumberRange(1, 30, _l("Antara 1 dan 30."))])
    peer_cap = IntegerField(_l("Batas permintaan per penilai"), default=10,
                            validators=[InputRequired(_l("Isi angka.")), NumberRange(1, 100, _l("Antara 1 dan 100."))])
    direct_reports_rate = BooleanField(_l("Bawahan langsung ikut menilai atasannya"))


class CompetencyForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[DataRequired(_l("Isi kode, misalnya M.09.")), Length(max=16)])
    name = StringField(_l("Nama kompetensi"), validators=[DataRequired(_l("Isi nama kompetensi.")), Length(max=200)])
    competency_group = SelectField(_l("Kelompok"), choices=[SelectChoice(g, label) for g, label in GROUP_LABELS.items()])
    description = TextAreaField(_l("Uraian"), validators=[Optional(), Length(max=2000)])
    retired = BooleanField(_l("Pensiunkan (tidak dipakai di siklus baru)"))


class ServiceForm(FlaskForm):
    unit_id = SelectField(_l("Unit kerja"), coerce=int, validators=[DataRequired(_l("Pilih unit."))])
    name = StringField(_l("Nama layanan"), validators=[
        DataRequired(_l("Isi nama layanan, misalnya \"Pengurusan izin usaha\".")), Length(max=200)])
    description = TextAreaField(_l("Keterangan"), validators=[Optional(), Length(max=1000)])
    officers = TextAreaField(_l("Petugas layanan"), validators=[Optional(), Length(max=20000)])
    active = BooleanField(_l("Aktif (survei menerima jawaban)"), default=True)


class PopulationForm(FlaskForm):
    year = IntegerField(_l("Tahun"), validators=[InputRequired(_l("Isi tahun.")),
                                                 NumberRange(2000, 2100, _l("Tahun tidak masuk akal."))])
    semester = SelectField(_l("Semester"), coerce=int, choices=[SelectChoice(1, "I"), SelectChoice(2, "II")])
    users = IntegerField(_l("Jumlah pengguna layanan"), validators=[
        InputRequired(_l("Isi jumlah pengguna layanan.")),
        NumberRange(1, 10_000_000, _l("Jumlah pengguna harus 1 atau lebih."))])
