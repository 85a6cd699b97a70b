"""Read-only queries over the catalogue, each a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from targets.models import Document, Section, Target, TaskAssignment, TaskItem, Unit


def _assignments() -> Prefetch[Any]:
    return Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.select_related("unit").order_by("position"),
    )


def task_queryset() -> QuerySet[TaskItem]:
    """Tasks with their units in order and their targets: three queries for one task."""
    targets = Target.objects.select_related("zone", "cluster", "indicator")
    return TaskItem.objects.select_related("document", "section").prefetch_related(
        _assignments(), Prefetch("targets", queryset=targets)
    )


def documents_with_tasks() -> QuerySet[Document]:
    """Documents → sections → tasks → assignments → unit: four queries, however many tasks."""
    tasks = TaskItem.objects.select_related("document").prefetch_related(_assignments())
    sections = Section.objects.prefetch_related(Prefetch("tasks", queryset=tasks))
    return Document.objects.prefetch_related(Prefetch("sections", queryset=sections))


def unit_search(*, term: str = "") -> QuerySet[Unit]:
    """Units matching `term`, each with its tasks; a search by a second name (州国资委)
    lists only the tasks whose bracket uses that name (5号 tasks 6 and 26), not every task
    of 州财政局."""
    units = Unit.objects.search(term) if term else Unit.objects.all()
    assignments = TaskAssignment.objects.select_related("task__document").order_by(
        "task__document__issued_on", "task__number"
    )
    if term:
        assignments = assignments.filter(
            Q(unit__name__icontains=term) | Q(named_as__icontains=term)
        )
    return units.prefetch_related("aliases", Prefetch("assignments", queryset=assignments))


def target_list() -> QuerySet[Target]:
    return Target.objects.select_related(
        "document", "task__document", "zone", "cluster", "indicator", "superseded_by__document"
    )
