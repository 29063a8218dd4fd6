"""Resolution of every name the articles and textbooks use, and search."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from acupressure.errors import AmbiguousName, UnknownName
from acupressure.knowledge.catalogue import Catalogue, load_catalogue
from acupressure.knowledge.names import fold

# Every name SEED-CLAIMS.md lists, with the entry it must land on.
SEED_NAMES = [
    ("B23", "BL23"),
    ("BL23", "BL23"),
    ("B47", "BL52"),
    ("B54", "BL40"),
    ("B40", "BL40"),
    ("BL40", "BL40"),
    ("Commanding Middle", "BL40"),
    ("Sea of Energy", "CV6"),
    ("stomach point", "CV6"),
    ("Dan Tien", "CV6"),
    ("CV6", "CV6"),
    ("B48", "BL53"),
    ("Womb and Vitals", "BL53"),
    ("GB30", "GB30"),
    ("LI4", "LI4"),
    ("AP1", "LI4"),
    ("Hoku", "LI4"),
    ("Joining the Valley", "LI4"),
    ("LV3", "LR3"),
    ("Liv3", "LR3"),
    ("foot point while sleeping", "LR3"),
    ("foot point while sitting", "KI1"),
    ("GB21", "GB21"),
    ("Shoulder Well", "GB21"),
    ("K27", "KI27"),
    ("Elegant Mansion", "KI27"),
    ("GV20", "GV20"),
    ("Hundred Meeting", "GV20"),
    ("GV14", "GV14"),
    ("BL42", "BL42"),
    ("Jumping Circle", "GB30"),
    ("paraspinal", "paraspinal"),
    ("sacral_dimples", "sacral_dimples"),
    ("forearm_arc", "forearm_arc"),
]


@pytest.mark.parametrize(("name", "code"), SEED_NAMES)
def test_every_name_in_the_articles_resolves(catalogue: Catalogue, name: str, code: str) -> None:
    assert catalogue.find(name).code == code


@pytest.mark.parametrize(
    "name",
    [
        "BL40",
        "bl40",
        "ub-40",
        "UB 40",
        "Bl 40",
        "B.L.40",
        "Bladder 40",
        "urinary bladder 40",
        "Weizhong",
        "Wěizhōng",
        "wei zhong",
        "委中",
        "commanding middle",
        "B54",
    ],
)
def test_spellings_of_bl40(catalogue: Catalogue, name: str) -> None:
    assert catalogue.find(name).code == "BL40"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Large Intestine 4", "LI4"),
        ("Gall Bladder 30", "GB30"),
        ("Governing Vessel 20", "GV20"),
        ("Conception Vessel 6", "CV6"),
        ("Ren 6", "CV6"),
        ("Du 14", "GV14"),
        ("Liver 3", "LR3"),
        ("Kidney 27", "KI27"),
        ("Kidney 1", "KI1"),
        ("Shenshu", "BL23"),
        ("Shèn Shū", "BL23"),
        ("腎俞", "BL23"),
        ("肾俞", "BL23"),
        ("Zhishi", "BL52"),
        ("Taichong", "LR3"),
        ("太冲", "LR3"),
        ("太衝", "LR3"),
        ("Hegu", "LI4"),
        ("Qihai", "CV6"),
        ("氣海", "CV6"),
        ("气海", "CV6"),
        ("Yongquan", "KI1"),
        ("Huantiao", "GB30"),
        ("Baihui", "GV20"),
        ("Dazhui", "GV14"),
        ("Jianjing", "GB21"),
        ("Shufu", "KI27"),
        ("Pohu", "BL42"),
        ("Baohuang", "BL53"),
    ],
)
def test_channel_names_pinyin_and_characters(catalogue: Catalogue, name: str, code: str) -> None:
    assert catalogue.find(name).code == code


def test_every_name_of_every_entry_resolves_to_it_or_is_declared_shared(
    catalogue: Catalogue,
) -> None:
    shared = {fold(item.name): set(item.codes) for item in catalogue.shared_names}
    for point in catalogue:
        for name in [
            point.code,
            point.pinyin,
            point.pinyin_plain,
            point.english,
            *point.english_names,
            *point.aliases,
        ]:
            if fold(name) in shared:
                with pytest.raises(AmbiguousName):
                    catalogue.resolve(name)
            else:
                assert catalogue.find(name).code == point.code, name


def test_old_numbering_is_stated(catalogue: Catalogue) -> None:
    resolution = catalogue.resolve("B54")
    assert resolution.point.code == "BL40"
    assert "old bladder numbering" in resolution.assumed
    assert "modern numbering" in catalogue.resolve("B40").assumed
    assert catalogue.resolve("BL40").assumed == ""


def test_a_shared_name_is_never_guessed(catalogue: Catalogue) -> None:
    with pytest.raises(AmbiguousName) as raised:
        catalogue.resolve("Sea of Vitality")
    assert set(raised.value.candidates) == {"BL23", "BL52"}
    assert "BL23" in str(raised.value) and "BL52" in str(raised.value)


def test_both_readings_in_the_catalogue_are_listed_not_guessed(knowledge_copy: Path) -> None:
    """Add modern BL47 to a copy: then "B47" could be BL47 or old B47 (BL52)."""
    path = knowledge_copy / "points.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    bl52 = next(p for p in data["points"] if p["code"] == "BL52")
    data["points"].append(
        {
            **bl52,
            "code": "BL47",
            "pinyin": "Húnmén",
            "pinyin_plain": "Hunmen",
            "hanzi_traditional": "魂門",
            "hanzi_simplified": "魂门",
            "english": "Soul Gate",
            "english_names": [],
            "aliases": [],
            "old_codes": [],
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AmbiguousName) as raised:
        load_catalogue(knowledge_copy).resolve("B47")
    assert raised.value.candidates == ["BL47", "BL52"]


def test_unknown_names_suggest_the_five_closest(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownName) as raised:
        catalogue.resolve("Weizhung")
    assert len(raised.value.suggestions) == 5
    assert raised.value.suggestions[0].startswith("BL40")
    assert raised.value.exit_code == 2


def test_an_empty_name_is_unknown(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownName):
        catalogue.resolve(" - ")


@given(st.text(max_size=20))
def test_resolve_either_answers_or_raises_a_clear_error(text: str) -> None:
    catalogue = load_catalogue()
    try:
        point = catalogue.find(text)
    except (UnknownName, AmbiguousName) as error:
        assert str(error)
    else:
        assert point.code in catalogue


def test_search_finds_by_location_and_complaint(catalogue: Catalogue) -> None:
    assert "BL40" in [p.code for p in catalogue.search("knee")]
    sciatica = [p.code for p in catalogue.search("sciatica")]
    assert {p.code for p in catalogue.for_complaint("sciatica")} <= set(sciatica)
    assert catalogue.search("") == []
    assert catalogue.search("zzzz-nothing") == []


def test_for_complaint_rejects_unknown_ids(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownName):
        catalogue.for_complaint("headache")


def test_the_cache_is_reused_and_refreshed_when_data_changes(knowledge_copy: Path) -> None:
    first = load_catalogue(knowledge_copy)
    again = load_catalogue(knowledge_copy)
    assert again.fingerprint == first.fingerprint
    path = knowledge_copy / "complaints.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_catalogue(knowledge_copy).fingerprint != first.fingerprint


def test_a_broken_cache_file_is_ignored(knowledge_copy: Path) -> None:
    from platformdirs import user_cache_dir

    load_catalogue(knowledge_copy)
    for cached in Path(user_cache_dir("acupressure")).glob("knowledge-*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert len(load_catalogue(knowledge_copy)) > 0


def test_the_second_review_nhs_sources_say_what_was_checked(catalogue: Catalogue) -> None:
    """Each NHS page cited for the new warning signs says how it was checked, and what of
    it was not: no "not re-checked line by line" left for someone to trust blindly."""
    ids = ["nhs_aaa", "nhs_pregnancy_back_pain", "nhs_pre_eclampsia", "nhs_knee_pain"]
    for source_id in [*ids, "uhb_when_to_call_midwife"]:
        source = catalogue.sources[source_id]
        assert "hecked (December 2026" in source.limits, source_id
        assert "line by line" not in source.limits
    not_found = [s for s in ids if "NOT found" in catalogue.sources[s].limits]
    assert not_found == ["nhs_pregnancy_back_pain", "nhs_knee_pain"]
    assert "usually causes no obvious symptoms" in catalogue.sources["nhs_aaa"].summary
