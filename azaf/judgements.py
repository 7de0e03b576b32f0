"""Key judgements of the brief: our sentences from editorial/judgements.yml, filled with
figures from the data, shown only while the condition under which each holds is true.

The editorial file holds words and thresholds, never figures: each judgement has a lead,
a sentence with placeholders such as ``{trade_latest}`` or ``{trade_latest.period}``,
a condition (``holds_if``: a list of ``[left, op, right]`` comparisons, all of which must
be true) and the report section that supports it. The figures come from named queries
(azaf.topics.brief_figures). When a condition fails, the brief shows the judgement as
under review instead of the sentence, and the build's summary names it.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import AzafError

EDITORIAL_FILE = Path("editorial") / "judgements.yml"
OPS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
OP_WORDS = {
    "<": "below",
    "<=": "at most",
    ">": "above",
    ">=": "at least",
    "==": "equal to",
    "!=": "other than",
}
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z_]+))?\}")


class EditorialError(AzafError):
    """The editorial file is missing, malformed or names a figure no query gives."""

    exit_code = 2


@dataclass
class Figure:
    """One figure a judgement or a panel shows: value, unit, period, sources.

    `same_as` names a key figure of another report that is the same figure (same value,
    period and basis), so a test can hold the two together.
    """

    name: str
    value: Any
    unit: str = ""
    period: str = ""
    year: int | None = None
    sources: list[str] = field(default_factory=list)
    label: str = ""
    same_as: str = ""
    words: dict[str, str] = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        """True when the data give no value for this figure."""
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))


def shown(fig: Figure) -> str:
    """The figure as a reader sees it: 'US$71.5 million', '1,498 deaths', '−93%'.

    Example:
        >>> shown(Figure("x", 71.5, "USD million"))
        'US$71.5 million'
    """
    from .text import fmt_value

    if fig.missing:
        return "no figure in this series' data"
    if isinstance(fig.value, str):
        return fig.value
    return fmt_value(fig.value, fig.unit)


def attribute(fig: Figure, name: str | None) -> Any:
    """One attribute of a figure, as a condition compares it (value, year) or a sentence
    shows it (period, label, source words, event text)."""
    if name in (None, "value"):
        return fig.value
    if name == "year":
        return fig.year
    if name == "period":
        from .factcheck import flat

        return flat(fig.period)
    if name == "number":
        from .text import fmt_value

        return fmt_value(fig.value, "") if not isinstance(fig.value, str) else fig.value
    if name == "label":
        return fig.label
    if name in fig.words:
        return fig.words[name]
    raise KeyError(name)


def _escape(value: str) -> str:
    """Text from data made plain inside composed Markdown: its Markdown marks are neutral
    (azaf.text.md renders with raw HTML off, so markup in it stays text)."""
    return re.sub(r"([\\`*_\[\]#|<>])", r"\\\1", value)


def fill(template: str, figures: Mapping[str, Figure]) -> str:
    """The sentence with every placeholder replaced by its figure (escaped for Markdown).

    Example:
        >>> fill("Turnover was {t} in {t.period}.", {"t": Figure("t", 71.5, "USD million",
        ...      "2018")})
        'Turnover was US$71.5 million in 2018.'
    """

    def one(match: re.Match) -> str:
        name, attr = match.group(1), match.group(2)
        if name not in figures:
            raise EditorialError(
                f"{EDITORIAL_FILE}: placeholder {{{match.group(0)[1:-1]}}} names no figure; "
                f"the figures are: {', '.join(sorted(figures))}"
            )
        fig = figures[name]
        if attr in (None, "value"):
            return _escape(shown(fig))
        try:
            value = attribute(fig, attr)
        except KeyError:
            if fig.missing:  # a figure the data no longer give has no words either
                return ""
            raise EditorialError(
                f"{EDITORIAL_FILE}: placeholder {{{name}.{attr}}}: figure {name!r} has no "
                f"{attr!r}; use one of value, period, year, label"
                + (f", {', '.join(sorted(fig.words))}" if fig.words else "")
            ) from None
        return _escape("" if value is None else str(value))

    return PLACEHOLDER.sub(one, template)


def _operand(term: Any, figures: Mapping[str, Figure]) -> tuple[Any, str]:
    """A condition's term as (value, words): a number, or name[.attr] of a figure."""
    if isinstance(term, bool):
        raise EditorialError(f"{EDITORIAL_FILE}: condition term {term!r} is not a number")
    if isinstance(term, int | float):
        return term, f"{term:,}"
    match = re.fullmatch(r"([a-z][a-z0-9_]*)(?:\.(value|year))?", str(term).strip())
    if not match or match.group(1) not in figures:
        raise EditorialError(
            f"{EDITORIAL_FILE}: condition term {term!r}: write a number or a figure's name "
            f"(optionally .value or .year); the figures are: {', '.join(sorted(figures))}"
        )
    fig = figures[match.group(1)]
    attr = match.group(2) or "value"
    value = fig.year if attr == "year" else fig.value
    words = (
        f"the year of {fig.label or fig.name} ({value})"
        if attr == "year"
        else f"{fig.label or fig.name} ({shown(fig)})"
    )
    return value, words


def check(conditions: Any, figures: Mapping[str, Figure]) -> tuple[bool, str]:
    """Whether every condition holds; if not, why (the first that fails), in words.

    Example:
        >>> check([["t.year", "<", 2021]], {"t": Figure("t", 71.5, "USD million", "2018",
        ...       2018)})
        (True, '')
    """
    if not isinstance(conditions, list) or not conditions:
        raise EditorialError(
            f"{EDITORIAL_FILE}: holds_if must be a list of [left, op, right] conditions"
        )
    for condition in conditions:
        if not (isinstance(condition, list) and len(condition) == 3):
            raise EditorialError(
                f"{EDITORIAL_FILE}: condition {condition!r}: write [left, op, right], "
                f"op one of {' '.join(OPS)}"
            )
        left, op, right = condition
        if op not in OPS:
            raise EditorialError(
                f"{EDITORIAL_FILE}: condition {condition!r}: op {op!r} is not one of "
                f"{' '.join(OPS)}"
            )
        a, a_words = _operand(left, figures)
        b, b_words = _operand(right, figures)
        if _absent(a) or _absent(b):
            gone = a_words if _absent(a) else b_words
            return False, f"the data no longer give {gone.split(' (')[0]}"
        if isinstance(a, str) or isinstance(b, str):
            raise EditorialError(
                f"{EDITORIAL_FILE}: condition {condition!r} compares text; compare numbers"
            )
        if not OPS[op](a, b):
            return False, f"{a_words} is no longer {OP_WORDS[op]} {b_words}"
    return True, ""


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass
class Judgement:
    """One judgement as the brief shows it: filled sentence, or under review."""

    id: str
    lead: str
    sentence: str
    holds: bool
    reason: str
    report: str
    section: str
    figures: list[str]


REQUIRED = ("id", "lead", "text", "holds_if", "report", "section")


def read_editorial(root: Path) -> dict:
    """The editorial file as a mapping, with a clear error when it is missing or malformed."""
    path = root / EDITORIAL_FILE
    if not path.is_file():
        raise EditorialError(f"{EDITORIAL_FILE}: not found in {root}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise EditorialError(f"{EDITORIAL_FILE}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("judgements"), list):
        raise EditorialError(f"{EDITORIAL_FILE}: needs a list under 'judgements'")
    for i, item in enumerate(data["judgements"], 1):
        missing = [k for k in REQUIRED if not isinstance(item, dict) or k not in item]
        if missing:
            raise EditorialError(
                f"{EDITORIAL_FILE}: judgement {i} lacks {', '.join(missing)} "
                f"(each needs {', '.join(REQUIRED)})"
            )
    return data


def validate(root: Path, names: Any) -> None:
    """Check the editorial file before any kernel starts: its shape, every placeholder and
    condition term names a figure the queries give, every operator is known."""
    data = read_editorial(root)
    known = set(names)
    stub = {n: Figure(n, 0, year=0) for n in known}
    texts: list[tuple[str, str]] = []
    for item in data["judgements"]:
        texts += [(f"judgement {item['id']!r}", str(item["text"]))]
        for condition in item["holds_if"] if isinstance(item["holds_if"], list) else [None]:
            if not (isinstance(condition, list) and len(condition) == 3):
                raise EditorialError(
                    f"{EDITORIAL_FILE}: judgement {item['id']!r}: condition {condition!r}: write "
                    f"[left, op, right], op one of {' '.join(OPS)}"
                )
            _operand(condition[0], stub), _operand(condition[2], stub)
            if condition[1] not in OPS:
                raise EditorialError(
                    f"{EDITORIAL_FILE}: judgement {item['id']!r}: op {condition[1]!r} is not one "
                    f"of {' '.join(OPS)}"
                )
    for option in data.get("options") or []:
        for key in ("for", "against", "risks", "signposts"):
            texts.append((f"option {option.get('title', '')!r}", str(option.get(key, ""))))
    for where, words in texts:
        for match in PLACEHOLDER.finditer(words):
            if match.group(1) not in known:
                raise EditorialError(
                    f"{EDITORIAL_FILE}: {where}: placeholder {match.group(0)} names no figure; "
                    f"the figures are: {', '.join(sorted(known))}"
                )


def evaluate(entries: list[dict], figures: Mapping[str, Figure]) -> list[Judgement]:
    """Every judgement of the editorial file, filled and checked against the figures."""
    out = []
    for item in entries:
        holds, reason = check(item["holds_if"], figures)
        sentence = fill(str(item["text"]).strip(), figures)  # fills even when under review,
        # so a placeholder error shows now, not the day the condition fails
        used = list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(str(item["text"]))))
        out.append(
            Judgement(
                id=str(item["id"]),
                lead=str(item["lead"]).strip(),
                sentence=sentence if holds else "",
                holds=holds,
                reason=reason,
                report=str(item["report"]),
                section=str(item["section"]),
                figures=used,
            )
        )
    return out


def flag(judgement: Judgement) -> None:
    """Tell the build that a judgement no longer holds (it names it in its summary)."""
    from IPython.display import display

    from .records import REVIEW_MIME

    payload = {"id": judgement.id, "lead": judgement.lead, "reason": judgement.reason}
    display({REVIEW_MIME: payload, "text/plain": ""}, raw=True)
