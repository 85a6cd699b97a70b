"""Forms of task supervision. Attachments are checked here with the same rule the service
applies (`supervision.attachments.check_attachment`), so the person sees which file failed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q, QuerySet
from django.forms.formsets import BaseFormSet

from supervision.attachments import ALLOWED_TEXT, KINDS, check_attachment
from supervision.models import ReportingRound, TaskReport
from supervision.services import FigureInput, MilestoneInput
from targets.models import Document, Section, Target, TaskItem

ACCEPT = ",".join(KINDS)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked for type, content and size."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_attachment(name=upload.name or "", size=upload.size, stream=upload)
        return cleaned


Choice = tuple[Any, str]
BLANK_CHOICE: Choice = ("", "---------")


class TargetRow(forms.Form):
    """A row of a report that may name one of the task's targets: figures name the others,
    milestones the milestone targets. The choices are computed once for all rows."""

    for_milestones = False

    def __init__(self, *args: Any, targets: QuerySet[Target], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        milestone = Q(kind=Target.Kind.MILESTONE)
        field.queryset = targets.filter(milestone if self.for_milestones else ~milestone)  # type: ignore[attr-defined]

    @classmethod
    def choices(cls, targets: Iterable[Target]) -> list[Choice]:
        wanted = [t for t in targets if (t.kind == Target.Kind.MILESTONE) == cls.for_milestones]
        return [BLANK_CHOICE, *((t.pk, str(t)) for t in wanted)]

    def with_choices(self, choices: list[Choice]) -> TargetRow:
        self.fields["target"].choices = choices  # type: ignore[attr-defined]
        return self


class FigureForm(TargetRow):
    """One figure of a report: a target of the task (its unit by default) or a named indicator."""

    target = forms.ModelChoiceField(
        label="相关目标", queryset=Target.objects.none(), required=False
    )
    label = forms.CharField(label="或填写指标名称", required=False, max_length=100)
    value = forms.DecimalField(label="数值", required=False, max_digits=16, decimal_places=4)
    unit = forms.CharField(label="单位", required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target, label, value = data.get("target"), data.get("label"), data.get("value")
        if value is None and (target or label):
            self.add_error("value", forms.ValidationError("请填写数值。", code="required"))
        if value is not None and not (target or label):
            self.add_error(
                "label", forms.ValidationError("请选择目标或填写指标名称。", code="required")
            )
        return data

    def as_input(self) -> FigureInput | None:
        data = self.cleaned_data
        if data.get("value") is None:
            return None
        target = data.get("target")
        unit = data.get("unit") or (target.indicator.unit if target and target.indicator else "")
        label = data.get("label") or (target.title if target else "")
        return FigureInput(label=label, value=data["value"], unit=unit, target=target)


class MilestoneForm(TargetRow):
    """A milestone target of the task marked done, with its date and evidence."""

    for_milestones = True

    target = forms.ModelChoiceField(
        label="标记节点目标已完成", queryset=Target.objects.none(), required=False
    )
    done_on = forms.DateField(label="完成日期", required=False, widget=DATE)
    evidence = forms.CharField(
        label="佐证材料说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") is not None:
            for name in ("done_on", "evidence"):
                if not data.get(name):
                    self.add_error(
                        name, forms.ValidationError("标记节点完成时必填。", code="required")
                    )
        return data

    def as_input(self) -> MilestoneInput | None:
        data = self.cleaned_data
        if data.get("target") is None:
            return None
        return MilestoneInput(
            target=data["target"], done_on=data["done_on"], evidence=data["evidence"]
        )


MAX_ROWS = 20
FigureFormSet = forms.formset_factory(FigureForm, extra=3, max_num=MAX_ROWS, validate_max=True)
MilestoneFormSet = forms.formset_factory(
    MilestoneForm, extra=2, max_num=MAX_ROWS, validate_max=True
)


class ReportForm(forms.Form):
    """The fields of a progress report, used for a unit's report and the consolidated one, with
    its figures and milestones as two formsets (blank rows are ignored)."""

    status = forms.ChoiceField(
        label="进展状态", choices=[("", "请选择"), *TaskReport.Status.choices]
    )
    narrative = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 5}))
    problems = forms.CharField(
        label="困难问题及需协调事项", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text=f"可选多个文件；{ALLOWED_TEXT}，每个不超过 10 MB。"
    )

    def __init__(
        self, data: Any = None, files: Any = None, *, targets: QuerySet[Target], **kwargs: Any
    ) -> None:
        super().__init__(data, files, **kwargs)
        listed = list(targets)  # read once for every row's choices: rows add no queries
        self.figure_rows = self._rows(FigureFormSet, FigureForm, "figure", data, targets, listed)
        self.milestone_rows = self._rows(
            MilestoneFormSet, MilestoneForm, "milestone", data, targets, listed
        )

    @staticmethod
    def _rows(
        formset: type[BaseFormSet[Any]],
        row: type[TargetRow],
        prefix: str,
        data: Any,
        targets: QuerySet[Target],
        listed: list[Target],
    ) -> BaseFormSet[Any]:
        """The rows, bound when the post carries them: a post without them (not from this
        page's form) has no figures or milestones, rather than a broken form."""
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = None
        rows = formset(data, prefix=prefix, form_kwargs={"targets": targets})
        choices = row.choices(listed)
        for form in rows:
            form.with_choices(choices)
        return rows

    def is_valid(self) -> bool:
        valid = super().is_valid()
        rows = [r for r in (self.figure_rows, self.milestone_rows) if r.is_bound]
        return all(r.is_valid() for r in rows) and valid

    def figures(self) -> list[FigureInput]:
        if not self.figure_rows.is_bound:
            return []
        return [f for form in self.figure_rows if (f := form.as_input()) is not None]

    def milestones(self) -> list[MilestoneInput]:
        if not self.milestone_rows.is_bound:
            return []
        return [m for form in self.milestone_rows if (m := form.as_input()) is not None]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "narrative": data["narrative"],
            "problems": data["problems"],
            "files": data["attachments"],
            "figures": self.figures(),
            "milestones": self.milestones(),
        }


class SlotReportForm(ReportForm):
    """A unit's report on 我的任务: the slot is chosen from the unit's own slots. The service,
    not this choice list, is the gate: a slot of another unit is refused there with 403."""

    slot = forms.IntegerField(label="报送任务", widget=forms.Select)

    field_order = ["slot"]

    def __init__(self, *args: Any, slot_choices: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].widget.choices = list(slot_choices)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "退回时必须填写原因。"},
    )


class RoundForm(forms.Form):
    title = forms.CharField(label="标题", max_length=60, help_text="如：2025年第三季度调度")
    rhythm = forms.ChoiceField(label="调度频次", choices=ReportingRound.Rhythm.choices)
    period_start = forms.DateField(label="报送期起", widget=DATE)
    period_end = forms.DateField(label="报送期止", widget=DATE)
    due_date = forms.DateField(label="截止日期", widget=DATE)
    scope = forms.MultipleChoiceField(
        label="按文件或工程选择", required=False, widget=forms.CheckboxSelectMultiple
    )
    tasks = forms.ModelMultipleChoiceField(
        label="或逐项选择任务",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=TaskItem.objects.select_related("document"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        sections = Section.objects.select_related("document")
        for pk, number, count in Document.objects.annotate(n=Count("tasks")).values_list(
            "pk", "number", "n"
        ):
            choices.append((f"document:{pk}", f"{number} 全部{count}项"))
        choices += [(f"section:{s.pk}", f"{s.document.number} · {s.title}") for s in sections]
        self.fields["scope"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = {t.pk for t in data.get("tasks") or []}
        for choice in data.get("scope") or []:
            kind, pk = choice.split(":")
            picked |= set(TaskItem.objects.filter(**{kind: pk}).values_list("pk", flat=True))
        if not picked:
            raise forms.ValidationError("请至少选择一项任务。", code="no_tasks")
        self.selected_tasks = list(TaskItem.objects.filter(pk__in=picked))
        return data


class MatrixFilterForm(forms.Form):
    document = forms.ModelChoiceField(
        label="文件",
        queryset=Document.objects.all(),
        required=False,
        empty_label="全部文件",
        to_field_name="code",
    )
    section = forms.ModelChoiceField(
        label="工程/部分",
        queryset=Section.objects.select_related("document"),
        required=False,
        empty_label="全部工程/部分",
    )
