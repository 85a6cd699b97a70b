"""What the month page shows beside each indicator: its errors and warnings, gathered from the
form (what could not be read) and from `services.validate_month` (the rules), with the
statistician's explanation beside each warning. Plain Python over what the view already has;
no query of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indicators.validation import Entry, Issue, Level

if TYPE_CHECKING:
    from indicators.forms import MonthForm
    from indicators.selectors import SheetRow


@dataclass(frozen=True)
class Note:
    """One error or warning of a row, as the page shows it."""

    level: Level
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR

    @property
    def label(self) -> str:
        return "错误" if self.is_error else "预警"


@dataclass
class Line:
    """One row of the month table: the indicator's figures, its inputs and its notes."""

    row: SheetRow
    value: Any  # the bound form fields (used where the user may edit)
    growth: Any
    explanation: Any
    notes: list[Note] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row.indicator.code

    @property
    def anchor(self) -> str:
        return f"row-{self.code}"

    @property
    def has_errors(self) -> bool:
        return any(note.is_error for note in self.notes)

    @property
    def has_warnings(self) -> bool:
        return any(not note.is_error for note in self.notes)

    @property
    def css_class(self) -> str:
        """The highlight of the row: an error outweighs a warning."""
        if self.has_errors:
            return "row--error"
        return "row--warning" if self.has_warnings else ""

    @property
    def saved_explanation(self) -> str:
        """The explanation on file (what a reviewer reads beside a warning)."""
        return self.row.figure.explanation if self.row.figure else ""


def entries_on_file(rows: list[SheetRow]) -> list[Entry]:
    """The month's figures as entries, to check what is on file as the form is checked."""
    return [
        Entry(
            row.indicator, row.figure.value, row.figure.reported_growth_pct, row.figure.explanation
        )
        for row in rows
        if row.figure is not None
    ]


def _form_notes(form: MonthForm, code: str) -> list[Note]:
    """The errors of a row's fields that could not be read (not a number, too long …)."""
    if not form.is_bound:
        return []
    return [
        Note(Level.ERROR, str(error))
        for name in (f"v_{code}", f"g_{code}", f"e_{code}")
        for error in form.errors.get(name, [])
    ]


def lines(form: MonthForm, issues: list[Issue]) -> list[Line]:
    """Each row of the form with its own errors and warnings, errors first, none repeated."""
    by_code: dict[str, list[Issue]] = {}
    for issue in issues:
        by_code.setdefault(issue.indicator, []).append(issue)
    result = []
    for row, value, growth, explanation in form.bound_rows():
        code = row.indicator.code
        notes = _form_notes(form, code)
        for issue in by_code.get(code, []):
            note = Note(issue.level, issue.message)
            if note not in notes:
                notes.append(note)
        notes.sort(key=lambda note: not note.is_error)
        result.append(Line(row, value, growth, explanation, notes))
    return result


def unplaced(issues: list[Issue], placed: list[Line]) -> list[Note]:
    """Issues that name no row of the page (shown in the summary only)."""
    codes = {line.code for line in placed}
    return [Note(issue.level, issue.message) for issue in issues if issue.indicator not in codes]
