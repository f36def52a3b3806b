"""Reading an uploaded report: the size limit enforced while the body streams in, the
content sniffed (never the name or the declared type), and the file name kept as a label
only, never used as a path."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import PurePosixPath

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ansvarsgraf.errors import InputError, InputTooLarge, UnsupportedFormat
from ansvarsgraf.graph.model import DocumentGraph
from ansvarsgraf.loaders.read import read_text
from ansvarsgraf.pipeline import extract_bytes

FIELD = "file"
MULTIPART_SLACK = 64 * 1024  # room for the multipart framing around the file's bytes
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")


def safe_name(name: str | None) -> str:
    """The last part of a client's file name, without control characters: a label."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _UNSAFE.sub("", base).strip()[:200]
    return base if base not in {"", ".", ".."} else "upload"


def _too_large(name: str, limit: int) -> InputTooLarge:
    return InputTooLarge(name, f"the upload is over the limit of {limit / 1024 / 1024:g} MB "
                               "(ANSVARSGRAF_MAX_UPLOAD_MB)")


async def read_upload(request: Request, limit: int) -> tuple[str, bytes]:
    """The file of a multipart/form-data request (field `file`), at most `limit` bytes.

    The body is counted as it arrives, so a client that understates Content-Length is
    still cut off; nothing is kept of a refused upload.
    """
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InputError("upload", f"send the report as multipart/form-data in a field named "
                                   f"{FIELD!r}")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise _too_large("upload", limit)

    async def counted() -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit + MULTIPART_SLACK:
                raise _too_large("upload", limit)
            yield chunk

    try:
        form = await MultiPartParser(request.headers, counted(), max_files=1, max_fields=10).parse()
    except MultiPartException as e:
        raise InputError("upload", f"malformed multipart body ({e.message})") from None
    try:
        upload = form.get(FIELD)
        if not isinstance(upload, UploadFile):
            raise InputError("upload", f"no file in the form field {FIELD!r}")
        name = safe_name(upload.filename)
        data = await upload.read(limit + 1)
    finally:
        await form.close()
    if len(data) > limit:
        raise _too_large(name, limit)
    return name, data


def extract_upload(data: bytes, name: str) -> DocumentGraph:
    """Extract an uploaded report like a file: empty or textless input is refused."""
    if not data.strip():
        raise InputError(name, "the file is empty")
    text = read_text(data, name)
    if not text.clean.strip():
        raise UnsupportedFormat(name, f"no text could be read from this {text.format} file")
    return extract_bytes(data, name, text)
