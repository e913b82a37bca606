"""The contact format of services (issue 13): short numbers, labelled phones, messengers, hours, sources.

Each test writes a service file into a copy of the fixture knowledge base and
loads it with the real loader, as `kb check` does.
"""

import json

from indexer.build import build
from indexer.load import load_kb

HEADER = """---
id: test-contacts
name: Тестовый кризисный центр
kind: ngo
jurisdiction: KZ
city: almaty
lang: ru
"""


def write_service(kb_dir, fields: str) -> str:
    path = kb_dir / "services/test-contacts.ru.md"
    path.write_text(HEADER + fields + "---\nТекст.\n", encoding="utf-8")
    return path.as_posix()


def reported(problems, path):
    """The problems of one file as 'line: severity[code]: message'."""
    return [f"{p.line}: {p.severity}[{p.code}]: {p.message}" for p in problems if p.path == path]


def test_short_numbers_and_labelled_phones_are_valid(kb_dir):
    write_service(kb_dir, 'phones:\n  - "111"\n  - 1414\n  - {number: "+7 727 000 0000", label: Горячая линия, hours: "24/7"}\n  - "+7 727 000 0001"\n')
    kb, problems = load_kb(kb_dir)
    service = next(e for e in kb.of_kind("service") if e.id == "test-contacts")
    assert [p for p in problems if p.is_error] == []
    assert service.meta["phones"] == ["111", "1414", {"number": "+7 727 000 0000", "label": "Горячая линия", "hours": "24/7"}, "+7 727 000 0001"]


def test_every_bad_phone_is_reported_at_its_line(kb_dir):
    path = write_service(
        kb_dir,
        'phones:\n'
        '  - "12"\n'                                          # line 9: too short for a short number
        '  - "+7 727 000 0000"\n'                             # line 10: fine
        '  - {number: "8 727 123", label: Приёмная}\n'        # line 11: not international
        '  - {label: Горячая линия}\n'                        # line 12: no number
        '  - {number: "150", hours: {mon: "9-18"}}\n',        # line 13: bad hours
    )
    kb, problems = load_kb(kb_dir)
    lines = reported(problems, path)
    assert any(m.startswith("9: error[bad-value]: phones: item 1: '12' is not a phone number") for m in lines), lines
    assert any(m.startswith("11: error[bad-value]: phones: item 3: '8 727 123' is not a phone number") for m in lines), lines
    assert "12: error[bad-value]: phones: item 4: a phone needs a 'number'" in lines
    assert any(m.startswith("13: error[bad-value]: phones: item 5: hours: mon: '9-18' is not 'HH:MM-HH:MM'") for m in lines), lines
    assert not any(m.startswith("10:") for m in lines)
    assert "test-contacts" not in {e.id for e in kb.of_kind("service")}


def test_structured_hours_are_validated_per_day(kb_dir):
    path = write_service(
        kb_dir,
        "hours:\n"
        '  mon-fri: "09:00-13:00, 14:00-18:00"\n'   # line 9: fine
        '  fri: "10:00-12:00"\n'                    # line 10: Friday twice
        '  sat: "25:00-26:00"\n'                    # line 11: no such time
        "  sun-sat: closed\n"                       # line 12: backwards
        "  holidays: closed\n",                     # line 13: not a day
    )
    _, problems = load_kb(kb_dir)
    lines = reported(problems, path)
    assert "10: error[bad-value]: hours: fri listed more than once" in lines
    assert "11: error[bad-value]: hours: sat: '25:00-26:00' is not a time of day (00:00 to 24:00)" in lines
    assert any(m.startswith("12: error[bad-value]: hours: day range 'sun-sat' runs backwards") for m in lines), lines
    assert any(m.startswith("13: error[bad-value]: hours: 'holidays' is not a day") for m in lines), lines
    assert not any(m.startswith("9:") for m in lines)


def test_free_text_and_always_open_hours_are_valid(kb_dir):
    for hours in ('"Пн–Пт 9:00–18:00"', '"24/7"'):
        path = write_service(kb_dir, f"hours: {hours}\n")
        _, problems = load_kb(kb_dir)
        assert reported(problems, path) == ["1: warning[unverified]: service details never confirmed: add 'checked' once you have"]


def test_messengers_and_sources_are_checked(kb_dir):
    path = write_service(
        kb_dir,
        "messengers:\n"
        '  - {type: telegram, value: "@help_centre", label: Чат}\n'   # line 9: fine
        '  - {type: whatsapp, value: "@help_centre"}\n'               # line 10: WhatsApp needs a phone
        '  - {type: viber, value: "+7 701 000 0000"}\n'               # line 11: not a supported messenger
        "sources:\n"
        "  phones: https://example.org/contacts\n"                   # line 13: fine
        "  fax: https://example.org/fax\n"                           # line 14: not a channel
        "  email: example.org\n",                                    # line 15: not a URL
    )
    _, problems = load_kb(kb_dir)
    lines = reported(problems, path)
    assert "10: error[bad-value]: messengers: item 2: value: '@help_centre' is not a phone number in international format (+7 …)" in lines
    assert any(m.startswith("11: error[bad-value]: messengers: item 3: type: 'viber' is not one of: telegram, whatsapp, signal") for m in lines), lines
    assert any(m.startswith("14: error[bad-value]: sources: 'fax' is not a channel") for m in lines), lines
    assert "15: error[bad-value]: sources: email: 'example.org' is not an http(s) URL" in lines
    assert not any(m.startswith(("9:", "13:")) for m in lines)


def test_new_fields_reach_the_database(kb_dir, tmp_path):
    write_service(
        kb_dir,
        'phones: ["150", {number: "+7 727 000 0000", label: Приёмная}]\n'
        'messengers: [{type: signal, value: "+7 701 000 0000"}]\n'
        "online_form: https://example.org/form\n"
        "accessibility: Вход без ступенек\n"
        "hours: {mon-fri: \"09:00-18:00\", sat-sun: closed}\n"
        "sources: {phones: \"https://example.org/contacts\"}\n"
        "unconfirmed: true\n",
    )
    build(kb_dir, tmp_path / "data")
    import sqlite3

    db = sqlite3.connect(tmp_path / "data/current/kb.sqlite")
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM services WHERE id = 'test-contacts'").fetchone()
    assert json.loads(row["phones"]) == ["150", {"number": "+7 727 000 0000", "label": "Приёмная"}]
    assert json.loads(row["messengers"]) == [{"type": "signal", "value": "+7 701 000 0000"}]
    assert row["online_form"] == "https://example.org/form"
    assert row["accessibility"] == "Вход без ступенек"
    assert row["hours"] == "mon-fri 09:00-18:00; sat-sun closed"
    assert json.loads(row["opening_hours"]) == {"mon-fri": "09:00-18:00", "sat-sun": "closed"}
    assert json.loads(row["sources"]) == {"phones": "https://example.org/contacts"}
    assert row["unconfirmed"] == 1
