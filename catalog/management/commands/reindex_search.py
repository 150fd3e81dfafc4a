"""Recompute every publication's search tokens, e.g. after a bulk import that bypassed save()."""

from django.core.management.base import BaseCommand

from catalog.models import Publication
from catalog.search import publication_search_text

BATCH = 500


class Command(BaseCommand):
    help = "重建公开信息的检索分词（批量导入后运行）。"

    def handle(self, *args, **options):
        changed = 0
        batch = []
        for publication in Publication.objects.only("pk", "title", "body", "document_number", "search_text").iterator(
            chunk_size=BATCH
        ):
            tokens = publication_search_text(publication)
            if tokens != publication.search_text:
                publication.search_text = tokens
                batch.append(publication)
            if len(batch) >= BATCH:
                changed += Publication.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            changed += Publication.objects.bulk_update(batch, ["search_text"])
        self.stdout.write(self.style.SUCCESS(f"已更新 {changed} 条公开信息的检索分词。"))
