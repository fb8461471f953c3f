from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    identifier = StringField(_l("NIP atau e-mail"), validators=[DataRequired(_l("Isi NIP atau alamat e-mail.")),
                                                                Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi.")), Length(max=128)])
    remember = BooleanField(_l("Ingat saya di perangkat ini"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired(_l("Isi kata sandi saat ini."))])
    new = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(_l("Isi kata sandi baru.")),
                                                           Length(max=128)])
    confirm = PasswordField(_l("Ulangi kata sandi baru"),
                            validators=[DataRequired(_l("Ulangi kata sandi baru.")),
                                        EqualTo("new", _l("Kedua kata sandi baru tidak sama."))])
