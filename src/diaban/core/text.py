"""Vietnamese text: one normal form for storage, an accent-free key for search, a key for sorting people.

Everything stored goes through `nfc` (input from Word, Excel and phones mixes NFC and NFD; "Bến Tre" in NFD
does not equal "Bến Tre" in NFC). Search compares `fold`ed strings, so "ba tri" finds "Huyện Ba Tri" and "d"
matches "đ". People sort the Vietnamese way: by given name (the last word), then the middle names, then the
family name, each by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y)
with tones (ngang, huyền, hỏi, ngã, sắc, nặng) deciding only between otherwise equal spellings.
"""

import unicodedata

__all__ = ["nfc", "fold", "in_sentence", "person_sort_key", "vietnamese_sort_key"]

# Marks that make a different letter (ă â ê ô ơ ư), as opposed to tone marks.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}


def nfc(value):
    """Return `value` in Unicode NFC with surrounding blanks removed and line breaks as LF (a browser sends CR LF,
    and counts a line break as one character for `maxlength`); None and non-strings pass through."""
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


def nfc_text(value) -> str:
    """`nfc` of a typed text that may be missing: always a string, "" for None."""
    return nfc(value or "").strip()


def in_sentence(name: str) -> str:
    """A unit's name as it reads after a word in a sentence: "Xã Ba Tri" → "xã Ba Tri" ("Đảng ủy xã Ba Tri")."""
    return name[:1].lower() + name[1:]


def fold(value: str) -> str:
    """Accent-free, lower-case, single-spaced form used as a search key ("Huyện Ba Tri" → "huyen ba tri")."""
    if not value:
        return ""
    value = value.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.casefold().split())


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letters by the Vietnamese alphabet, tones) of one word; a number sorts by value ("Khu phố 2" < "10")."""
    if word.isdigit():
        return (0, int(word)), ()
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word.casefold()):
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        tone = 0
        for mark in marks:
            if mark == _BREVE:
                base = "ă"
            elif mark == _CIRCUMFLEX:
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == _HORN:
                base = {"o": "ơ", "u": "ư"}.get(base, base)
            elif mark in _TONES:
                tone = _TONES[mark]
        letters.append(_RANK.get(base, 100 + ord(base)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def vietnamese_sort_key(text: str) -> tuple:
    """Key ordering plain text by the Vietnamese alphabet, word by word, tones last."""
    words = [_word_key(w) for w in nfc(text or "").split()]
    return tuple(w[0] for w in words), tuple(w[1] for w in words)


def person_sort_key(full_name: str) -> tuple:
    """Key ordering people's names the Vietnamese way: given name, then middle names, then family name.

    "Nguyễn Văn An" < "Trần Thị Bình" < "Lê Văn Bình" < "Phạm Đức Chính".
    """
    words = nfc(full_name or "").split()
    if not words:
        return ((), ())
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    keys = [_word_key(w) for w in ordered]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


def _key_chars(word_key: tuple[tuple[int, ...], tuple[int, ...]]) -> tuple[str, str]:
    letters, tones = word_key
    if letters and letters[0] == 0 and len(letters) == 2:  # a number: (0, value)
        return "0" + format(min(letters[1], 36**6 - 1), "0>6"), ""
    return "".join(_base36_pair(rank) for rank in letters), "".join(str(t) for t in tones)


def _base36_pair(rank: int) -> str:
    rank = min(rank, 36 * 36 - 1)
    return "0123456789abcdefghijklmnopqrstuvwxyz"[rank // 36] + "0123456789abcdefghijklmnopqrstuvwxyz"[rank % 36]


def person_collation_key(full_name: str) -> str:
    """`person_sort_key` as a string of digits and lower-case letters, for ORDER BY in the database.

    Only [0-9a-z] and fixed-width letter codes, so byte order (SQLite) and any PostgreSQL collation agree:
    each word's letters as two base-36 characters ended by "00" (so "An" sorts before "Anh"), then all tones.
    """
    words = nfc(full_name or "").split()
    if not words:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    letters, tones = [], []
    for word in ordered:
        chars, tone = _key_chars(_word_key(word))
        letters.append(chars + "00")
        tones.append(tone)
    return ("".join(letters) + "0" + "".join(tones))[:250]


def format_int(number: int) -> str:
    """12345 → "12.345", as Vietnamese write numbers."""
    return "{:,}".format(int(number)).replace(",", ".")


def format_percent(share: float) -> str:
    """0.9876 → "98,7 %": rounded down, so only a complete whole reads 100 %."""
    tenths = int(share * 1000 + 1e-9)
    return "{},{} %".format(tenths // 10, tenths % 10)
