"""Abstract models every domain app builds on: NFC-normalised text and the materialized-path tree."""

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Max, Q, Window
from django.utils.translation import gettext_lazy as _

from diaban.core.limits import text_length, too_long
from diaban.core.text import nfc

# Path segments: fixed width, base 36, so that string order is sibling order and any subtree is
# one indexed prefix match ("path LIKE '0A1B%'"). 36**4 = 1.6 million children per node.
SEGMENT_LENGTH = 4
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def subtree_q(field: str, prefix: str) -> Q:
    """Rows whose materialized path `field` lies under `prefix` (the prefix itself included), index-friendly.

    PostgreSQL serves LIKE 'prefix%' from the varchar_pattern_ops index. SQLite's LIKE ignores case and
    never uses an index, so there the same set is written as a range: paths hold only 0-9 and A-Z, which
    sort below "~" in SQLite's binary order.
    """
    if connection.vendor == "sqlite":
        return Q(**{field + "__gte": prefix, field + "__lt": prefix + "~"})
    return Q(**{field + "__startswith": prefix})


def within_any_q(field: str, prefixes) -> Q:
    """Rows whose path `field` lies under any of `prefixes` (each as in `subtree_q`); none when there are none."""
    condition = Q(pk__in=[])
    for prefix in sorted(set(prefixes)):
        condition |= subtree_q(field, prefix)
    return condition


def first_with_count(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many there are in all, in one query (a window count):
    the list and its count each walked the same joins."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_rows if rows else 0)


def encode_segment(number: int) -> str:
    if number < 0 or number >= 36**SEGMENT_LENGTH:
        raise ValueError("path segment out of range: {}".format(number))
    out = ""
    for _i in range(SEGMENT_LENGTH):
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    return out


def decode_segment(segment: str) -> int:
    return int(segment, 36)


class NormalizedTextModel(models.Model):
    """Stores every text field in Unicode NFC, whatever the input device sent, and holds each typed text to its
    field's `max_length` (core.limits), which Django itself checks for no TextField."""

    class Meta:
        abstract = True

    def normalize_text(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))

    def text_length_errors(self, names=None, exclude=()) -> dict[str, list[str]]:
        """{field: [message]} for each typed text (of `names`, or all) longer than its field's `max_length`."""
        errors = {}
        for field in self._meta.concrete_fields:
            if (names is not None and field.name not in names) or field.name in exclude:
                continue
            if not isinstance(field, (models.CharField, models.TextField)) or not field.editable or field.choices:
                continue
            value = getattr(self, field.attname)
            length = text_length(value)
            if field.max_length is not None and length > field.max_length:
                errors[field.name] = [too_long(field.verbose_name, length, field.max_length)]
        return errors

    def check_text_lengths(self, names=None) -> None:
        """Raise ValidationError naming each text field (of `names`, or all) that is too long: for services that
        set fields one by one and save without `full_clean`."""
        errors = self.text_length_errors(names)
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        # The product's message (field, length, limit) replaces Django's, and reaches TextFields too.
        exclude = set(exclude or ())
        errors = self.text_length_errors(exclude=exclude)
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalize_text()
        super().save(*args, **kwargs)


class TreeNode(NormalizedTextModel):
    """A node of a tree stored as parent link plus materialized path.

    Paths never change once written: a unit that moves is closed and succeeded by a new node (see
    territory.services), so history stays where it was recorded.
    """

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("cấp trên")
    )
    path = models.CharField(_("đường dẫn"), max_length=96, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("độ sâu"), editable=False)

    class Meta:
        abstract = True
        ordering = ["path"]

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(SEGMENT_LENGTH, len(self.path), SEGMENT_LENGTH)]

    @classmethod
    def next_child_paths(cls, parent, count: int = 1) -> list[str]:
        """`count` unused paths for new children of `parent` (None for roots), in order."""
        prefix = parent.path if parent is not None else ""
        siblings = cls._default_manager.filter(parent=parent) if parent else cls._default_manager.filter(depth=1)
        last = siblings.aggregate(last=Max("path"))["last"]
        start = decode_segment(last[-SEGMENT_LENGTH:]) + 1 if last else 0
        return [prefix + encode_segment(start + i) for i in range(count)]

    @classmethod
    def assign_paths(cls, new_nodes: list) -> None:
        """Paths and depths for unsaved nodes (their `parent` set), one query per parent, before a bulk insert."""
        by_parent: dict = {}
        for node in new_nodes:
            by_parent.setdefault(node.parent.pk if node.parent else None, []).append(node)
        for siblings in by_parent.values():
            for node, path in zip(siblings, cls.next_child_paths(siblings[0].parent, len(siblings)), strict=True):
                node.path, node.depth = path, len(path) // SEGMENT_LENGTH

    def place_under(self, parent) -> None:
        """Give a new node its path and depth under `parent`."""
        self.parent = parent
        self.path = self.next_child_paths(parent)[0]
        self.depth = len(self.path) // SEGMENT_LENGTH

    def save(self, *args, **kwargs):
        if not self.path:
            self.place_under(self.parent)
        super().save(*args, **kwargs)
