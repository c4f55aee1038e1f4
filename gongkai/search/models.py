"""The search app's data: the editable dictionaries and the public search index."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserTerm(models.Model):
    """用户词典: a term the segmenter must keep whole (八八战略, 最多跑一次, 金东区)."""

    word = models.CharField(_("词语"), max_length=50, unique=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("分词词典")
        verbose_name_plural = _("分词词典")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class SynonymSet(models.Model):
    """同义词组: terms a query for any of them also searches (社保/社会保险)."""

    terms = models.CharField(
        _("同义词"), max_length=500, help_text=_("用“/”或逗号分隔，如：社保/社会保险。")
    )

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " / ".join(self.term_list())

    def term_list(self) -> list[str]:
        from .synonyms import split_terms

        return split_terms(self.terms)


class HotTermRule(models.Model):
    """热门检索 curation: a phrase pinned to the top of the list, or never shown."""

    class Action(models.TextChoices):
        PIN = "pin", _("置顶")
        HIDE = "hide", _("隐藏")

    phrase = models.CharField(_("检索词"), max_length=30, unique=True)
    action = models.CharField(_("处理"), max_length=4, choices=Action.choices)
    sort_order = models.PositiveSmallIntegerField(
        _("置顶顺序"), default=0, help_text=_("置顶词按此数字从小到大排列。")
    )

    class Meta:
        verbose_name = _("热门检索词")
        verbose_name_plural = _("热门检索词")
        ordering = ["action", "sort_order", "phrase"]

    def __str__(self) -> str:
        return f"{self.phrase}（{self.get_action_display()}）"

    def save(self, *args, **kwargs):
        self.phrase = self.phrase.strip()
        super().save(*args, **kwargs)


class SearchTerm(models.Model):
    """A word seen in the index, with its pinyin key: the vocabulary for pinyin
    queries and misspelling correction."""

    word = models.CharField(max_length=50, unique=True)
    pinyin = models.CharField(max_length=200, db_index=True)
    # One letter a syllable (政府信息公开 → zfxxgk): initials-only pinyin queries.
    initials = models.CharField(max_length=50, db_index=True, default="")
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("索引词")

    def __str__(self) -> str:
        return self.word


class SearchDocument(models.Model):
    """One live public item in the public search index, denormalised for facets.

    The segmented text lives beside it: an FTS5 table `search_fts` (rowid = page id)
    on SQLite, the `vector` and `title_vector` columns (GIN-indexed) on PostgreSQL.
    """

    # No database constraint: the index is derived data kept by tasks, and bulk loads
    # (rebuilds, benchmarks) write it without touching the page tree.
    page = models.OneToOneField(
        "wagtailcore.Page",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(max_length=255)
    body_text = models.TextField(blank=True)  # plain text for snippets
    column_id = models.IntegerField(null=True, db_index=True)
    genre_id = models.IntegerField(null=True, db_index=True)
    topic_id = models.IntegerField(null=True, db_index=True)
    publisher_id = models.IntegerField(null=True, db_index=True)
    year = models.IntegerField(null=True, db_index=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    index_number = models.CharField(max_length=64, blank=True, db_index=True)
    document_number = models.CharField(max_length=100, blank=True)
    document_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    validity = models.CharField(max_length=20, blank=True)
    vector = SearchVectorField(null=True)  # PostgreSQL only
    title_vector = SearchVectorField(null=True)  # PostgreSQL only: title-only searches

    class Meta:
        verbose_name = _("检索索引条目")

    def __str__(self) -> str:
        return self.title


class SearchTermKey(models.Model):
    """A vocabulary word filed under one wildcard key (政府 → *府, 政*), for
    misspelling correction (see corrections.py)."""

    key = models.CharField(max_length=50, db_index=True)
    word = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "word"], name="unique_search_term_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.word}"


class LetterText(models.Model):
    """The search form of a letter's public text (互动交流, /hudong/?q=): each public
    field (`interaction.selectors.PUBLIC_TEXT_FIELDS`) through `normalisation.normalise`,
    the function the page index and the query go through, so a letter written in
    traditional or full-width characters meets a simplified, half-width query.

    Kept by a post_save handler on the letter (signal_handlers.py). Letters are not in
    the page index (a handful a month, their public text changes with each reply); the
    writer's name, phone and e-mail are never copied here."""

    letter = models.OneToOneField(
        "interaction.Letter",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    subject = models.TextField(blank=True)
    public_body = models.TextField(blank=True)
    reply = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.subject


class IndexGeneration(models.Model):
    """One row: a counter raised whenever what a search can return changes (an item
    indexed or removed, the index rebuilt, a synonym or dictionary word edited).

    The search result cache (result_cache.py) keys its entries on it, so a publish
    shows up in the next search of every server process at once. It lives in the
    database, not in process memory or the local cache, because `gongkai serve
    --workers N` and separate instances are different processes that all read it.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("检索索引版本")
        verbose_name_plural = _("检索索引版本")

    def __str__(self) -> str:
        return str(self.value)


class StoredLanguageModel(models.Model):
    """One row: the character language model of the indexed text that misspelling
    correction judges by (language_model.CharModel, stored by lm_store.py).

    Built by the worker (search/tasks.py) after the index generation changes, never
    inside a request: a request only loads the stored bytes. In the database rather
    than a file under the data directory because the worker that builds it and the
    servers that read it may be different machines (a `gongkai worker` host, several
    `gongkai serve` instances) that share only the database.
    """

    # The IndexGeneration value the model was built from.
    generation = models.BigIntegerField(default=0)
    built_at = models.DateTimeField()
    characters = models.PositiveIntegerField(default=0)
    data = models.BinaryField()

    class Meta:
        verbose_name = _("纠错语言模型")
        verbose_name_plural = _("纠错语言模型")

    def __str__(self) -> str:
        return f"{self.generation} ({self.characters})"
