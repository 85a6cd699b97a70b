"""The admin enters the province's published reference values each year, with their source."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from targets.models import ReferenceSeries, ReferenceValue

pytestmark = pytest.mark.django_db


def test_an_admin_enters_a_years_reference_value_with_its_source(admin_client: Client) -> None:
    series = ReferenceSeries.objects.create(
        code="prov-avg-zxzq", name="全省支持开发区的地方政府专项债券平均水平", unit="亿元"
    )
    url = reverse("admin:targets_referenceseries_change", args=[series.pk])
    form = admin_client.get(url)
    assert "出处" in form.content.decode()

    response = admin_client.post(
        url,
        {
            "code": series.code,
            "name": series.name,
            "unit": series.unit,
            "strictly_above": "on",
            "note": "",
            "values-TOTAL_FORMS": "1",
            "values-INITIAL_FORMS": "0",
            "values-0-year": "2023",
            "values-0-value": "3.2",
            "values-0-source": "省发展改革委2024年1月通报",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    value = ReferenceValue.objects.get(series=series, year=2023)
    assert (value.value, value.source) == (Decimal("3.2"), "省发展改革委2024年1月通报")
