"""The official texts as the real corpus writes them (issue 15, the real-data run).

Each test writes a small corpus folder in a format seen in the real corpus — a meta.yaml left
from the act the folder held before, chapter headings as article designators, the reference
bank's footnotes and notes, paragraphs taken out in italics, a paragraph running on without
indent, a minister's order whose points (and its annex's points) are anchored `p1` / `an1_p30` —
with invented sentences, and reads it with the real reader, `kb check` and the real build.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import FIXTURE_KB

from indexer.build import build
from indexer.official import read_act, split_articles
from indexer.store import DB_NAME


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_meta_yaml_left_from_the_act_the_folder_held_before_is_ignored(tmp_path):
    """The corpus keeps a constitution in one folder: when a new one replaced the old, meta.yaml may still describe the old one."""
    folder = tmp_path / "00-constitution"
    write(folder / "meta.yaml", "act_code: '1'\nrequisite: Тестовый закон 1995 года. Прекратил действие с 1 июля 2026 года\n"
          "version_date:\n  rus: 2022-09-17\n  kaz: 2022-09-17\n")
    write(folder / "rus.md", "---\nact_code: '7001'\nrequisite: Тестовый закон принят в 2026 году\nversion_date: 2026-03-15\n"
          "source: https://adilet.zan.kz/rus/docs/K2600007001\n---\n\n<a id=\"st1\"></a>\n\n**Статья 1**\n\nТекст.\n")
    write(folder / "kaz.md", "---\nact_code: '7001'\nversion_date: 2026-03-15\n---\n\n<a id=\"st1\"></a>\n\n**1-бап**\n\nМәтін.\n")
    act = read_act(folder)
    assert act.act_code == "7001" and not act.ceased  # the old act's "ceased" does not stick to the new one
    assert act.version_dates == {"ru": "2026-03-15", "kk": "2026-03-15"}
    assert act.requisite == "Тестовый закон принят в 2026 году"


def test_footnotes_notes_excluded_paragraphs_and_run_on_paragraphs_split_as_the_law_reads():
    articles = split_articles(
        '<a id="st43"></a>\n\n#### Статья 43. Тестовые выборы\n\n'
        "Примечание. См. тестовое постановление от 01.01.2026 № 1.\n\n"
        "1. Тестового старосту избирают на семь лет.\n\n"
        "Одно и то же лицо избирают только один раз.\n\n"
        "*2. Исключен тестовым законом от 02.02.2022 № 2.*\n\n"
        "3. Выборы назначает тестовый совет:\n\n"
        "   1) по тестовому правилу;\n\n"
        "      *Тестовым постановлением суда от 04.04.2024 № 4 подпункт 1) истолкован узко.*\n\n"
        "   *2) исключен тестовым законом от 05.05.2025 № 5.*\n\n"
        "*Примечание!*\n\n"
        "   > *Сноска. Статья 43 с изменениями, внесенными тестовым законом от 03.03.2023 № 3.*\n\n"
        '<a id="st44"></a>\n\n##### 44-бап. Сынақ антты\n\n1. Сынақ мәтіні.\n\n   2. Шегініспен жазылған сынақ тармағы.\n\n'
        "> *Ескерту. 44-бапқа өзгеріс енгізілді.*\n\n"
        '<a id="st45"></a>\n\n#### Статья 45. Тестовая статья\n\n*Сноска. Статья 45 исключена тестовым законом от 06.06.2026 № 6.*\n'
    )
    ru, kk, gone = articles
    # An indented number still starts a paragraph; an article taken out keeps its note as its text.
    assert kk.paragraphs["2"] == "2. Шегініспен жазылған сынақ тармағы."
    assert gone.text == "Сноска. Статья 45 исключена тестовым законом от 06.06.2026 № 6." and not gone.paragraphs
    assert (ru.local_id, ru.designator, ru.title) == ("art-43", "Статья 43", "Тестовые выборы")
    assert (kk.local_id, kk.designator, kk.title) == ("art-44", "44-бап", "Сынақ антты")
    # The paragraph that runs on without indent stays with paragraph 1; the one taken out keeps its number.
    assert ru.paragraphs["1"] == "1. Тестового старосту избирают на семь лет.\n\nОдно и то же лицо избирают только один раз."
    assert ru.paragraphs["2"].startswith("2. Исключен") and set(ru.paragraphs) == {"1", "2", "3"}
    # The reference bank's footnotes and notes are not the law's words: neither in the text nor in a paragraph.
    assert "Сноска" not in ru.text and "Примечание" not in ru.text and "Ескерту" not in kk.text
    assert "постановлением суда" not in ru.text  # a court's reading, set in italics by the reference bank
    assert ru.paragraphs["3"] == "3. Выборы назначает тестовый совет:\n\n1) по тестовому правилу;\n\n2) исключен тестовым законом от 05.05.2025 № 5."


def test_an_orders_points_and_its_annexs_points_are_units_of_their_own():
    articles = split_articles(
        "# Об утверждении тестовых правил\n\nПРИКАЗЫВАЮ:\n\n"
        '<a id="p1"></a>\n\n1. Утвердить прилагаемые тестовые правила.\n\n'
        '<a id="p2"></a>\n\n2. Приказ вводится в действие через десять дней.\n\n'
        "## Тестовые правила\n\n### Глава 1. Общие положения\n\n"
        '<a id="an1_p1"></a>\n\n1. Правила определяют тестовый порядок.\n\n'
        '<a id="an1_p30"></a>\n\n30. Основаниями для отказа являются:\n\n   1) тестовое основание;\n\n   2) другое тестовое основание.\n'
    )
    assert [a.local_id for a in articles] == ["p-1", "p-2", "an-1-p-1", "an-1-p-30"]
    assert "Тестовые правила" not in articles[1].text  # the annex's heading ends the order's last point
    assert articles[3].text.endswith("2) другое тестовое основание.")


def test_a_linked_order_gets_its_points_and_check_names_a_point_numbered_differently(tmp_path):
    """Our kb numbers the Rules' points as the order's own (`p-30`); the corpus anchors them in the annex (`an1_p30`)."""
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    order = kb / "laws" / "test-order-379.ru.md"
    order.write_text(order.read_text(encoding="utf-8").replace("aliases: [Приказ 379", "official: '9379'\naliases: [Приказ 379")
                     + "\n## Пункт 1. Утверждение правил\n\nПриказ утвердил правила.\n", encoding="utf-8")
    corpus = tmp_path / "ministerial" / "07-ministerial" / "100-test-ministry" / "2018" / "0829-ob-utverzhdenii-testovykh-pravil-9379"
    write(corpus / "meta.yaml", "act_code: '9379'\nrequisite: Приказ тестового министра от 29 августа 2018 года № 379\n"
          "version_date:\n  rus: 2018-08-29\nsource:\n  rus: https://adilet.zan.kz/rus/docs/V1800009379\n")
    write(corpus / "rus.md", '# Об утверждении тестовых правил\n\n<a id="p1"></a>\n\n1. Утвердить прилагаемые тестовые правила.\n\n'
          '## Тестовые правила\n\n<a id="an1_p30"></a>\n\n30. Основаниями для отказа в приёме являются:\n\n   2) тестовое противопоказание.\n')
    data = tmp_path / "data"
    result = build(kb, data, official=[tmp_path / "ministerial"])
    assert result.built and not result.problems.errors, result.problems
    messages = [f"{p.code}: {p.message}" for p in result.problems.warnings]
    assert any(m.startswith("official-missing: p-30: the official text of act '9379' has no point 30") for m in messages), messages
    assert not any(" p-1:" in m for m in messages)
    with sqlite3.connect(data / "current" / DB_NAME) as db:
        rows = dict(db.execute("SELECT local_id, text FROM official_texts WHERE act_id = 'test-order-379'").fetchall())
    assert rows["p-1"] == "1. Утвердить прилагаемые тестовые правила."
    assert rows["an-1-p-30"].startswith("30. Основаниями для отказа")


def test_check_compares_a_summary_with_the_official_text_in_its_own_language_down_to_the_paragraph(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    path = kb / "laws" / "test-constitution-2026.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Новая Конституция]\n", "aliases: [Новая Конституция]\nofficial: '7002'\n")
                    + "\n## Статья 14, пункт 3. Третий пункт\n\nТакого пункта в тестовом тексте нет.\n", encoding="utf-8")
    corpus = tmp_path / "codes" / "00-test"
    write(corpus / "rus.md", "---\nact_code: '7002'\nversion_date: 2026-03-15\n---\n\n"
          '<a id="st14"></a>\n\n**Статья 14**\n\n1. Первый пункт.\n\n2. Второй пункт.\n')
    result = build(kb, tmp_path / "data", official=[tmp_path / "codes"])
    messages = [f"{p.code}: {p.message}" for p in result.problems.warnings]
    assert "official-missing: art-14-p-3: article 14 of the official text of act '7002' has no paragraph 3 (numbered differently?)" in messages
    assert not any(m.startswith("official-missing: art-14:") for m in messages)


def test_an_escaped_full_stop_still_numbers_a_paragraph_and_a_kazakh_text_numbered_apart_is_named(tmp_path):
    """The Health Code's art. 76 in Kazakh numbers its paragraphs «1\\.» and «3\\.» where the Russian has 1 and 2."""
    kk = split_articles('<a id="st76"></a>\n\n#### 76-бап. Сынақ\n\n1\\. Мемлекет:\n\n1) сынаққа кепілдік береді.\n\n3\\. Сынақ кемсітуге жол бермейді.\n')[0]
    assert set(kk.paragraphs) == {"1", "3"} and kk.paragraphs["3"] == "3. Сынақ кемсітуге жол бермейді."
    assert kk.paragraphs["1"] == "1. Мемлекет:\n\n1) сынаққа кепілдік береді."


def test_an_official_only_hit_is_cited_as_the_act_and_article_in_its_own_language(tmp_path, catalogs):
    """Search results and the official-only page give the law's own article a citation to copy, as our summaries have."""
    from test_official import CORPUS, NEW_CONSTITUTION, link_corpus

    from app import create_app
    from indexer.search import SearchEngine

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)
    data = tmp_path / "data"
    assert build(kb, data, official=[CORPUS]).built
    engine = SearchEngine(data)
    try:
        ru = next(n for n in engine.search("чистая питьевая вода", lang="ru")["norms"] if n["source"] == "official")
        kk = engine.search("таза ауыз су", lang="kk")["norms"][0]
    finally:
        engine.close()
    assert (ru["id"], ru["lang"]) == (f"{NEW_CONSTITUTION}/art-17", "ru")
    assert ru["citation"] == "ст. 17 Конституции Республики Казахстан 2026 года"
    # No Kazakh file of ours for this act: the corpus's Kazakh title, declined, with the article's number.
    assert (kk["source"], kk["lang"], kk["citation"]) == ("official", "kk", "Сынақ негізгі заңының 17-бабы")
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(kb)}).test_client()
    page = client.get(f"/laws/{NEW_CONSTITUTION}/art-17?lang=ru").get_data(as_text=True)
    assert "ст. 17 Конституции Республики Казахстан 2026 года" in page and 'class="citation"' in page


def test_the_act_page_of_a_code_of_hundreds_of_articles_lists_them_fifty_at_a_time_within_the_page_budget(tmp_path, catalogs):
    """The Health Code has about 280 articles, the Labour Code about 200: listed whole, the act page outgrew 60 KB."""
    from app import create_app

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    path = kb / "laws" / "test-constitution-2026.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Новая Конституция]\n", "aliases: [Новая Конституция]\nofficial: '7300'\n"),
                    encoding="utf-8")
    title = "Тестовое заглавие статьи о правах и обязанностях участников тестовых отношений"
    body = "".join(f'<a id="st{n}"></a>\n\n#### Статья {n}. {title}\n\n1. Первое тестовое правило.\n\n2. Второе тестовое правило.\n\n' for n in range(1, 301))
    write(tmp_path / "codes" / "02-codes" / "test-7300" / "rus.md", f"---\nact_code: '7300'\nversion_date: 2026-03-15\n---\n\n{body}")
    data = tmp_path / "data"
    assert build(kb, data, official=[tmp_path / "codes"]).built
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(kb)}).test_client()
    first = client.get("/laws/test-constitution-2026?lang=ru")
    assert first.status_code == 200 and len(first.data) <= 60_000, len(first.data)
    html = first.get_data(as_text=True)
    # Articles 1–50, article 14 the one we summarised.
    assert html.count('class="badge not-summarised"') == 49 and "Статья 50." in html and "Статья 51." not in html
    assert "articles=6#all-articles" in html and "251–300" in html  # every stretch of the list is one tap away
    last = client.get("/laws/test-constitution-2026?lang=ru&articles=6")
    text = last.get_data(as_text=True)
    assert last.status_code == 200 and len(last.data) <= 60_000 and "Статья 300." in text and "Статья 250." not in text
    assert "<details open>" in text  # asked for a stretch of the list: it is shown, not folded away
    assert client.get("/laws/test-constitution-2026?lang=ru&articles=7").status_code == 404
    assert client.get("/laws/test-constitution-2026?lang=ru&articles=x").status_code == 400


def test_a_kazakh_query_typed_with_the_kazakh_letter_finds_an_official_text_written_with_a_latin_i(tmp_path):
    """The official Kazakh texts write some words with a Latin i («кепiлдiк»); a REActor types the Kazakh і."""
    from indexer.search import SearchEngine

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    path = kb / "laws" / "test-constitution-2026.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Новая Конституция]\n", "aliases: [Новая Конституция]\nofficial: '7400'\n"),
                    encoding="utf-8")
    write(tmp_path / "codes" / "00-test" / "kaz.md", "---\nact_code: '7400'\nversion_date: 2026-03-15\n---\n\n"
          '<a id="st31"></a>\n\n**31-бап**\n\nСынақ жәрдемақысына кепiлдiк берiледi.\n')  # Latin i (U+0069) in the last two words
    data = tmp_path / "data"
    assert build(kb, data, official=[tmp_path / "codes"]).built
    engine = SearchEngine(data)
    try:
        found = engine.search("жәрдемақыға кепілдік беріледі", lang="kk")["norms"]
    finally:
        engine.close()
    assert found and found[0]["id"] == "test-constitution-2026/art-31" and found[0]["source"] == "official"
    assert "<mark>кепiлдiк</mark>" in found[0]["snippet"]  # the text is shown as written, the match marked


def test_only_the_kazakh_summary_is_named_when_the_kazakh_official_text_numbers_a_paragraph_apart(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    headings = {"ru": "## Статья 14, пункт 2. Второй пункт", "kk": "## 14-бап, 2-тармақ. Екінші тармақ", "en": "## Article 14, paragraph 2. Second"}
    for lang, heading in headings.items():
        path = kb / "laws" / f"test-constitution.{lang}.md"
        text = path.read_text(encoding="utf-8").replace("\nstatus: repealed\n", "\nstatus: repealed\nofficial: '7076'\n", 1)
        path.write_text(text + f"\n{heading}\n\nСынақ. Test. Тест.\n", encoding="utf-8")
    folder = tmp_path / "codes" / "00-test"
    write(folder / "rus.md", "---\nact_code: '7076'\n---\n\n" '<a id="st14"></a>\n\n**Статья 14**\n\n1. Первый.\n\n2. Второй.\n')
    write(folder / "kaz.md", "---\nact_code: '7076'\n---\n\n" '<a id="st14"></a>\n\n**14-бап**\n\n1\\. Бірінші.\n\n3\\. Екінші.\n')
    result = build(kb, tmp_path / "data", official=[tmp_path / "codes"])
    named = sorted(Path(p.path).name for p in result.problems.warnings if p.code == "official-missing" and p.message.startswith("art-14-p-2:"))
    assert named == ["test-constitution.kk.md"]  # English is checked against either language's text
