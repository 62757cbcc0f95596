"""Find your area: a council's or a force's name, as a visitor types it, to the police force area it lies in.

A visitor knows their council ("Hartlepool", "Powys"), not their force ("Cleveland", "Dyfed-Powys").
Matching ignores case, accents, spaces and punctuation, reads "&" as "and", "St." as "St" and "Saint",
and lets "City of" and "County of" come first, last or not at all. Only the force code that a match gives
travels further: the typed text is never logged, stored or put in a link (the page keeps it out of the URL).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spodash.data.datasets import Bundle
from spodash.data.forcenames import normalise
from spodash.figures.metrics import Quarterly
from spodash.figures.profile import Figure, headline_figures

#: At most this many places are offered for a partial name.
MAX_MATCHES = 8
#: Fewer letters than this match too much to be useful ("e" is in most names).
MIN_LETTERS = 3
_AFFIXES = re.compile(r"^(city|county|borough|royal borough) of | (city|county) of$|^the |^county ")
NO_MATCH = ("No council or police force area of England and Wales matches “{text}”. Try the name of the council "
            "that collects your council tax (for example “Hartlepool”, “Powys” or “Milton Keynes”), or a "
            "force's name.")
TOO_SHORT = f"Type at least {MIN_LETTERS} letters of your council's or police force's name."


@dataclass(frozen=True)
class Place:
    name: str        # as ONS writes it: "Bristol, City of", "Devon & Cornwall"
    kind: str        # "council" or "police force area"
    force_code: str
    force_name: str

    @property
    def sentence(self) -> str:
        if self.kind == "council":
            return f"{plain_name(self.name)} is in the {self.force_name} police force area."
        return f"{self.force_name} is a police force area."


@dataclass(frozen=True)
class Search:
    places: list[Place]   # best first; empty when nothing matched
    message: str = ""     # what to tell the visitor when there is no single answer


def plain_name(name: str) -> str:
    """'Bristol, City of' -> 'City of Bristol'; 'Herefordshire, County of' -> 'County of Herefordshire'."""
    if ", " in name:
        head, tail = name.rsplit(", ", 1)
        if tail in ("City of", "County of"):
            return f"{tail} {head}"
    return name


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"\bsaint\b", "st", text)


def keys(name: str) -> set[str]:
    """Every form of a name that a visitor might type, squeezed of spaces: with and without 'City of'."""
    forms = {_words(name), _words(plain_name(name))}
    forms |= {_AFFIXES.sub("", f).strip() for f in list(forms)}
    return {f.replace(" ", "") for f in forms if f}


def places(bundle: Bundle) -> list[Place]:
    """Every council, then every force (by its ONS name and each spelling met in the sources)."""
    names = dict(zip(bundle.forces["force_code"], bundle.forces["force_name"], strict=True))
    councils = bundle.authorities.sort_values("lad_name")
    out = [Place(str(name), "council", str(code), names[code])
           for name, code in zip(councils["lad_name"], councils["force_code"], strict=True)]
    out += [Place(n, "police force area", c, n) for c, n in sorted(names.items(), key=lambda kv: kv[1])]
    return out


#: "London" alone names the Square Mile's force (London, City of) but most Londoners live in the Met's
#: 32 boroughs, so both are offered.
METROPOLITAN_POLICE = "E23000001"


def _aliases(bundle: Bundle) -> dict[str, set[str]]:
    """Force code -> every spelling of its name met in the sources (forces.csv ``aliases``)."""
    return {str(code): set(str(a).split("|")) for code, a in zip(bundle.forces["force_code"],
                                                                 bundle.forces["aliases"], strict=True)}


def _squeezed(place: Place, aliases: dict[str, set[str]]) -> set[str]:
    """The names exactly as written (no affix taken off), for "City of London" against plain "London"."""
    names = {place.name, plain_name(place.name)} | (aliases.get(place.force_code, set())
                                                    if place.kind != "council" else set())
    return {_words(n).replace(" ", "") for n in names}


def find(bundle: Bundle, text: str) -> Search:
    """The places a typed name can mean, best first: an exact name, then names that start with it, then
    names that hold it anywhere. One exact match is the answer; several partial ones are offered."""
    # A force typed with its title ("Thames Valley Police", "Essex Constabulary") is folded as the build
    # folds the sources' spellings of it (forcenames.normalise), so it finds the force as its name does.
    words = _words(normalise(text or ""))
    whole = words.replace(" ", "")
    typed = _AFFIXES.sub("", words).replace(" ", "")
    if len(typed) < MIN_LETTERS:
        return Search([], TOO_SHORT)
    aliases = _aliases(bundle)
    ranked: list[tuple[int, int, Place]] = []
    for order, place in enumerate(places(bundle)):
        forms = keys(place.name)
        if place.kind != "council":
            forms |= {k for a in aliases.get(place.force_code, ()) for k in keys(a)}
            forms |= {"london"} if place.force_code == METROPOLITAN_POLICE else set()
        rank = (-1 if whole in _squeezed(place, aliases) else 0 if typed in forms
                else 1 if any(f.startswith(typed) for f in forms)
                else 2 if any(typed in f for f in forms) else None)
        if rank is not None:
            ranked.append((rank, order, place))
    if not ranked:
        return Search([], NO_MATCH.format(text=text.strip()))
    ranked.sort(key=lambda r: (r[0], r[1]))
    best = [p for rank, _, p in ranked if rank == ranked[0][0]]
    if len(ranked) == 1 or (ranked[0][0] <= 0 and len({p.force_code for p in best}) == 1):
        # One place, or one exact name ("Durham" is a force and lies in "County Durham": the same force).
        return Search(best[:1])
    shown = [p for _, _, p in ranked][:MAX_MATCHES]
    more = len(ranked) - len(shown)
    return Search(shown, f"{len(ranked)} places match: choose yours" + (f" ({more} more: type more letters)."
                                                                        if more else "."))


@dataclass(frozen=True)
class AreaCard:
    """The plain-words answer for one place: its force, the newest order figure, the latest reports."""

    place: Place
    orders: Figure | None    # the force's newest published SPO figure (granted, else applied for)
    reports: Figure | None   # stalking and harassment recorded in the latest year published

    @property
    def lines(self) -> list[str]:
        out = [self.place.sentence]
        f = self.orders
        if f is not None and f.value is not None:
            out.append(f"Its newest published Stalking Protection Order figure: {f.value:,} "
                       f"({f.label.split(':')[0]}), {f.period}. Source: {f.publisher}, {f.source_title} "
                       f"({f.source_type}).")
            if f.warning:  # a newer but weaker figure, a disagreement, a copy: said where the figure is
                out.append(f"Before quoting it: {f.warning}")
        else:
            out.append("Its police force has published no Stalking Protection Order figure that we have found.")
        r = self.reports
        if r is not None and r.value is not None:
            out.append(f"Stalking and harassment offences recorded by the police: {r.value:,}, {r.period}. "
                       f"Source: {r.publisher}, {r.source_title}.")
        return out


def card(bundle: Bundle, q: Quarterly, place: Place) -> AreaCard:
    figures = headline_figures(bundle, q, place.force_code)
    spo = [f for f in figures if f.label.startswith("SPOs granted")] + \
        [f for f in figures if f.label.startswith("SPOs applied for")]
    reports = [f for f in figures if f.label.startswith("Stalking and harassment offences recorded (ONS)")] or \
        [f for f in figures if f.label.startswith("Stalking and harassment offences recorded")]
    with_value = [f for f in spo if f.value is not None]
    orders = (with_value or spo)[0] if spo else None
    return AreaCard(place, orders, reports[0] if reports else None)

