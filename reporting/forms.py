from __future__ import annotations

from django import forms

from chuxiong_zones.periods import Period, parse_as_of
from reporting.selectors import QueueStatus


class QueueFilterForm(forms.Form):
    """The queue's filters. The zone is a code, offered from the zones the queue lists."""

    zone = forms.SlugField(label="开发区", required=False)
    month = forms.CharField(
        label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"})
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *QueueStatus.CHOICES]
    )

    def clean_month(self) -> Period | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        period = parse_as_of(text)
        if period is None:
            raise forms.ValidationError("月份格式应为 2026-11。", code="bad_month")
        return period


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)
