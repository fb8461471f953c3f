from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.standard_framework import LEVEL_NAMES
from portal.domain.standard_trainings import FORM_LABELS, FORMS, KIND_LABELS, KINDS
from portal.i18n import lazy_gettext as _l


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TrainingForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[
        DataRequired(_l("Isi kode pelatihan, misalnya PK.040.")), Length(max=32),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Kode hanya boleh huruf, angka, titik, garis bawah, dan tanda hubung."))])
    title = StringField(_l("Judul"), validators=[DataRequired(_l("Isi judul pelatihan.")), Length(max=200)])
    provider = StringField(_l("Penyelenggara"), validators=[DataRequired(_l("Isi penyelenggara.")), Length(max=200)])
    form = SelectField(_l("Bentuk"), choices=[SelectChoice(f, FORM_LABELS[f]) for f in FORMS])
    kind = SelectField(_l("Jenis"), choices=[SelectChoice(k, KIND_LABELS[k]) for f in FORMS for k in KINDS[f]])
    jp = IntegerField(_l("Jam pelajaran (JP)"), validators=[InputRequired(_l("Isi jumlah JP.")),
                                                            NumberRange(1, 200, _l("JP harus antara 1 dan 200."))])
    level = SelectField(_l("Level yang dituju"), coerce=int,
                        choices=[SelectChoice(n, f"{n} · {name}") for n, name in sorted(LEVEL_NAMES.items())])
    competencies = MultiCheckboxField(_l("Kompetensi yang dikembangkan"))
    description = TextAreaField(_l("Uraian"), validators=[Optional(), Length(max=2000)])
    active = BooleanField(_l("Aktif (boleh disarankan)"), default=True)
