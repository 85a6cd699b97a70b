from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from indicators.models import Indicator


class IndicatorListView(LoginRequiredMixin, ListView[Indicator]):
    template_name = "indicators/indicator_list.html"
    context_object_name = "indicators"
    queryset = Indicator.objects.select_related("cluster", "numerator", "denominator")
