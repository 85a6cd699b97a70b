"""Task items of 5号 and measures of 7号, grouped by section, with their units."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from supervision import selectors as supervision
from targets.models import Document, TaskAssignment, Unit
from targets.selectors import documents_with_tasks

from .evidence import task_statuses
from .periods import Period


@dataclass
class UnitLoad:
    """How many items a unit leads and co-operates on, per document."""

    unit: Unit
    lead: Counter[str] = field(default_factory=Counter)
    cooperate: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.lead.values()) + sum(self.cooperate.values())

    @property
    def lead_total(self) -> int:
        return sum(self.lead.values())

    @property
    def cooperate_total(self) -> int:
        return sum(self.cooperate.values())

    def by_document(self, labels: dict[str, str]) -> list[tuple[str, int, int]]:
        """(document label, lead count, co-operate count) for the documents the unit is in."""
        return [
            (label, self.lead[code], self.cooperate[code])
            for code, label in labels.items()
            if self.lead[code] or self.cooperate[code]
        ]


@dataclass(frozen=True)
class TaskOverview:
    documents: list[Document]
    statuses: dict[int, supervision.Standing]
    units: list[UnitLoad]
    document_labels: dict[str, str]  # code → "5号"

    @property
    def status_counts(self) -> list[tuple[Document, list[tuple[supervision.Standing, int]]]]:
        """Per document, how many task items stand at each status (推进中 12, 逾期未报 3 …),
        in a fixed order, statuses with none left out."""
        counted = []
        for document in self.documents:
            standings = Counter(
                self.statuses.get(task.pk, supervision.Standing.NOT_REPORTED)
                for section in document.sections.all()
                for task in section.tasks.all()
            )
            counted.append(
                (document, [(s, standings[s]) for s in supervision.Standing if standings[s]])
            )
        return counted

    @property
    def unit_rows(self) -> list[tuple[UnitLoad, list[tuple[str, int, int]]]]:
        return [(load, load.by_document(self.document_labels)) for load in self.units]


def task_overview(*, as_of: Period | None = None) -> TaskOverview:
    """Documents → sections → tasks → units (four queries), the statuses, and a unit view."""
    documents = list(documents_with_tasks())
    tasks = [t for d in documents for s in d.sections.all() for t in s.tasks.all()]
    loads: dict[int, UnitLoad] = {}
    for task in tasks:
        for assignment in task.assignments.all():
            load = loads.setdefault(assignment.unit_id, UnitLoad(assignment.unit))
            bucket = load.lead if assignment.role == TaskAssignment.Role.LEAD else load.cooperate
            bucket[task.document.code] += 1
    units = sorted(loads.values(), key=lambda u: (-u.lead_total, -u.total, u.unit.name))
    return TaskOverview(
        documents=documents,
        statuses=task_statuses(tasks=tasks, as_of=as_of),
        units=units,
        document_labels={d.code: d.number[-2:] for d in documents},
    )
