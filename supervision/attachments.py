"""What may be attached to a task report, as one rule used by the form and by the service.

PDF, OFD, Word (.docx, .doc), WPS (.wps), Excel (.xlsx, .xls), JPG and PNG files up to 10 MB.
The type is read from the extension AND from the file's first bytes, so a program renamed
`.pdf` is refused; an Office file must also hold the part its extension promises: a zip with
`xl/workbook.xml` for an .xlsx (`OFD.xml` for an .ofd, the national fixed-layout format), a
compound file with a `WordDocument` stream for a .doc or .wps, a `Workbook` stream for an .xls.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError

from chuxiong_zones.compound import OLE_MAGIC, Compound, CompoundError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TEXT = "PDF、OFD、Word（.docx、.doc）、WPS（.wps）、Excel（.xlsx、.xls）、JPG、PNG"

_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    magic: bytes
    zip_member: str | None = None
    ole_streams: tuple[str, ...] = ()  # a compound file: one of these streams


KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("application/pdf", b"%PDF-"),
    ".docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
        "word/document.xml",
    ),
    ".xlsx": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, "xl/workbook.xml"
    ),
    ".ofd": FileKind("application/ofd", _ZIP, "OFD.xml"),
    ".doc": FileKind("application/msword", OLE_MAGIC, ole_streams=("WordDocument",)),
    # WPS Writer saves .wps in Word's binary format; Microsoft Works' .wps has CONTENTS
    ".wps": FileKind(
        "application/vnd.ms-works", OLE_MAGIC, ole_streams=("WordDocument", "CONTENTS")
    ),
    ".xls": FileKind("application/vnd.ms-excel", OLE_MAGIC, ole_streams=("Workbook", "Book")),
    ".jpg": FileKind("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": FileKind("image/jpeg", b"\xff\xd8\xff"),
    ".png": FileKind("image/png", b"\x89PNG\r\n\x1a\n"),
}


def _zip_has(stream: IO[bytes], member: str) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        stream.seek(0)


def _ole_has(stream: IO[bytes], names: tuple[str, ...]) -> bool:
    try:
        return bool(Compound(stream.read(MAX_ATTACHMENT_BYTES + 1)).stream_names() & set(names))
    except (CompoundError, struct.error, ValueError):
        return False
    finally:
        stream.seek(0)


def _holds_its_part(stream: IO[bytes], kind: FileKind) -> bool:
    if kind.zip_member:
        return _zip_has(stream, kind.zip_member)
    if kind.ole_streams:
        return _ole_has(stream, kind.ole_streams)
    return True


def check_attachment(*, name: str, size: int | None, stream: IO[bytes]) -> FileKind:
    """The file's kind, or ValidationError (in Chinese, naming the file) saying why it is refused."""
    suffix = PurePath(name).suffix.lower()
    params = {"name": name, "allowed": ALLOWED_TEXT, "suffix": suffix}
    kind = KINDS.get(suffix)
    if kind is None:
        raise ValidationError(
            "附件“%(name)s”的类型不允许，只能上传 %(allowed)s 文件。", code="type", params=params
        )
    if not size:
        raise ValidationError("附件“%(name)s”是空文件。", code="empty", params=params)
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            "附件“%(name)s”超过 10 MB，请压缩或拆分后再上传。", code="size", params=params
        )
    stream.seek(0)
    head = stream.read(len(kind.magic))
    stream.seek(0)
    if head != kind.magic or not _holds_its_part(stream, kind):
        raise ValidationError(
            "附件“%(name)s”的内容与扩展名不符，不是真正的 %(suffix)s 文件，已拒收。",
            code="content",
            params=params,
        )
    return kind
