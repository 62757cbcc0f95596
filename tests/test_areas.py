"""Find your area: council names from the ONS lookup to their police force area, built into the bundle."""
from __future__ import annotations

import csv

import pytest

from spodash.build.areas import build_authorities
from spodash.figures import areas
from spodash.figures.metrics import quarterly


@pytest.fixture(scope="module")
def lookup(raw_dir) -> list[dict]:
    with open(raw_dir / "population" / "lad23_to_pfa23_mid2023.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_bundle_holds_every_authority_of_the_lookup_with_its_force(bundle, lookup):
    assert len(bundle.authorities) == len(lookup) == 318
    built = dict(zip(bundle.authorities["lad_code"], bundle.authorities["force_code"], strict=True))
    assert built == {r["LAD23CD"]: r["PFA23CD"] for r in lookup}


def test_the_build_refuses_a_force_it_does_not_know(raw_dir, tmp_path):
    names = {"E23000013": "Cleveland"}  # one force only: every other row names a force outside it
    with pytest.raises(Exception, match="not one of the 43"):
        build_authorities(raw_dir, names)


@pytest.mark.parametrize(("typed", "place", "force"), [
    ("Hartlepool", "Hartlepool", "Cleveland"),
    ("Powys", "Powys", "Dyfed-Powys"),                     # a Welsh authority
    ("Rhondda Cynon Taf", "Rhondda Cynon Taf", "South Wales"),
    ("Milton Keynes", "Milton Keynes", "Thames Valley"),
    ("  milton   KEYNES ", "Milton Keynes", "Thames Valley"),  # case and spaces
    ("St Helens", "St. Helens", "Merseyside"),             # "St" for "St."
    ("Saint Helens", "St. Helens", "Merseyside"),
    ("Brighton & Hove", "Brighton and Hove", "Sussex"),    # "&" for "and"
    ("Bristol", "Bristol, City of", "Avon and Somerset"),  # without "City of"
    ("City of Bristol", "Bristol, City of", "Avon and Somerset"),
    ("Herefordshire", "Herefordshire, County of", "West Mercia"),
    ("the Vale of Glamorgan", "Vale of Glamorgan", "South Wales"),
    ("Rhondda", "Rhondda Cynon Taf", "South Wales"),       # partial, only one place
    ("Stockton-on-Tees", "Stockton-on-Tees", "Cleveland"),
    ("stockton on tees", "Stockton-on-Tees", "Cleveland"),  # punctuation ignored
    ("Devon and Cornwall", "Devon & Cornwall", "Devon & Cornwall"),  # a force's name
    ("Dyfed Powys", "Dyfed-Powys", "Dyfed-Powys"),
    ("Thames Valley Police", "Thames Valley", "Thames Valley"),  # a force with its title
    ("Essex Constabulary", "Essex", "Essex"),
    ("City of London", "City of London", "London, City of"),
])
def test_a_council_or_force_name_finds_its_force(bundle, typed, place, force):
    found = areas.find(bundle, typed)
    assert [(p.name, p.force_name) for p in found.places] == [(place, force)], found


def test_every_council_name_in_the_lookup_finds_its_own_force(bundle, lookup):
    for row in lookup:
        found = areas.find(bundle, row["LAD23NM"])
        assert found.places and found.places[0].force_code == row["PFA23CD"], row["LAD23NM"]


def test_a_partial_name_offers_the_places_it_could_be(bundle):
    found = areas.find(bundle, "Hull")
    assert [p.name for p in found.places] == ["Kingston upon Hull, City of", "Solihull"]
    assert found.message == "2 places match: choose yours."
    london = areas.find(bundle, "London")  # the City's own force, and the Met's 32 boroughs
    assert {p.force_name for p in london.places} == {"London, City of", "Metropolitan Police"}


def test_a_name_that_matches_nothing_says_what_to_try(bundle):
    found = areas.find(bundle, "Glasgow")
    assert found.places == []
    assert "No council or police force area of England and Wales matches “Glasgow”" in found.message
    assert "council that collects your council tax" in found.message
    assert areas.find(bundle, "ab").message == areas.TOO_SHORT
    assert areas.find(bundle, "").places == [] and areas.find(bundle, "!!!").message == areas.TOO_SHORT


def test_the_card_gives_the_newest_order_figure_and_the_latest_reports_with_sources(bundle):
    place = areas.find(bundle, "Hartlepool").places[0]
    lines = areas.card(bundle, quarterly(bundle.crime), place).lines
    assert lines[0] == "Hartlepool is in the Cleveland police force area."
    # Cleveland Police's FOI 900-24: 5 SPOs (interim and full), 1 Jan to 30 Sep 2024.
    assert lines[1].startswith("Its newest published Stalking Protection Order figure: 5 (SPOs granted), "
                               "1 Jan 2024 to 30 Sep 2024. Source: Cleveland Police")
    # The disagreement beside the figure: a weaker copy of a news report says 3 for calendar 2024.
    assert lines[2].startswith("Before quoting it: A newer figure from a weaker source (copy of a news report) "
                               "says 3 for 1 Jan 2024 to 31 Dec 2024")
    # ONS Table P1: Cleveland's stalking and harassment, 12 months to 30 Jun 2025.
    assert lines[3].startswith("Stalking and harassment offences recorded by the police: 8,429, 12 months to "
                               "30 Jun 2025")
