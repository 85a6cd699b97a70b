from __future__ import annotations

import re

from django import forms

from chuxiong_zones.periods import Period
from reporting.selectors import QueueStatus

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


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
        match = MONTH.match(text)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError("月份格式应为 2026-11。", code="bad_month")
        return Period(int(match[1]), int(match[2]))


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)
