from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from targets import selectors
from targets.models import TaskItem, Unit


class CatalogueView(LoginRequiredMixin, TemplateView):
    template_name = "targets/catalogue.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return super().get_context_data(documents=selectors.documents_with_tasks(), **kwargs)


class TaskDetailView(LoginRequiredMixin, DetailView[TaskItem]):
    template_name = "targets/task_detail.html"
    context_object_name = "task"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.task_queryset()


class UnitListView(LoginRequiredMixin, ListView[Unit]):
    template_name = "targets/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.unit_search(term=self.request.GET.get("q", "").strip())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(q=self.request.GET.get("q", "").strip(), **kwargs)


class TargetListView(LoginRequiredMixin, TemplateView):
    template_name = "targets/target_list.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return super().get_context_data(targets=selectors.target_list(), **kwargs)
