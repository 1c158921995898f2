"""Sites imported before posts kept the old numbers themselves: record them as LegacyAddress
rows from the import mapping, as an import now does at its end."""

from django.db import migrations

KINDS = {"post", "page", "attachment", "category", "author"}


def legacy_addresses_from_mapping(apps, schema_editor):
    ImportedItem = apps.get_model("importers", "ImportedItem")
    LegacyAddress = apps.get_model("posts", "LegacyAddress")
    Redirect = apps.get_model("posts", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")
    models = {ct.pk: ct.model for ct in ContentType.objects.all()}
    field_of = {"post": "post_id", "page": "page_id", "category": "category_id", "user": "author_id"}
    rows = {}
    for item in ImportedItem.objects.filter(kind__in=KINDS, source_id__isnull=False).order_by(
        "updated_at", "pk"
    ):
        address = LegacyAddress(kind=item.kind, number=item.source_id)
        if item.kind == "attachment":
            redirect = Redirect.objects.filter(old_path=item.old_path).first() if item.old_path else None
            if redirect is not None and (redirect.post_id or redirect.page_id):
                address.post_id, address.page_id = redirect.post_id, redirect.page_id
            else:
                address.url = item.source_url  # the copy here, if any, is found by the next import
            if not (address.post_id or address.page_id or address.url):
                continue
        else:
            field = field_of.get(models.get(item.content_type_id, ""))
            if field is None or item.object_id is None:
                continue
            setattr(address, field, item.object_id)
        rows[(item.kind, item.source_id)] = address  # the latest import of a number wins
    LegacyAddress.objects.bulk_create(rows.values(), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0001_initial"),
        ("posts", "0002_legacy_addresses"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(legacy_addresses_from_mapping, migrations.RunPython.noop)]
