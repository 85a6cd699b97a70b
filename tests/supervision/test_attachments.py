"""Attachments: pdf, ofd, docx, doc, wps, xlsx, xls, jpg, png up to 10 MB, by extension AND content; stored under
supervision/<year>/<month>/ with a random name; refused ones leave nothing behind."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import STATISTICIAN, ensure_groups
from supervision.attachments import MAX_ATTACHMENT_BYTES, check_attachment
from supervision.models import Attachment, TaskReport

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


def check(upload: SimpleUploadedFile) -> str:
    return check_attachment(name=upload.name or "", size=upload.size, stream=upload).content_type


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["新增规上工业企业", 12])  # type: ignore[union-attr]
    workbook.save(buffer)
    return buffer.getvalue()


def test_allowed_files_are_accepted_with_the_content_type_of_their_kind(uploads: Any) -> None:
    assert check(uploads.pdf()) == "application/pdf"
    assert check(uploads.png()) == "image/png"
    assert check(SimpleUploadedFile("照片.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 16)) == "image/jpeg"
    assert check(SimpleUploadedFile("台账.xlsx", xlsx_bytes())).endswith("spreadsheetml.sheet")
    assert check(uploads.office("汇报.docx", "word/document.xml")).endswith(
        "wordprocessingml.document"
    )


def test_an_exe_renamed_pdf_is_refused_by_its_first_bytes() -> None:
    with pytest.raises(ValidationError) as refused:
        check(SimpleUploadedFile("进展报告.pdf", EXE))

    assert refused.value.code == "content"
    assert "附件“进展报告.pdf”的内容与扩展名不符" in refused.value.messages[0]


def test_a_zip_named_xlsx_without_a_workbook_is_refused(uploads: Any) -> None:
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        check(uploads.office("台账.xlsx", "word/document.xml"))


@pytest.mark.parametrize("name", ["setup.exe", "说明.txt", "归档.zip", "无扩展名"])
def test_other_types_are_refused_by_extension(name: str) -> None:
    with pytest.raises(ValidationError, match="类型不允许") as refused:
        check(SimpleUploadedFile(name, PDF))
    allowed = "PDF、OFD、Word（.docx、.doc）、WPS（.wps）、Excel（.xlsx、.xls）、JPG、PNG"
    assert allowed in refused.value.messages[0]


# --- the formats the offices also use: .doc, .xls, .wps (compound files) and .ofd ----------

DATA = Path(__file__).parent / "data"
DOC = (DATA / "进展报告.doc").read_bytes()  # saved by LibreOffice as Word 97–2003
XLS = (Path(__file__).parents[1] / "indicators" / "data" / "upload-good.xls").read_bytes()


def ofd_bytes(member: str = "OFD.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" />')
        archive.writestr("Doc_0/Document.xml", "<ofd:Document />")
    return buffer.getvalue()


def test_doc_xls_wps_and_ofd_files_are_accepted_with_their_content_type() -> None:
    assert check(SimpleUploadedFile("进展报告.doc", DOC)) == "application/msword"
    assert check(SimpleUploadedFile("台账.XLS", XLS)) == "application/vnd.ms-excel"
    assert check(SimpleUploadedFile("汇报.wps", DOC)) == "application/vnd.ms-works"
    assert check(SimpleUploadedFile("批复.ofd", ofd_bytes())) == "application/ofd"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.doc", EXE),  # a program renamed
        ("报告.doc", XLS),  # a compound file, but a workbook
        ("数据.xls", DOC),  # a compound file, but a Word document
        ("数据.xls", PDF),
        ("汇报.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # a broken one
        ("批复.ofd", PDF),
    ],
)
def test_old_office_and_ofd_files_are_checked_by_their_content(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        check(SimpleUploadedFile(name, content))


def test_a_zip_named_ofd_without_its_ofd_xml_is_refused() -> None:
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        check(SimpleUploadedFile("批复.ofd", ofd_bytes("readme.xml")))


def test_a_file_over_10_mb_is_refused_and_10_mb_exactly_is_accepted() -> None:
    at_limit = PDF + b"\x00" * (MAX_ATTACHMENT_BYTES - len(PDF))
    assert check(SimpleUploadedFile("扫描件.pdf", at_limit)) == "application/pdf"

    with pytest.raises(ValidationError, match="超过 10 MB"):
        check(SimpleUploadedFile("扫描件.pdf", at_limit + b"\x00"))


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="空文件"):
        check(SimpleUploadedFile("空.pdf", b""))


@pytest.mark.django_db
def test_an_attachment_is_stored_under_year_and_month_with_a_random_name(
    world: Any, uploads: Any
) -> None:
    report = world.submit("州发展改革委", files=[uploads.pdf("../../etc/进展材料.pdf")])

    attachment = Attachment.objects.get(report=report)
    now = timezone.localtime()
    assert re.fullmatch(rf"supervision/{now:%Y/%m}/[0-9a-f]{{32}}\.pdf", attachment.file.name)
    assert Path(settings.MEDIA_ROOT, attachment.file.name).read_bytes().startswith(b"%PDF-")
    assert (attachment.size, attachment.content_type) == (
        len(uploads.pdf().read()),
        "application/pdf",
    )
    assert attachment.original_name == "进展材料.pdf"


@pytest.mark.django_db
def test_a_refused_attachment_refuses_the_whole_report(world: Any, uploads: Any) -> None:
    files = [uploads.pdf(), SimpleUploadedFile("进展报告.pdf", EXE)]

    with pytest.raises(ValidationError):
        world.submit("州发展改革委", files=files)

    assert TaskReport.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_the_report_form_shows_why_an_attachment_was_refused(client: Client, world: Any) -> None:
    client.force_login(world.liaisons["州发展改革委"])

    response = client.post(
        reverse("supervision:mine"),
        {
            "slot": world.slot("州发展改革委").pk,
            "status": "in_progress",
            "narrative": "推进中",
            "attachments": [SimpleUploadedFile("进展报告.pdf", EXE)],
        },
    )

    assert response.status_code == 400
    assert "附件“进展报告.pdf”的内容与扩展名不符" in response.content.decode()
    assert TaskReport.objects.count() == 0


@pytest.mark.django_db
def test_an_attachment_downloads_under_its_original_name(
    client: Client, world: Any, uploads: Any
) -> None:
    report = world.submit("州发展改革委", files=[uploads.pdf("三季度进展.pdf")])
    attachment = report.attachments.get()
    client.force_login(world.leader)

    response = client.get(reverse("supervision:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    assert "%E4%B8%89%E5%AD%A3%E5%BA%A6%E8%BF%9B%E5%B1%95.pdf" in response["Content-Disposition"]


def _stored() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "supervision"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
def test_a_failure_while_storing_attachments_leaves_no_file_behind(
    world: Any, uploads: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _stored()
    original = Attachment.full_clean
    calls: list[int] = []

    def fail_on_second(self: Attachment, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("存储失败")
        original(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "full_clean", fail_on_second)

    with pytest.raises(ValidationError, match="存储失败"):
        world.submit("州发展改革委", files=[uploads.pdf(), uploads.png()])

    assert _stored() == before
    assert TaskReport.objects.count() == 0


@pytest.mark.django_db
def test_an_attachment_is_read_only_by_its_unit_the_lead_unit_reviewers_leaders_and_admins(
    client: Client, world: Any, uploads: Any, django_user_model: Any
) -> None:
    """州发展改革委 co-operates on a task that 州财政局 leads; 州工业和信息化局 is another
    co-operating unit, and a zone statistician has nothing to do with it."""
    report = world.submit("州发展改革委", files=[uploads.pdf("内部材料.pdf")])
    url = reverse("supervision:attachment", args=[report.attachments.get().pk])
    statistician = django_user_model.objects.create_user("stat-a", password="x-Secret-123")
    statistician.groups.set([ensure_groups()[STATISTICIAN.group]])
    readers = [
        world.liaisons["州发展改革委"],
        world.liaisons["州财政局"],
        world.reviewer,
        world.leader,
        world.admin,
    ]
    for user in readers:
        client.force_login(user)
        assert client.get(url).status_code == 200, user.username
    for user in [world.liaisons["州工业和信息化局"], statistician]:
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username
    # the other co-operating unit does not see the file listed on the task page either
    client.force_login(world.liaisons["州工业和信息化局"])
    page = client.get(reverse("supervision:task", args=[report.slot.task_id])).content.decode()
    assert "内部材料.pdf" not in page
    client.force_login(world.liaisons["州财政局"])
    page = client.get(reverse("supervision:task", args=[report.slot.task_id])).content.decode()
    assert "内部材料.pdf" in page
