"""Compile the Russian translation catalogues (.po) into the files Flask-Babel reads (.mo)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from web.config import TRANSLATIONS


def catalogues() -> list[Path]:
    """Return every .po file under the translations folder."""
    return sorted(TRANSLATIONS.glob("*/*/LC_MESSAGES/messages.po"))


def compiled(po_path: Path) -> bytes:
    """Return the .mo bytes a .po file compiles to."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    """Write the .mo beside every .po whose compiled form changed; return those written."""
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if not mo_path.exists() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
            written.append(mo_path)
    return written
