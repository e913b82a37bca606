"""`kb new`: a starting file for an act, a case or a service, every field explained.

Every text the maintainer must write is marked with PLACEHOLDER; `kb check` reports
each marked line as an error, so an untouched file is never published. The body's
headings and placeholders are in the file's language.
"""

from __future__ import annotations

import datetime as dt

# Marks text a maintainer has to replace (kb check: error[placeholder]).
PLACEHOLDER = "✎"

TEMPLATES = {
    "act": """---
id: {id}
title: "{mark} {title}"
kind: law                      # constitution | code | law | order | rules | decree | treaty | other
jurisdiction: KZ
lang: ru                       # ru | kk | en; translations share the id, one file per language
source_url: https://adilet.zan.kz/rus/docs/XXXXXXXXXX   # {mark} the official text's address
# number: "123-VI"             # the act's number as printed
# adopted: 2020-07-07          # date of adoption, YYYY-MM-DD
# issuer: "Parliament of the Republic of Kazakhstan"
# status: in_force             # in_force | repealed | not_yet_in_force
# valid_from: 2020-07-18
# valid_until: 2023-06-30      # last day it applied, for repealed acts
# replaced_by: other-act-id
# checked: {today}             # only once you compared this file with the official text
# aliases: ["Short name", "Сокращение", "Қысқаша атауы"]
# topics: [hiv, discrimination]   # keys of 'topics' in kb/vocab.yaml
---
{body}""",
    "case": """---
id: {id}
title: "{mark} {title}"
lang: ru                       # ru | kk | en
date: "{year}"                 # YYYY, YYYY-MM or YYYY-MM-DD
jurisdiction: KZ
groups: [plhiv]                # keys of 'groups' in kb/vocab.yaml
violations: [discrimination]   # keys of 'violations'
outcome: unknown               # a key of 'outcomes'
anonymised: true               # changed names only, no identifying details
# city: almaty                 # a key of 'places'
# actions: [consultation]      # keys of 'actions'
# norms: [act-id/art-14]       # provisions (act-id/provision-id) or act ids cited
# services: [service-id]       # services involved
# source_url: https://…        # where the story was published
---
{body}""",
    "service": """---
id: {id}
name: "{mark} {title}"
kind: ngo                      # a key of 'service_kinds' in kb/vocab.yaml
jurisdiction: KZ
city: almaty                   # a key of 'places', or national
lang: ru
# address: "street, building, office"   # only as a source shows it
# phones: ["+7 727 000 0000", "111", {{number: "+7 727 000 0001", label: Hotline, hours: "24/7"}}]  # never a private mobile
# messengers: [{{type: telegram, value: "@handle", label: Chat}}]   # telegram, whatsapp or signal
# online_form: https://…       # the organisation's online form (a state body: its e-Otinish route)
# email: office@example.org
# website: https://example.org
# hours: {{mon-fri: "09:00-18:00", sat-sun: closed}}   # or free text, or "24/7"
# languages: [ru, kk]
# accessibility: "step-free entrance"
# groups: [plhiv]              # whom they are friendly to
# free: true
# source_url: https://…        # where these details were found
# sources: {{phones: https://…}} # where a channel was read, when not on source_url
# checked: {today}             # only once you confirmed the details
# unconfirmed: true            # when the organisation's current existence could not be confirmed
# lat: 43.238
# lon: 76.945
---
{body}""",
}

# The title placeholder and the body, per kind and language.
TEXTS = {
    "act": {
        "ru": ("Полное официальное название акта", """{mark} О чём этот акт простыми словами: кого он защищает и когда REActor на него ссылается.

## Статья 1. {mark} Название статьи

{mark} Что статья даёт клиенту и как ею пользоваться (2–6 предложений своими словами). Цитируйте закон
лишь коротко, «в кавычках», где важны точные слова.
"""),
        "kk": ("Актінің толық ресми атауы", """{mark} Бұл акт не туралы, қарапайым сөзбен: кімді қорғайды және REActor оған қашан сілтеме жасайды.

## 1-бап. {mark} Баптың атауы

{mark} Бап клиентке не береді және оны қалай қолдануға болады (өз сөзіңізбен 2–6 сөйлем). Заңды тек
қысқа, «тырнақшада», нақты сөздер маңызды жерде ғана келтіріңіз.
"""),
        "en": ("Full official title of the act", """{mark} What the act is about, in plain words: who it protects and when a REActor cites it.

## Article 1. {mark} Title of the article

{mark} What this article gives the client and how to use it (2–6 sentences, your own words).
Quote the law only briefly, "in quotation marks", where the exact words matter.
"""),
    },
    "case": {
        "ru": ("Коротко: что произошло", """## Ситуация

{mark} Что произошло, без настоящих имён и узнаваемых подробностей.

## Действия

{mark} Что сделали REActor и клиент.

## Результат

{mark} Чем закончилось.

## Выводы

{mark} Что делать в похожем случае.
"""),
        "kk": ("Қысқаша: не болды", """## Жағдай

{mark} Не болды, шынайы есімдерсіз және адамды танытатын мәліметтерсіз.

## Әрекеттер

{mark} REActor мен клиент не істеді.

## Нәтиже

{mark} Немен аяқталды.

## Қорытынды

{mark} Ұқсас жағдайда не істеу керек.
"""),
        "en": ("Short title of what happened", """## Situation

{mark} What happened, anonymised.

## Actions

{mark} What the REActor and the client did.

## Outcome

{mark} What came of it.

## Lessons

{mark} What to do in a similar case.
"""),
    },
    "service": {
        "ru": ("Название организации или учреждения", "{mark} С чем помогают и как направить клиента. Прямо скажите, что не проверено.\n"),
        "kk": ("Ұйымның немесе мекеменің атауы", "{mark} Немен көмектеседі және клиентті қалай жіберу керек. Не тексерілмегенін ашық айтыңыз.\n"),
        "en": ("Name of the organisation or office", "{mark} What they help with and how to refer a client. Say plainly what is unverified.\n"),
    },
}

FOLDERS = {"act": "laws", "case": "cases", "service": "services"}


def scaffold(kind: str, entry_id: str, lang: str = "ru") -> str:
    """The text of a new file of `kind` with `entry_id`, in language `lang`."""
    today = dt.date.today()
    title, body = TEXTS[kind][lang]
    text = TEMPLATES[kind].format(id=entry_id, today=today.isoformat(), year=today.year, mark=PLACEHOLDER, title=title, body="{body}")
    return text.replace("lang: ru", f"lang: {lang}", 1).replace("{body}", body.format(mark=PLACEHOLDER))


def placeholder_lines(text: str) -> list[int]:
    """The lines (1-based) that still hold a placeholder of `kb new`."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if PLACEHOLDER in line]
