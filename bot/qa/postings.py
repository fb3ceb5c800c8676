"""One term's posting list in a FieldIndex, as two flat arrays rather than a dict.

A dict of doc id → field weight costs about 100 bytes a posting (the entry, the int, the float),
and pickle does not share floats, so an engine read back from its cache (bot/qa/persist.py) held
a float object per posting: at 1,000 transcripts 3.7 million postings took ~320 MiB of a ~850 MiB
process, twice over while a reload reads the new engine beside the old. As arrays a posting takes
12 bytes (an int32 id, a float64 weight: the weights stay exact, scores do not change), and
FieldIndex.score adds a whole term's weights in one numpy step.
"""

from __future__ import annotations

import numpy as np

ID = np.int32  # a document's position in its index (an index holds far fewer than 2**31)
WEIGHT = np.float64  # the field weight exactly as built: a float32 would change scores


class Posting:
    """The documents one term occurs in, in the order they were indexed, and the weight of the
    weightiest field it occurs in for each.

    The order is the old dict's insertion order (ascending ids, then those added for words found
    in short fields: see terms._add_words_segmented_otherwise), so FieldIndex.score lists the
    documents it scores in the order it always did, which is the order equal scores keep when
    ranked.
    """

    __slots__ = ("ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids = ids
        self.weights = weights

    @classmethod
    def of(cls, weight_by_doc: dict[int, float]) -> Posting:
        """The posting of a dict built doc by doc (doc id → weight), in the dict's order."""
        count = len(weight_by_doc)
        return cls(np.fromiter(weight_by_doc, ID, count), np.fromiter(weight_by_doc.values(), WEIGHT, count))

    def __len__(self) -> int:
        """How many documents have the term (its document frequency)."""
        return len(self.ids)

    def __reduce__(self) -> tuple:
        """Pickled as the arrays' bytes: no numpy internals in the engine cache, and read back
        without a copy (the arrays are read-only views of the bytes)."""
        return _from_bytes, (self.ids.tobytes(), self.weights.tobytes())


def _from_bytes(ids: bytes, weights: bytes) -> Posting:
    return Posting(np.frombuffer(ids, ID), np.frombuffer(weights, WEIGHT))
