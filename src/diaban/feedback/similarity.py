"""Similar recommendations: the same problem raised in other words by other units.

Texts are compared on accent-folded syllables and pairs of neighbouring syllables ("nuoc", "ngot", "nuoc ngot"),
weighted by TF-IDF (scikit-learn) and compared by cosine similarity. Folding makes "nước ngọt" and "nuoc ngot"
(typed without accents on a phone) the same; pairs keep the compound words Vietnamese writes as separate
syllables. No model to download: the vocabulary is the candidates' own.
"""

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from diaban.core.text import fold

# Words in nearly every recommendation, and the name of the place (which says where, not what).
_STOP = frozenset(
    "de nghi kien nghi phan anh cua va cac cho duoc nguoi dan ba con xa ap thon khu pho to huyen tinh "
    "nay co la voi trong tai vi nhung mot da dang se can them ve "
    "khong bi rat nhieu hoac hay hon chua phai o deu nhat moi".split()
)
# Words of two syllables that ask or qualify, whatever the problem ("xem xét", "hỗ trợ", "nguy hiểm"). Removed as
# phrases: one of their syllables alone may be a word of a problem ("hộ" in "hỗ trợ" folds like "hộ", a household).
_STOP_PHRASES = re.compile(
    r"\b(?:xem xet|giai quyet|kiem tra|xu ly|huong dan|ho tro|tang cuong|bo tri|thuc hien|quan ly|bao dam|"
    r"de xuat|co bien phap|tinh trang|thoi gian|hien nay|gan day|ngay cang|lien tiep|dung muc|nguy hiem|"
    r"kho khan|lo lang|buc xuc|su dung|mot so)\b"
)
_SYLLABLE = re.compile(r"[0-9a-z]+")
# Below this, two texts share little more than chance words. Without the words above, what two texts share is about
# the problem: the same problem in other words often shares only its two or three key terms (0.07–0.15).
MIN_SCORE = 0.07


def syllable_features(text: str) -> list[str]:
    features = []
    for part in _STOP_PHRASES.split(fold(text)):  # no pair across a removed phrase
        syllables = [s for s in _SYLLABLE.findall(part) if s not in _STOP]
        features += syllables + [a + " " + b for a, b in zip(syllables, syllables[1:], strict=False)]
    return features


@dataclass(frozen=True)
class Match:
    pk: int
    score: float


def rank_similar(text: str, candidates: list[tuple[int, str]], limit: int = 5) -> list[Match]:
    """The `limit` candidates (pk, text) most similar to `text`, best first, above MIN_SCORE."""
    if not candidates or not syllable_features(text):
        return []
    vectorizer = TfidfVectorizer(analyzer=syllable_features, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([text] + [candidate_text for _pk, candidate_text in candidates])
    except ValueError:  # nothing but stop words everywhere
        return []
    scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()  # rows are L2-normalised: this is the cosine
    order = scores.argsort()[::-1][:limit]
    return [Match(candidates[i][0], float(scores[i])) for i in order if scores[i] >= MIN_SCORE]
