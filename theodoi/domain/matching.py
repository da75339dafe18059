"""Matching the tasks of a revised plan to the tasks of the version it revises.

Each pair of an old and a new task gets a score: the similarity of their texts (difflib's ratio on
accent-folded words) plus 0.15 when they keep the same reference number and 0.1 when they keep a
lead agency. Pairs are taken greedily from the best score down, each task at most once, and only
above ``threshold`` (0.55): the rest are *removed* (old) and *added* (new). A matched pair is
*unchanged* when text, agencies and deadline are the same, else *changed* with the differing fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from theodoi.text import fold

FIELDS = ("text", "lead", "support", "deadline_text", "due")


@dataclass(frozen=True, slots=True)
class TaskSig:
    """What identifies a task for matching."""

    id: int
    key: str  # "II.3.1" or "II.3.1#2"
    ref: str
    text: str
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    deadline_text: str | None = None
    due: str | None = None  # ISO date


@dataclass(frozen=True, slots=True)
class Change:
    change: str  # added | removed | changed | unchanged
    old: TaskSig | None
    new: TaskSig | None
    similarity: float | None
    fields: dict[str, tuple[object, object]]


def _words(text: str) -> list[str]:
    return fold(text).split()


def similarity(a: TaskSig, b: TaskSig) -> float:
    text = SequenceMatcher(None, _words(a.text), _words(b.text), autojunk=False).ratio()
    bonus = (0.15 if a.ref == b.ref else 0.0) + (0.1 if set(a.lead) & set(b.lead) else 0.0)
    return min(1.0, text + bonus)


def diff_fields(old: TaskSig, new: TaskSig) -> dict[str, tuple[object, object]]:
    found: dict[str, tuple[object, object]] = {}
    for name in FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name == "text":
            if " ".join(before.split()) != " ".join(after.split()):
                found[name] = (before, after)
        elif (sorted(before) if isinstance(before, tuple) else before) != (
            sorted(after) if isinstance(after, tuple) else after
        ):
            found[name] = (list(before) if isinstance(before, tuple) else before,
                           list(after) if isinstance(after, tuple) else after)
    if old.key != new.key:
        found["key"] = (old.key, new.key)
    return found


def match(old: list[TaskSig], new: list[TaskSig], *, threshold: float = 0.55) -> list[Change]:
    """The task-level diff of two versions (see the module docstring), in the new version's order,
    removed tasks last in the old order."""
    scored = sorted(
        ((similarity(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    taken_old: set[int] = set()
    pairs: dict[int, tuple[int, float]] = {}
    for score, i, j in scored:
        if score < threshold:
            break
        if i in taken_old or j in pairs:
            continue
        taken_old.add(i)
        pairs[j] = (i, score)
    changes: list[Change] = []
    for j, n in enumerate(new):
        if j not in pairs:
            changes.append(Change("added", None, n, None, {}))
            continue
        i, score = pairs[j]
        fields = diff_fields(old[i], n)
        changes.append(Change("changed" if fields else "unchanged", old[i], n, round(score, 3), fields))
    changes.extend(Change("removed", o, None, None, {}) for i, o in enumerate(old) if i not in taken_old)
    return changes
