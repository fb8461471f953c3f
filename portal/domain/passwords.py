"""Password rules for new passwords (plain checks; hashing lives with the account model)."""
from __future__ import annotations

from portal.domain.text import N_

MIN_LENGTH = 10
_COMMON = {"password12", "1234567890", "qwertyuiop", "passw0rd12", "katasandi1", "rahasia123", "indonesia1",
           "bismillah1", "admin12345", "cermin3600"}


def password_problems(password: str, *personal: str | None) -> list[str]:
    """Indonesian messages for each rule the new password breaks (empty when acceptable)."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(N_("Kata sandi minimal 10 karakter."))
    if len(password) > 128:
        problems.append(N_("Kata sandi maksimal 128 karakter."))
    if password.isdigit() or password.isalpha():
        problems.append(N_("Kata sandi harus memuat huruf dan angka atau simbol."))
    lowered = password.lower()
    if lowered in _COMMON or len(set(password)) < 4:
        problems.append(N_("Kata sandi terlalu mudah ditebak."))
    for value in personal:
        if value and len(value) >= 4 and value.lower() in lowered:
            problems.append(N_("Kata sandi tidak boleh memuat NIP atau alamat e-mail Anda."))
            break
    return problems
