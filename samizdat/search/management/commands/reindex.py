"""`samizdat reindex`: rebuild the search index from the posts."""

from django.core.management.base import BaseCommand

from samizdat.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every public and scheduled post."

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} post{'s' if count != 1 else ''}."))
