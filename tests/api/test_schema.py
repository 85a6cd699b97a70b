"""The OpenAPI schema validates, with no warning, and documents every endpoint."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn")
    schema = yaml.safe_load(capsys.readouterr().out)
    paths = set(schema["paths"])
    assert {
        "/api/v1/documents/",
        "/api/v1/zones/",
        "/api/v1/units/",
        "/api/v1/tasks/",
        "/api/v1/clusters/",
        "/api/v1/indicators/",
        "/api/v1/targets/",
        "/api/v1/figures/",
        "/api/v1/assessments/",
        "/api/v1/task-slots/",
        "/api/v1/zones/{zone_code}/months/{year}/{month}/",
        "/api/v1/bulletin/",
    } <= paths
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx in schema["paths"]["/api/v1/bulletin/"]["get"]["responses"]["200"]["content"]
