"""Compile every web/translations/*/ru/LC_MESSAGES/messages.po into its .mo file."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Compile the catalogues and say which files changed."""
    from web.translations_tool import compile_all

    for path in compile_all():
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
