"""`kb check` points at personal data: errors in case stories, warnings in other notes."""

import pytest

from indexer.load import load_kb
from indexer.privacy import findings, valid_iin

CASE = """---
id: leaky-story
title: {title}
lang: en
date: "2023"
jurisdiction: KZ
groups: [plhiv]
violations: [discrimination]
outcome: unknown
anonymised: true
---
## Situation

{body}
"""


@pytest.mark.parametrize(
    ("title", "body", "line", "code"),
    [
        ("Story", "Her IIN 850315400124 was on the form.", 14, "personal-iin"),
        ("Story", "Call her at +7 701 123 45 67 after six.", 14, "personal-phone"),
        ("Story", "She wrote from amina.k@example.com to the clinic.", 14, "personal-email"),
        ("Story", "She lives at ул. Абая, 15 in the centre.", 14, "personal-address"),
        ("Story", "First line.\n\nDamir Ospanov was refused.", 16, "personal-name"),
        ("Айгерим Сейтказина refused", "Body.", 3, "personal-name"),
        ("Story", "They live on Абай даңғылы, 150 now.", 14, "personal-address"),
    ],
)
def test_personal_data_in_a_case_is_an_error_at_its_line(kb_dir, title, body, line, code):
    path = kb_dir / "cases/leaky-story.en.md"
    path.write_text(CASE.format(title=title, body=body), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    found = [p for p in problems if p.path.endswith("leaky-story.en.md") and p.code == code]
    assert found and found[0].is_error and found[0].line == line, [str(p) for p in problems if "leaky" in p.path]


def test_changed_names_and_ordinary_text_pass(kb_dir):
    body = "Amina (name changed) asked the Health Code department.\nDamir Ospanov (name changed) went to Central Asia.\nCall 111."
    (kb_dir / "cases/clean-story.en.md").write_text(CASE.format(title="Story", body=body).replace("leaky-story", "clean-story"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    assert [str(p) for p in problems if "clean-story" in p.path and p.code.startswith("personal")] == []


def test_personal_data_in_a_service_note_is_a_warning(kb_dir):
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nСпросить Айгерим Сейтказину, ИИН 850315400124.\n", encoding="utf-8")
    _, problems = load_kb(kb_dir)
    found = {p.code: p for p in problems if p.path.endswith("test-aids-almaty.ru.md") and p.code.startswith("personal")}
    assert set(found) == {"personal-iin", "personal-name"}
    assert not any(p.is_error for p in found.values())


def test_iin_checksum():
    assert valid_iin("850315400124")
    assert not valid_iin("850315400125")
    assert list(findings("order 123456789012 and 850315400125", in_case=True)) == []
