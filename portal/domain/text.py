"""Marks user-facing messages in pure code for extraction; the web layer translates them at display."""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return message


def is_digits(value: str) -> bool:
    """True for a non-empty run of ASCII 0-9; ``str.isdigit`` also accepts '²' and other scripts' digits."""
    return value.isascii() and value.isdigit()
