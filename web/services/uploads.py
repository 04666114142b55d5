"""Document files: accepted by their bytes, stored outside the web root, deleted on a deadline.

Only PDF, JPEG and PNG are accepted, recognised by their first bytes (never the file name or the
type the browser claims). Archives and office files (a zip bomb) are refused unopened; an image
whose header declares more than UPLOAD_MAX_PIXELS (a decompression bomb) is refused without being
decoded. A file is written under a random name in UPLOAD_ROOT with O_EXCL and mode 0600; the name
the person's computer gave it is never used or kept.
"""

from __future__ import annotations

import os
import re
import secrets
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import TalentBridgeError
from web.models import DocumentReview

# (first bytes, detected type, extension of the generic download name)
ACCEPTED = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
EXTENSIONS = {content_type: extension for _magic, content_type, extension in ACCEPTED}
# Containers refused with a message of their own: zip (and docx, xlsx, odt), old Office, rar,
# 7-Zip, gzip, bzip2, xz.
CONTAINERS = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
)
STORED_NAME = re.compile(r"[0-9a-f]{32}")
CHUNK = 64 * 1024
# JPEG start-of-frame markers, which carry the image size (not DHT C4, JPG C8 or DAC CC).
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# A file in the folder that no review names (a crash between writing and committing) goes after
# this long.
ORPHAN_GRACE_SECONDS = 3600


class UploadError(TalentBridgeError):
    """A file that is not accepted, with the reason the person reads."""


@dataclass(frozen=True)
class StoredFile:
    """A file written to the upload folder: its random name, detected type and size."""

    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class PurgeReport:
    """What a purge deleted: files of reviews past their deadline and files no review names."""

    expired: int
    orphans: int


def upload_root() -> Path:
    """Return the upload folder (UPLOAD_ROOT, or HOME/uploads), created private if missing."""
    config = current_app.config
    root = Path(config.get("UPLOAD_ROOT") or Path(config["HOME"]) / "uploads")
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def file_path(name: str) -> Path:
    """Return where a stored file lives; refuse anything but a name this module made."""
    if not STORED_NAME.fullmatch(name or ""):
        raise ValueError("not a stored file name")
    return upload_root() / name


def detect(head: bytes) -> str:
    """Return the content type the first bytes of a file show, or raise UploadError."""
    if not head:
        raise UploadError(_l("The file is empty."))
    if head.startswith(CONTAINERS):
        raise UploadError(
            _l("Archives and office files are not accepted. Upload a PDF, JPEG or PNG.")
        )
    for magic, content_type, _extension in ACCEPTED:
        if head.startswith(magic):
            return content_type
    raise UploadError(_l("Only PDF, JPEG and PNG files are accepted."))


def png_size(head: bytes) -> tuple[int, int]:
    """Return (width, height) from a PNG's header chunk."""
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise UploadError(_l("The image is damaged."))
    return struct.unpack(">II", head[16:24])


def jpeg_size(handle: BinaryIO) -> tuple[int, int]:
    """Return (width, height) from a JPEG's frame header, walking its segments."""
    handle.seek(2)
    for _segment in range(10_000):
        byte = handle.read(1)
        while byte and byte != b"\xff":  # stray bytes between segments
            byte = handle.read(1)
        marker = handle.read(1)
        while marker == b"\xff":  # fill bytes
            marker = handle.read(1)
        if not marker:
            break
        code = marker[0]
        if code == 0x01 or 0xD0 <= code <= 0xD8:
            continue  # markers without a length
        if code in (0xD9, 0xDA):
            break  # end of image or start of scan before any frame header
        length_bytes = handle.read(2)
        if len(length_bytes) < 2:
            break
        (length,) = struct.unpack(">H", length_bytes)
        if code in JPEG_FRAMES:
            frame = handle.read(5)
            if len(frame) < 5:
                break
            _precision, height, width = struct.unpack(">BHH", frame)
            return width, height
        if length < 2:
            break
        handle.seek(length - 2, os.SEEK_CUR)
    raise UploadError(_l("The image is damaged."))


def _check_pixels(width: int, height: int) -> None:
    if width == 0 or height == 0:
        raise UploadError(_l("The image is damaged."))
    if width * height > current_app.config["UPLOAD_MAX_PIXELS"]:
        raise UploadError(
            _l(
                "The image is too large (%(width)s × %(height)s pixels).",
                width=width,
                height=height,
            )
        )


def store(stream: BinaryIO) -> StoredFile:
    """Check and write an uploaded file under a new random name; raise UploadError if refused."""
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    head = stream.read(CHUNK)
    content_type = detect(head)
    if content_type == "image/png":
        _check_pixels(*png_size(head))
    name = secrets.token_hex(16)
    path = file_path(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(path, flags, 0o600)
    size = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > max_bytes:
                    raise UploadError(
                        _l("The file is larger than %(limit)s MB.", limit=max_bytes // 2**20)
                    )
                handle.write(chunk)
                chunk = stream.read(min(CHUNK, max_bytes + 1 - size))
        if content_type == "image/jpeg":
            with path.open("rb") as handle:
                _check_pixels(*jpeg_size(handle))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(name=name, content_type=content_type, size=size)


def delete_file(name: str | None) -> None:
    """Delete a stored file if it is still there."""
    if name:
        file_path(name).unlink(missing_ok=True)


def forget_file(review: DocumentReview) -> None:
    """Delete a review's file and clear what described it, keeping the review itself."""
    delete_file(review.stored_name)
    review.stored_name = None
    review.content_type = None
    review.size = None


def delete_user_files(session: Session, user_id: int) -> int:
    """Delete every stored file of a person (account erasure); return how many there were."""
    reviews = session.scalars(
        select(DocumentReview).where(
            DocumentReview.user_id == user_id, DocumentReview.stored_name.is_not(None)
        )
    ).all()
    for review in reviews:
        forget_file(review)
    session.flush()
    return len(reviews)


def purge_expired(session: Session, now: datetime) -> PurgeReport:
    """Delete files past their deadline, decided or not, and files that no review names.

    An undecided review whose file is gone can no longer be decided: it becomes `expired`.
    """
    reviews = session.scalars(
        select(DocumentReview).where(
            DocumentReview.stored_name.is_not(None), DocumentReview.delete_after <= now
        )
    ).all()
    for review in reviews:
        forget_file(review)
        if review.status in ("pending", "disputed"):
            review.status = "expired"
    session.flush()
    named = set(
        session.scalars(
            select(DocumentReview.stored_name).where(DocumentReview.stored_name.is_not(None))
        )
    )
    orphans = 0
    cutoff = now.timestamp() - ORPHAN_GRACE_SECONDS
    with os.scandir(upload_root()) as entries:
        for entry in entries:
            if not STORED_NAME.fullmatch(entry.name) or entry.name in named:
                continue
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                orphans += 1
    return PurgeReport(expired=len(reviews), orphans=orphans)
