"""Deadline arithmetic (indexer/deadlines.py): each rule named with the provision it comes from."""

import datetime as dt

import pytest

from indexer.deadlines import add_months, deadline_last_day, is_working_day, last_day

D = dt.date


def test_a_period_starts_the_day_after_the_event_civil_code_art_173():
    # Civil Code art. 173: the event's own day does not count; 10 calendar days from Mon 3 Nov 2025 end Thu 13 Nov.
    assert last_day(D(2025, 11, 3), days=10).date == D(2025, 11, 13)


def test_a_last_day_on_a_weekend_moves_to_monday_civil_code_art_175():
    # Civil Code art. 175 (and APPC art. 76 part 5): 15 calendar days from 1 Nov 2025 end Sun 16 Nov -> Mon 17 Nov.
    result = last_day(D(2025, 11, 1), days=15)
    assert result.date == D(2025, 11, 17) and result.moved


def test_a_last_day_on_a_public_holiday_moves_past_it_civil_code_art_175():
    # 16 December (Independence Day) 2025 is a Tuesday: a period ending then ends on Wed 17 December.
    assert last_day(D(2025, 12, 1), days=15).date == D(2025, 12, 17)


def test_31_january_plus_one_month_is_the_last_day_of_february_civil_code_art_174_p_3():
    # Civil Code art. 174 p. 3: a month with no such date ends on its last day.
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)


def test_leap_years_civil_code_art_174_p_3():
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)


def test_months_end_on_the_same_date_then_move_off_a_day_off_civil_code_arts_174_175():
    # 3 months from 6 June 2025: 6 September 2025 is a Saturday -> Monday 8 September.
    result = last_day(D(2025, 6, 6), months=3)
    assert result.date == D(2025, 9, 8) and result.moved
    # 1 month from 15 October 2025: 15 November is a Saturday -> Monday 17 November.
    assert last_day(D(2025, 10, 15), months=1).date == D(2025, 11, 17)


def test_working_days_skip_weekends_and_holidays_appc_art_76_part_2():
    # APPC art. 76 part 2: counting starts the next day. 20 working days from Fri 12 Dec 2025
    # skip weekends, 16 Dec (Independence Day), 1-2 Jan and 7 Jan 2026.
    assert last_day(D(2025, 12, 12), days=20, count="working").date == D(2026, 1, 15)


def test_nauryz_and_moving_kurban_ait_are_days_off():
    assert not is_working_day(D(2025, 3, 21))  # Nauryz
    assert not is_working_day(D(2025, 3, 24))  # Nauryz, the observed day
    assert not is_working_day(D(2025, 6, 6))  # Kurban ait 2025 (lunar calendar)
    assert not is_working_day(D(2025, 1, 3))  # a day off transferred by the government for 2025
    assert is_working_day(D(2025, 6, 5))


def test_a_year_with_estimated_holidays_or_unknown_transfers_is_approximate():
    # Kurban ait 2026 is only estimated by the calendar, and no transfers of days off are known for 2026.
    assert last_day(D(2026, 5, 20), days=10).approximate
    assert last_day(D(2025, 12, 20), days=10, count="working").approximate  # counts working days into 2026
    assert not last_day(D(2025, 3, 3), days=10).approximate
    # A calendar period is decided by its last day only: one ending in 2025 is exact even if it started in 2024.
    assert not last_day(D(2024, 12, 20), days=20).approximate


def test_deadline_of_a_step_none_when_the_law_sets_none():
    assert deadline_last_day(D(2025, 3, 3), {"none": True, "provision": "kz-civil-code/art-187-sp-1"}) is None
    assert deadline_last_day(D(2025, 3, 3), {"days": 15, "count": "calendar", "from": "x", "provision": "a/b"}).date == D(2025, 3, 18)


def test_days_or_months_not_both():
    with pytest.raises(ValueError):
        last_day(D(2025, 1, 1), days=1, months=1)
