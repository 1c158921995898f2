"""Property: whatever is done to an export — bytes cut, flipped or inserted, elements removed,
repeated or given odd values — an import ends in a clean import or a clear WXRError, never a
traceback, and a refused file writes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from samizdat.importers.models import ImportedItem
from samizdat.importers.services import WXRError, wordpress_import
from samizdat.posts.models import Post
from tests.importers.wxr import C, I, export

pytestmark = pytest.mark.django_db

BASE = export(
    I(1, slug="one", content="Para one.\n\nPara [caption]<img src=x>Cap[/caption] two.",
      categories=[("kid", "Kid")], tags=[("t", "T")],
      comments=[C(11, parent=10), C(10), C(12, approved="spam"), C(13, type="pingback")]),
    I(2, slug="two", status="draft", date_gmt="0000-00-00 00:00:00"),
    I(3, title="Page", slug="page", type="page", parent=4),
    I(4, title="Top", slug="top", type="page"),
    I(5, title="pic", slug="pic", type="attachment", status="inherit", parent=1,
      attachment_url="https://old.example.org/wp-content/uploads/pic.jpg"),
    categories=[("kid", "Kid", "mum"), ("mum", "Mum", "")], tags=[("t", "T")],
).encode()  # fmt: skip

ODD_VALUES = st.one_of(
    st.sampled_from(
        ["", "0", "-1", "abc", "99999999999999999999999", "0000-00-00 00:00:00", "2020-13-45 25:61",
         "../../../etc/passwd", "<script>alert(1)</script>", "%ce%b5%zz", "future", "trash",
         "spam", "note", "page", "attachment", "post", "https://old.example.org/?p=1", "1", "2"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300),
)  # fmt: skip


@st.composite
def byte_mutations(draw) -> bytes:
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "delete", "insert", "flip"]))
        if action == "cut":
            del data[at:]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif data and at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


@st.composite
def element_mutations(draw) -> bytes:
    root = etree.fromstring(BASE)
    for _ in range(draw(st.integers(1, 5))):
        elements = list(root.iter())[2:]  # below <rss> and <channel>
        if not elements:
            break
        element = draw(st.sampled_from(elements))
        action = draw(st.sampled_from(["remove", "repeat", "text", "text", "text"]))
        parent = element.getparent()
        if action == "remove" and parent is not None:
            parent.remove(element)
        elif action == "repeat" and parent is not None:
            parent.insert(parent.index(element), etree.fromstring(etree.tostring(element)))
        else:
            element.text = draw(ODD_VALUES)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _check(data: bytes, tmp_path, user) -> None:
    path = tmp_path / "mutated.xml"
    path.write_bytes(data)
    rows = ImportedItem.objects.count()
    try:
        wordpress_import(path=path, user=user)
    except WXRError as error:
        assert str(error).startswith(str(path))
        assert ImportedItem.objects.count() == rows  # a refused file writes nothing


SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=byte_mutations())
def test_damaged_bytes_give_a_clear_error_or_a_clean_import(data, tmp_path, administrator):
    _check(data, tmp_path, administrator)


@SETTINGS
@given(data=element_mutations())
def test_odd_elements_give_a_clear_error_or_a_clean_import(data, tmp_path, administrator):
    _check(data, tmp_path, administrator)


def test_the_unmutated_export_imports(tmp_path, administrator):
    _check(BASE, tmp_path, administrator)
    assert Post.objects.count() == 2
