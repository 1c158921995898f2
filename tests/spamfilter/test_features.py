"""What the filter looks at in a message, and how each feature reads to a moderator."""

from samizdat.spamfilter.features import NUMBER, feature_description, message_features
from samizdat.spamfilter.services import Message


def test_words_are_lowercased_numbers_collapsed_and_odd_lengths_dropped():
    features = message_features(Message(text="Ｃasino CASINO 2024 1999 a " + "x" * 31 + " é_ok"))

    assert {"casino", NUMBER, "é_ok"} <= features
    assert "a" not in features
    assert not any(f.startswith("x") for f in features)


def test_links_count_once_whether_the_caller_or_the_text_names_them():
    """A link is a host, its registrable site and a link count; its words are not words."""
    features = message_features(
        Message(
            text="Buy at http://go.Cheap-Pills.example/buy?x=1, or www.best-casino.example.",
            urls=("http://go.cheap-pills.example/buy?x=1",),
        )
    )

    assert {
        "url:go.cheap-pills.example",
        "site:cheap-pills.example",
        "url:best-casino.example",
        "links:2",
    } <= features
    assert "pills" not in features
    assert "http" not in features


def test_many_links_share_one_bucket():
    links = " ".join(f"https://host{i}.example/" for i in range(7))

    assert "links:3+" in message_features(Message(text=links))
    assert "links:0" in message_features(Message(text="No links here."))


def test_author_fields_and_network_are_features():
    features = message_features(
        Message(
            text="Hello",
            author_name="Best Pharmacy 24",
            author_email="Deals@MailInator.example",
            author_url="https://www.rx-discount.example/shop",
            ip="203.0.113.45",
        )
    )

    assert {
        "name:best",
        "name:pharmacy",
        f"name:{NUMBER}",
        "email:mailinator.example",
        "website:rx-discount.example",
        "ip:203.0.113.0/24",
    } <= features


def test_ipv6_senders_are_grouped_by_their_48_and_nonsense_is_ignored():
    assert "ip:2001:db8:1::/48" in message_features(Message(text="", ip="2001:db8:1:2::7"))
    assert "ip:192.0.2.0/24" in message_features(Message(text="", ip="::ffff:192.0.2.9"))
    assert message_features(Message(text="", ip="not an address", author_email="nobody")) == {
        "links:0"
    }


def test_features_longer_than_a_token_row_holds_are_dropped():
    host = "a" * 60 + "." + "b" * 60 + ".example"

    features = message_features(Message(text=f"see http://{host}/"))

    assert not any(host in f for f in features)
    assert all(len(f) <= 100 for f in features)


def test_every_kind_of_feature_reads_as_words():
    described = {
        "casino": "word “casino”",
        NUMBER: "a number",
        "url:cheap-pills.example": "link to cheap-pills.example",
        "site:pills.example": "link to a site under pills.example",
        "links:3+": "three links or more",
        "links:0": "no links",
        "name:viagra": "name with “viagra”",
        "email:spambox.example": "email address at spambox.example",
        "website:rx.example": "website rx.example",
        "ip:203.0.113.0/24": "sent from network 203.0.113.0/24",
    }

    assert {f: feature_description(f) for f in described} == described
