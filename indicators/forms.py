"""The month entry form: one value, reported 同比 and explanation per indicator.

Fields are text so that what a person typed is kept exactly; `indicators.validation` parses
it with the same rules as the upload, and the messages name the indicator and the reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from indicators.models import CheckRule
from indicators.selectors import SheetRow
from indicators.validation import EXPLANATION_MAX_LENGTH, Entry, explanation_issue, parse_value
from targets.models import Indicator


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _plain(value: Decimal | None) -> str:
    """A stored value as a person types it: 125000, 13.6 (never 1.25E+5, never 13.6000)."""
    return "" if value is None else format(value.normalize(), "f")


class MonthForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, rows: list[SheetRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code, figure = row.indicator.code, row.figure
            self.fields[f"v_{code}"] = forms.CharField(
                required=False,
                label=row.indicator.name,
                initial=_plain(figure.value if figure else None),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"g_{code}"] = forms.CharField(
                required=False,
                label=f"{row.indicator.name}公布同比",
                initial=_text(figure.reported_growth_pct if figure else None),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"e_{code}"] = forms.CharField(
                required=False,
                label=f"{row.indicator.name}说明",
                initial=figure.explanation if figure else "",
                widget=forms.TextInput(attrs={"maxlength": EXPLANATION_MAX_LENGTH}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.entries: list[Entry] = []
        for row in self.rows:
            entry = self._entry(row.indicator, cleaned)
            if entry is not None:
                self.entries.append(entry)
        return cleaned

    def _entry(self, indicator: Indicator, cleaned: dict[str, Any]) -> Entry | None:
        code = indicator.code
        value, error = parse_value(cleaned.get(f"v_{code}"), indicator)
        growth, growth_error = parse_value(
            cleaned.get(f"g_{code}"), indicator, field="reported_growth_pct", decimals=2
        )
        explanation = (cleaned.get(f"e_{code}") or "").strip()
        too_long = explanation_issue(explanation, indicator)
        for name, issue in (
            (f"v_{code}", error),
            (f"g_{code}", growth_error),
            (f"e_{code}", too_long),
        ):
            if issue is not None:
                self.add_error(name, forms.ValidationError(issue.message, code=issue.code))
        if error or growth_error or too_long:
            return None
        return Entry(indicator, value, growth, explanation)

    def bound_rows(self) -> list[tuple[SheetRow, Any, Any, Any]]:
        return [
            (
                row,
                self[f"v_{row.indicator.code}"],
                self[f"g_{row.indicator.code}"],
                self[f"e_{row.indicator.code}"],
            )
            for row in self.rows
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class CheckRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin's 审核公式: the indicators it relates must be comparable."""

    class Meta:
        model = CheckRule
        fields = ["name", "kind", "level", "parts", "whole", "active", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        kind, whole = cleaned.get("kind"), cleaned.get("whole")
        parts = list(cleaned.get("parts") or [])
        if kind == CheckRule.Kind.NOT_ABOVE:
            if whole is None:
                raise forms.ValidationError("“分项不大于总量”须指定总量指标。", code="no_whole")
            if whole in parts:
                raise forms.ValidationError("总量指标不能同时是分项指标。", code="whole_in_parts")
            if other := [p for p in parts if p.unit != whole.unit]:
                names = "、".join(f"「{p.name}」（{p.unit}）" for p in other)
                raise forms.ValidationError(
                    f"{names}与总量「{whole.name}」（{whole.unit}）计量单位不同，不能比较。",
                    code="unit_mismatch",
                )
        elif kind == CheckRule.Kind.NO_FALL and whole is not None:
            raise forms.ValidationError("“存量不下降”不用总量指标，请留空。", code="whole_not_used")
        return cleaned
