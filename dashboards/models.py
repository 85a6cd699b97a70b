"""The dashboards keep no data of their own: every figure and target they show belongs to
`indicators` and `targets`. What they do own is the permission to export the 调度表 and the
通报, declared here on a model without a table, so that it sits with the reports it governs
(and not on `indicators.Submission`, where it once was)."""

from django.db import models


class Report(models.Model):
    """The exported reports: the monthly 调度表, the 终期评估 and the 通报. No table."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "调度表与通报"
        verbose_name_plural = "调度表与通报"
        permissions = [("export_report", "可导出调度表和通报")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
