"""Document uploads and the attacks of issue 4: a 50 MB body, a zip bomb, a decompression bomb,
a `../../` file name. Only PDF, JPEG and PNG, recognised by their bytes, are stored, under random
names outside the web root."""

from __future__ import annotations

import re
import stat
import tracemalloc
from pathlib import Path

import pytest

from .documents import (
    MB,
    PDF,
    jpeg,
    png,
    png_bomb,
    reviews,
    stored_files,
    upload,
    upload_limit_body,
    zip_bomb,
)


@pytest.fixture(autouse=True)
def password_only_sign_in(app):
    """Sign staff in with a password alone: two-factor sign-in has tests of its own."""
    app.config["MFA_REQUIRED_ROLES"] = ()


@pytest.fixture()
def exile(auth):
    """Sign in an exile; return their id."""
    user_id = auth.create("anna@example.org")
    auth.login("anna@example.org")
    return user_id


def test_a_pdf_is_stored_under_a_random_name_private_to_the_app(app, client, exile):
    response = upload(client, PDF)

    assert response.status_code == 302
    [review] = reviews(app)
    [path] = stored_files(app)
    assert re.fullmatch(r"[0-9a-f]{32}", path.name) and path.name == review.stored_name
    assert path.read_bytes() == PDF
    assert review.content_type == "application/pdf" and review.size == len(PDF)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    static = Path(app.static_folder).resolve()
    assert not path.resolve().is_relative_to(static)
    assert "Waiting for moderators" in client.get("/documents").get_data(as_text=True)


@pytest.mark.parametrize(
    "filename", ["../../../../etc/passwd", "..\\..\\..\\evil.pdf", "/tmp/absolute.pdf", "../"]
)
def test_a_path_in_the_file_name_has_no_effect(app, client, exile, filename):
    response = upload(client, PDF, filename=filename)

    assert response.status_code == 302
    [review] = reviews(app)
    [path] = stored_files(app)
    assert path.parent == Path(app.config["HOME"]) / "uploads"
    assert re.fullmatch(r"[0-9a-f]{32}", path.name)
    home = Path(app.config["HOME"])
    assert (
        sorted(p.name for p in home.rglob("*") if p.is_file() and p.parent.name != "uploads") == []
    )
    assert not Path("/tmp/absolute.pdf").exists()
    # The name the browser sent is kept nowhere.
    name = Path(filename.replace("\\", "/")).name or filename
    row = " ".join(str(value) for value in vars(review).values())
    assert name not in row and "passwd" not in row


def test_a_50_mb_upload_is_refused_unread(app, client, exile):
    body, content_type = upload_limit_body(50 * MB)
    tracemalloc.start()
    try:
        response = client.post("/documents", input_stream=body, content_type=content_type)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 413
    assert "at most 5 MB" in response.get_data(as_text=True)
    assert body.served == 0  # the declared length alone was enough to refuse it
    assert peak < 5 * MB
    assert reviews(app) == [] and stored_files(app) == []


def test_an_upload_without_a_declared_length_is_refused_unread(app, client, exile):
    body, content_type = upload_limit_body(50 * MB)

    response = client.post(
        "/documents",
        input_stream=body,
        content_type=content_type,
        environ_overrides={"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True},
    )

    assert response.status_code == 411
    assert body.served == 0
    assert reviews(app) == [] and stored_files(app) == []


def test_a_file_just_over_the_limit_gets_a_form_error(app, client, exile):
    response = upload(client, PDF + b"\x00" * (5 * MB))

    assert response.status_code == 422
    assert "larger than 5 MB" in response.get_data(as_text=True)
    assert reviews(app) == [] and stored_files(app) == []


def test_the_upload_limit_applies_before_the_csrf_check_and_only_there(app, client, exile):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/documents").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    three_mb = PDF + b"\x00" * (3 * MB)

    assert upload(client, three_mb, csrf_token=token).status_code == 302
    assert len(stored_files(app)) == 1
    # Elsewhere the global 2 MB limit stands.
    elsewhere = client.post("/vouching/1/revoke", data={"csrf_token": token, "x": "a" * 3 * MB})
    assert elsewhere.status_code == 413


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (zip_bomb(), "diploma.pdf", "Archives and office files are not accepted"),
        (zip_bomb(), "diploma.docx", "Archives and office files are not accepted"),
        (png_bomb(), "scan.png", "The image is too large (20000 × 20000 pixels)"),
        (jpeg(65000, 65000), "scan.jpg", "The image is too large (65000 × 65000 pixels)"),
        (b"<html><script>alert(1)</script>%PDF-1.4", "diploma.pdf", "Only PDF, JPEG and PNG"),
        (b"", "empty.pdf", "The file is empty"),
        (b"\x89PNG\r\n\x1a\nnot a header at all....", "broken.png", "The image is damaged"),
    ],
    ids=["zip-bomb", "docx", "png-bomb", "jpeg-bomb", "html-as-pdf", "empty", "broken-png"],
)
def test_bombs_and_other_files_are_refused_unopened(app, client, exile, data, filename, message):
    response = upload(client, data, filename=filename)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert reviews(app) == [] and stored_files(app) == []


def test_images_within_the_pixel_limit_are_accepted(app, client, exile):
    assert upload(client, png(2480, 3508), filename="scan.png").status_code == 302
    assert (
        upload(client, jpeg(3000, 4000), filename="scan.jpg", kind="press_card").status_code == 302
    )

    assert [r.content_type for r in reviews(app)] == ["image/png", "image/jpeg"]


def test_a_person_may_have_two_documents_waiting_at_a_time(app, client, exile):
    assert upload(client, PDF).status_code == 302
    assert upload(client, PDF).status_code == 302

    response = upload(client, PDF)

    assert response.status_code == 422 and "waiting for review" in response.get_data(as_text=True)
    assert len(stored_files(app)) == 2
