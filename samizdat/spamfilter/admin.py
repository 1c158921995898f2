"""A read-only look inside the spam filter; it learns only from moderators' decisions."""

from django.contrib import admin, messages
from django.db.models import Subquery

from samizdat.spamfilter.classifier import feature_spamminess
from samizdat.spamfilter.features import feature_description
from samizdat.spamfilter.models import Corpus, Token
from samizdat.spamfilter.services import spam_reset


class ReadOnlyAdmin(admin.ModelAdmin):
    # Hand-edited counts would no longer match the documents trained; moderating is the way in.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Token)
class TokenAdmin(ReadOnlyAdmin):
    list_display = ("feature", "meaning", "spam_count", "ham_count", "spamminess")
    search_fields = ("feature",)
    ordering = ("-spam_count", "-ham_count", "feature")
    show_full_result_count = False

    def get_queryset(self, request):
        totals = Corpus.objects.filter(pk=1)
        return (
            super()
            .get_queryset(request)
            .annotate(
                spam_total=Subquery(totals.values("spam_documents")),
                ham_total=Subquery(totals.values("ham_documents")),
            )
        )

    @admin.display(description="Meaning")
    def meaning(self, token: Token) -> str:
        return feature_description(token.feature)

    @admin.display(description="Spam probability")
    def spamminess(self, token: Token) -> str:
        probability = feature_spamminess(
            spam=token.spam_count,
            ham=token.ham_count,
            spam_total=token.spam_total or 0,
            ham_total=token.ham_total or 0,
        )
        return f"{probability:.2f}"


@admin.register(Corpus)
class CorpusAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "spam_documents", "ham_documents")
    actions = ["forget_training"]

    def has_reset_permission(self, request) -> bool:
        return request.user.has_perm("spamfilter.delete_token")

    @admin.action(description="Forget all training (the filter starts over)", permissions=["reset"])
    def forget_training(self, request, queryset) -> None:
        spam_reset()
        self.message_user(request, "The spam filter forgot its training.", messages.SUCCESS)
