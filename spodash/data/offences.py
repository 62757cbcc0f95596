"""The offence codes of police recorded crime and their labels: one table that every screen reads.

The Home Office codes the "stalking and harassment" sub-group by offence: 8L harassment, 8M
racially or religiously aggravated harassment, 8Q stalking, 8R malicious communications and 8U
controlling or coercive behaviour. ``GROUP`` is their sum (the whole sub-group). Each row gives
the name as ``recorded_crime.csv`` holds it (part of the data contract), the label shown on
screen, in tables and downloads, and a short label for chart legends.
"""
from __future__ import annotations

from typing import NamedTuple

#: The whole "stalking and harassment" sub-group: a column and choice beside the offence codes.
GROUP = "group"


class Offence(NamedTuple):
    code: str
    name: str  # as in recorded_crime.csv's `offence` column
    label: str  # on screen, in tables and downloads
    short: str  # in chart legends


#: In the order charts and tables list them (the larger series first), then the group.
TABLE = (
    Offence("8Q", "Stalking", "Stalking (8Q)", "Stalking (8Q)"),
    Offence("8L", "Harassment", "Harassment (8L)", "Harassment (8L)"),
    Offence("8R", "Malicious communications", "Malicious communications (8R)", "Malicious comms (8R)"),
    Offence("8U", "Controlling or coercive behaviour", "Controlling or coercive behaviour (8U)",
            "Coercive control (8U)"),
    Offence("8M", "Racially or religiously aggravated harassment", "Racially or religiously aggravated harassment (8M)",
            "Racially or religiously aggravated harassment (8M)"),
    Offence(GROUP, "All stalking and harassment offences", "All stalking and harassment offences",
            "All stalking and harassment"),
)
#: Offence code -> name, as the data contract (``spodash.data.schema``) and the build use them, in code order.
OFFENCES = {o.code: o.name for o in sorted(TABLE) if o.code != GROUP}
#: Every code and the group -> its label on screen.
LABELS = {o.code: o.label for o in TABLE}
#: Every code and the group -> its short label for chart legends.
SHORT_LABELS = {o.code: o.short for o in TABLE}
#: The offences a map of recorded crime offers, in the order its menu lists them.
MAP_CHOICES = {code: LABELS[code] for code in ("8Q", "8L", GROUP, "8R", "8U")}

#: The whole group as a caveat topic (``caveats.csv``'s `topic` holds offence codes and this).
GROUP_TOPIC = "stalking_harassment"
#: Caveat topic -> the offence in words, inside a sentence (the label with a lower-case first letter).
TOPIC_WORDS = {GROUP_TOPIC if o.code == GROUP else o.code: o.label[0].lower() + o.label[1:] for o in TABLE}
