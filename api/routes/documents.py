from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from ansvarsgraf.api.deps import CacheDep, SettingsDep, StoreDep, require_token
from ansvarsgraf.api.models import DocumentOut, ErrorOut, UploadOut
from ansvarsgraf.api.uploads import FIELD, extract_upload, read_upload

router = APIRouter(tags=["documents"])

_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [FIELD],
    "properties": {FIELD: {"type": "string", "format": "binary",
                           "description": "a report: text, HTML or PDF (the content decides)"}},
}}}}}


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(store: StoreDep) -> list[dict[str, Any]]:
    """The loaded reports: id (SHA-256 of the bytes), file name, municipality, counts."""
    return store.documents()


@router.post("/documents", response_model=UploadOut, status_code=201,
             dependencies=[Depends(require_token)], openapi_extra=_UPLOAD_BODY,
             responses={200: {"model": UploadOut, "description": "already loaded"},
                        400: {"model": ErrorOut}, 401: {"model": ErrorOut},
                        413: {"model": ErrorOut}})
async def upload_document(request: Request, response: Response, settings: SettingsDep,
                          cache: CacheDep) -> UploadOut:
    """Upload one report (multipart field `file`): it is read, extracted and loaded in one
    transaction, completely or not at all. 201 with what was added; 200 when the same
    bytes were loaded before; 400 unreadable; 413 over ANSVARSGRAF_MAX_UPLOAD_MB."""
    name, data = await read_upload(request, settings.max_upload_bytes)
    doc = await run_in_threadpool(extract_upload, data, name)
    result = await run_in_threadpool(cache.store.write_document, doc)
    if result.loaded:
        cache.invalidate()
    else:
        response.status_code = 200
    r = doc.report
    return UploadOut(id=r.id, file_name=r.file_name, title=r.title, municipality=r.municipality,
                     format=r.format, loaded=result.loaded, nodes=result.nodes,
                     edges=result.edges, evidence=result.evidence,
                     labels=dict(Counter(n.label for n in doc.nodes)),
                     types=dict(Counter(e.type for e in doc.edges)))
