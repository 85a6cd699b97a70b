from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=20,
        strip=True,
        help_text="身份验证器显示的 6 位数字；手机不在身边时，可输入一个 8 位恢复码（每个只能用一次）。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": "请输入验证码。"},
    )
