"""`kb new`: a valid starting file for an act, a case or a service, every field explained."""

from __future__ import annotations

import datetime as dt

TEMPLATES = {
    "act": """---
id: {id}
title: "Full official title of the act"
kind: law                      # constitution | code | law | order | rules | decree | treaty | other
jurisdiction: KZ
lang: ru                       # ru | kk | en; translations share the id, one file per language
source_url: https://adilet.zan.kz/rus/docs/XXXXXXXXXX   # the official text
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
What the act is about, in plain words: who it protects and when a REActor cites it.

## Article 1. Title of the article

What this article gives the client and how to use it (2–6 sentences, your own words).
Quote the law only briefly, "in quotation marks", where the exact words matter.
""",
    "case": """---
id: {id}
title: "Short title of what happened"
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
## Situation

What happened, anonymised.

## Actions

What the REActor and the client did.

## Outcome

What came of it.

## Lessons

What to do in a similar case.
""",
    "service": """---
id: {id}
name: "Name of the organisation or office"
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
What they help with and how to refer a client. Say plainly what is unverified.
""",
    "remedy": """---
id: {id}
title: "What happened, as the client would say it"
lang: ru
violations: [dismissal]        # keys of 'violations' in kb/vocab.yaml (1 or more)
# groups: [plhiv]              # keys of 'groups'
# checked: {today}             # only once every deadline was compared with the official text
steps:                         # in the order to follow
  - title: "Written complaint to …"
    addressee: employer        # a key of 'service_kinds' (employer, institution, higher-body, police, court, prosecutor, ombudsman …)
    how: [in-writing]          # in-person, in-writing, e-otinish, phone, online-form
    attach: ["copy of the order"]
    # grounds: [act-id/art-1]  # provisions that give the right (must exist in kb/laws)
    # deadline: {{days: 30, count: calendar, from: "the day the order was handed over", provision: act-id/art-2}}
    # deadline: {{months: 1, from: "…", provision: act-id/art-2}}   # or {{none: true, provision: …}}: the law sets none
    # (the deadline's provision must exist, in an act with 'checked'; never a number from memory)
    # letter: complaint-employer   # id of a letter template
    # note: "Deadline not confirmed in the official text."   # for REActors: say why a step has no deadline
---
When to use this ladder and what to watch, in 2–5 sentences of your own words.
""",
}

FOLDERS = {"act": "laws", "case": "cases", "service": "services", "remedy": "remedies"}


def scaffold(kind: str, entry_id: str) -> str:
    """The text of a new file of `kind` with `entry_id`."""
    today = dt.date.today()
    return TEMPLATES[kind].format(id=entry_id, today=today.isoformat(), year=today.year)
