"""One rule for every spreadsheet the portal writes: text that Excel or WPS would run as a
formula (starting with = + - @, tab or carriage return) gets a leading apostrophe, so it is
shown, never executed. Numbers are left alone so they stay numbers."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def escape_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
