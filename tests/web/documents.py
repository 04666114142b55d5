"""Helpers for the document tests: sample files, bombs, the upload form, a lazily made body."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from sqlalchemy import select

from web import database
from web.models import DocumentReview

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MB = 1024 * 1024


def png(width: int, height: int, idat: bytes = b"\x00") -> bytes:
    """Return a PNG with this header (1-bit greyscale) and image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def png_bomb() -> bytes:
    """Return a real decompression bomb: 20000 x 20000 pixels (50 MB of rows) in about 50 KB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 20000 // 8)
    data = b"".join(compressor.compress(row) for _ in range(20000)) + compressor.flush()
    return png(20000, 20000, data)


def jpeg(width: int, height: int) -> bytes:
    """Return a JPEG's segments up to the scan, with an EXIF-like segment before the frame."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + 3000) + b"\x00" * 3000
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    scan = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x00" * 64
    return b"\xff\xd8" + app0 + app1 + frame + scan + b"\xff\xd9"


def zip_bomb() -> bytes:
    """Return a zip whose one member inflates to 64 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("diploma.txt", "w") as member:
            for _ in range(64):
                member.write(b"\x00" * MB)
    return buffer.getvalue()


def upload(client, data: bytes, filename: str = "diploma.pdf", kind: str = "degree", **extra):
    """POST a document through the upload form, with a browser's file name and content type."""
    boundary = "tb-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in {"document_type": kind, **extra}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    # Built in memory: the test client's own encoder would leave a temporary file open.
    return client.post(
        "/documents",
        input_stream=io.BytesIO(b"".join(parts)),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def stored_files(app) -> list[Path]:
    """Return the files in the upload folder."""
    root = Path(app.config["HOME"]) / "uploads"
    return sorted(root.iterdir()) if root.exists() else []


def reviews(app) -> list[DocumentReview]:
    """Return every review, oldest first."""
    with app.app_context(), database.session_scope() as session:
        return list(session.scalars(select(DocumentReview).order_by(DocumentReview.id)))


def upload_limit_body(size: int):
    """Return a multipart body of `size` zero bytes in a file part, produced lazily."""
    boundary = "tbboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\ndegree\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return LazyBody(head, size, tail), f"multipart/form-data; boundary={boundary}"


class LazyBody(io.RawIOBase):
    """A request body made on the fly, counting how much of it the server read."""

    def __init__(self, head: bytes, zeros: int, tail: bytes) -> None:
        self.head, self.zeros, self.tail = head, zeros, tail
        self.length = len(head) + zeros + len(tail)
        self.served = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.served

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        # The test client measures the body by seeking to its end and back.
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.served, io.SEEK_END: self.length}[whence]
        self.served = base + offset
        return self.served

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.length - self.served)
        start, body_end = self.served, len(self.head) + self.zeros
        whole = self.head[start:] + b"\x00" * max(0, min(count, body_end - start))
        if start + count > body_end:
            whole = whole + self.tail[max(0, start - body_end) :]
        buffer[:count] = whole[:count]
        self.served += count
        return count
