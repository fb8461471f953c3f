from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.domain.recommendations import ACTION_MAX, GOAL_MAX, JP_MAX, JP_MIN, PLAN_STATUS_LABELS, PLAN_STATUSES
from portal.i18n import lazy_gettext as _l


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class PlanItemForm(FlaskForm):
    competency_code = SelectField(_l("Kompetensi yang dikembangkan"), validators=[Optional()])
    goal = StringField(_l("Tujuan pengembangan"), validators=[
        InputRequired(_l("Tujuan pengembangan wajib diisi.")),
        Length(max=GOAL_MAX, message=_l("Tujuan pengembangan paling banyak 300 karakter."))])
    action = TextAreaField(_l("Kegiatan pengembangan"), validators=[
        InputRequired(_l("Kegiatan pengembangan wajib diisi.")),
        Length(max=ACTION_MAX, message=_l("Kegiatan pengembangan paling banyak 1.000 karakter."))])
    training_id = SelectField(_l("Pelatihan dari katalog (tidak wajib)"), coerce=_optional_int,
                              validators=[Optional()])
    jp = IntegerField(_l("Jam pelajaran (JP)"), validators=[
        Optional(), NumberRange(JP_MIN, JP_MAX, _l("JP harus antara 1 dan 200."))])
    target_date = DateField(_l("Tanggal target"), validators=[InputRequired(_l("Tanggal target wajib diisi."))])
    status = SelectField(_l("Status"), choices=[SelectChoice(s, _l(PLAN_STATUS_LABELS[s])) for s in PLAN_STATUSES])


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Komentar"), validators=[InputRequired(_l("Tulis komentar terlebih dahulu.")),
                                                     Length(max=1000, message=_l("Komentar paling banyak 1.000 karakter."))])
