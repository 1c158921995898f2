"""`samizdat import-wordpress` and `export-wordpress` from the shell: a table, a JSON report,
a dry run, and exit status 1 with a message when the file cannot be imported."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from samizdat.posts.models import Post
from tests.importers.wxr import C, I, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "old-blog.xml"
    path.write_text(
        export(
            I(1, slug="hello", content="Hi [gallery-of-doom] there", comments=[C(4)]),
            I(
                2,
                slug="pic",
                type="attachment",
                status="inherit",
                attachment_url="https://old.example.org/wp-content/uploads/pic.jpg",
            ),
            I(3, slug="who", creator="nobody"),
        )
    )
    return path


def test_the_import_prints_a_table_and_writes_a_json_report(export_file, tmp_path, administrator):
    out, report = io.StringIO(), tmp_path / "report.json"
    call_command("import-wordpress", str(export_file), report=report, stdout=out)
    text = out.getvalue()
    assert "Imported" in text and "Warnings" in text
    assert "'nobody' is not a declared author" in text
    assert "Left as text (not converted): shortcode [gallery-of-doom] ×1" in text
    data = json.loads(report.read_text())
    assert data["counts"]["post"] == {
        "imported": 2, "updated": 0, "unchanged": 0, "skipped": 0, "warnings": 1
    }  # fmt: skip
    assert data["counts"]["comment"]["imported"] == 1
    assert data["remote_media"] == ["https://old.example.org/wp-content/uploads/pic.jpg"]
    assert data["unsupported"] == {"shortcode [gallery-of-doom]": 1}
    assert data["site"] == "old.example.org" and data["wxr_version"] == "1.2"


def test_a_dry_run_reports_and_writes_nothing(export_file, administrator):
    out = io.StringIO()
    call_command("import-wordpress", str(export_file), dry_run=True, stdout=out)
    assert "Dry run: nothing was written" in out.getvalue()
    assert not Post.objects.exists()


def test_export_writes_the_site(export_file, tmp_path, administrator):
    call_command("import-wordpress", str(export_file), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export-wordpress", str(tmp_path / "out.xml"), stdout=out)
    assert "2 posts" in out.getvalue() and "1 comments" in out.getvalue()
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in (tmp_path / "out.xml").read_text()


def test_a_bad_file_exits_with_status_1_and_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "import-wordpress", str(tmp_path / "missing.xml")],
        capture_output=True,
        text=True,
        env={**os.environ, "SAMIZDAT_DATA_DIR": str(tmp_path / "data")},
        check=False,
    )
    assert result.returncode == 1
    assert "missing.xml: no such file" in result.stderr
