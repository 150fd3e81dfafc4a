"""Keep each publication's search tokens current on every save (DESIGN §7)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from catalog import fragments
from catalog.models import (
    Attachment,
    Department,
    Division,
    DivisionOutline,
    Domain,
    Entry,
    Facility,
    FacilityKind,
    MapSettings,
    NewMediaAccount,
    Publication,
    ReviewPoint,
    SearchSynonym,
    Tag,
)
from catalog.search import publication_search_text
from portal.models import SiteInfo

TEXT_FIELDS = frozenset({"title", "body", "document_number"})


@receiver(pre_save, sender=Publication)
def tokenise_for_search(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or TEXT_FIELDS & set(update_fields):
        instance.search_text = publication_search_text(instance)


@receiver(post_save, sender=Publication)
def store_tokens_of_partial_save(sender, instance, update_fields=None, **kwargs):
    """A save(update_fields=[...]) naming a text field but not search_text still stores the new tokens."""
    if update_fields is not None and TEXT_FIELDS & set(update_fields) and "search_text" not in update_fields:
        Publication.objects.filter(pk=instance.pk).update(search_text=instance.search_text)


@receiver(post_save, sender=Publication)
@receiver(post_delete, sender=Publication)
@receiver(post_save, sender=Entry)
@receiver(post_delete, sender=Entry)
@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
@receiver(post_save, sender=Division)
@receiver(post_delete, sender=Division)
@receiver(post_save, sender=Department)
@receiver(post_delete, sender=Department)
@receiver(post_save, sender=Attachment)
@receiver(post_delete, sender=Attachment)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=NewMediaAccount)
@receiver(post_delete, sender=NewMediaAccount)
@receiver(post_save, sender=SiteInfo)
@receiver(post_save, sender=Facility)
@receiver(post_delete, sender=Facility)
@receiver(post_save, sender=FacilityKind)
@receiver(post_delete, sender=FacilityKind)
@receiver(post_save, sender=DivisionOutline)
@receiver(post_delete, sender=DivisionOutline)
@receiver(post_save, sender=MapSettings)
@receiver(post_save, sender=ReviewPoint)
@receiver(post_delete, sender=ReviewPoint)
@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
@receiver(m2m_changed, sender=Publication.related.through)
@receiver(m2m_changed, sender=Entry.tags.through)
def invalidate_cached_fragments(sender, **kwargs):
    """Directory counts, lists, a published item's page, the footer, what search knows (synonyms, entry names) or
    what a village page's map shows change: cached fragments, pages and search tables are out of date."""
    fragments.bump()
