"""'Bedoelde je ...?' suggestions for mistyped keys and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def closest(value: str, candidates: Iterable[str] | Mapping[str, str]) -> str | None:
    """The candidate `value` most likely meant, or None.

    `candidates` may map ids to labels: then a value that equals a label (in any case) or an
    id in another case also points to that id.
    """
    labels = dict(candidates) if isinstance(candidates, Mapping) else {c: c for c in candidates}
    folded = value.casefold().strip()
    for cid, label in labels.items():
        if folded in (cid.casefold(), label.casefold()):
            return cid
    by_text: dict[str, str] = {}
    for cid, label in labels.items():
        by_text.setdefault(cid.casefold(), cid)
        by_text.setdefault(label.casefold(), cid)
    match = difflib.get_close_matches(folded, list(by_text), n=1, cutoff=0.6)
    return by_text[match[0]] if match else None


def did_you_mean(value: str, candidates: Iterable[str] | Mapping[str, str]) -> str:
    """' (bedoelde je "x"?)' or '' — ready to append to a message."""
    best = closest(value, candidates)
    return f" (bedoelde je '{best}'?)" if best is not None and best != value else ""
