"""A parsed query turned into scoring clauses, once, with what the rest of a search needs to know of it.

Each query word becomes a clause whose alternatives are its own terms in title,
names and body (for a word typed in other letters, the word it stands for:
respelling.py; for a typo one edit from a single known word, that word), then
(when the word is unknown) its other typo corrections, then its
thesaurus group, the legal concepts the lexicon gives an everyday word and (for a
Russian verb) its action noun, each weighted below the literal word, and its
translations, searched at full weight in the entries lacking its language. A quoted
phrase is one clause. `plan()` returns all of it as one `Plan`: the clauses, the
words that count for coverage, the terms to mark in snippets, the corrections made
and the lexicon expansions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.analysis import analyze, fold
from indexer.analysis.dictionaries import guessed_kazakh, is_real_word, looks_like_kazakh_verb
from indexer.analysis.kazakh import looks_kazakh
from indexer.analysis.stopwords import is_stopword
from indexer.analysis.text import CYRILLIC_RE, action_noun_terms, bare, in_context, lemma_term, says_not
from indexer.analysis.translations import translations_of
from indexer.designators import find_in_query
from indexer.fulltext import Searcher, doc_frequency, occurs, similar_terms
from indexer.schema import concept_term
from indexer.search.query import ParsedQuery, parse_query
from indexer.search.respelling import respelt
from indexer.search.scoring import TEXT_FIELDS, Alternative, Clause
from indexer.search.snapshot import Snapshot
from indexer.search.spelling import best_corrections, edit_distance, first_letter_edits, nearest, within_reach

SYNONYM_BOOST = 0.9
# Everyday words (kb/lexicon.yaml) search their legal concepts below the literal word and its synonyms.
LEXICON_BOOST = 0.8
FUZZY_BOOST = 0.4
# A Russian verb's action noun («разгласили» → разглашение) is searched like a thesaurus synonym.
ACTION_NOUN_BOOST = 0.5
# A word's translations (indexer/analysis/translations.py), in entries lacking a version in its language.
TRANSLATION_BOOST = 1.0


# Words this long tolerate a typo; a word one letter shorter may be one with a letter dropped («цнтр»: центр).
SHORTEST_TYPO = 5


def max_edits(word: str) -> int:
    """Typos tolerated in a word: one from 5 letters, two from 8; one in a 4-letter word, whose corrections are
    then the words a letter longer only (see `_corrections`)."""
    return 2 if len(word) >= 8 else 1 if len(word) >= SHORTEST_TYPO - 1 else 0


@dataclass
class Plan:
    """What a query is searched as."""

    clauses: list[Clause]
    # The analysed terms of each query word (analysed once: scoring, synonyms and word order use them).
    word_terms: list[list[str]]
    # The analysed terms of each quoted phrase (phrases without terms left out).
    phrase_terms: list[list[str]]
    # Provisions the query cites ("п. 2 ст. 14 Конституции") and the rest of the query, naming the act.
    cited_ids: list[str]
    citation_rest: str
    # Bit mask of the query words (and phrases, after the words) that count for coverage (not function words).
    content_words: int = 0
    # Terms to mark in snippets: the words, their corrections and their synonyms.
    highlight_terms: set[str] = field(default_factory=set)
    # Unknown word → the correction searched (the most frequent known word within reach).
    corrections: dict[str, str] = field(default_factory=dict)
    # Everyday words found in the lexicon, with the concepts they were also searched as.
    expanded: list[dict[str, Any]] = field(default_factory=list)
    # A misspelt word's best correction: its terms stand for the word in thesaurus and lexicon matching.
    concept_terms: dict[int, list[str]] = field(default_factory=dict)
    # The word a misspelt or respelt query word was read as (its correction): whether it says "not" is that word's.
    read_as: dict[int, str] = field(default_factory=dict)
    # Whether some word of the query is Kazakh by its look: its other Cyrillic words may be Kazakh too.
    kazakh: bool = False


def plan(parsed: ParsedQuery, snap: Snapshot, searcher: Searcher) -> Plan:
    """The query's plan (see `_plan`); when a typo hid a citation's designator ("Labour Code artcle 161"),
    the plan of the corrected query, which cites it, with the corrections kept for "did you mean"."""
    result = _plan(parsed, snap, searcher)
    if result.corrections and not result.cited_ids:
        corrected = suggestion(parsed.text, result.corrections)
        if corrected and find_in_query(corrected)[0]:
            again = _plan(parse_query(corrected), snap, searcher)
            if len(again.word_terms) == len(result.word_terms):  # word for word the same query: the indices agree
                again.corrections = result.corrections
                return again
    return result


def _plan(parsed: ParsedQuery, snap: Snapshot, searcher: Searcher) -> Plan:
    """The clauses of the query: one per word or quoted phrase, one per multi-word synonym span.

    Each word scores by the best of its alternatives (itself, its
    corrections, its thesaurus group), so a document that names HIV in four
    ways does not outrank one that matches more of the query.
    """
    # The designator's words of a cited provision ("п.", "2", "ст.", "14") are not searched as text,
    # or every article of every act would match them.
    cited_ids, citation_rest = find_in_query(parsed.text)
    rest_words = set(citation_rest.split())
    designator_words = {i for i, w in enumerate(parsed.words) if cited_ids and w not in rest_words}
    phrases = [analyze(phrase) for phrase in parsed.phrases]
    result = Plan(
        clauses=[],
        word_terms=_word_terms(parsed.words),
        phrase_terms=[terms for terms in phrases if terms],
        cited_ids=cited_ids,
        citation_rest=citation_rest,
        kazakh=any(looks_kazakh(fold(bare(w))) for w in parsed.words),
    )
    terms: list[str] = []
    owners: list[int] = []
    per_word: dict[int, list[Alternative]] = {}
    for index, word in enumerate(parsed.words):
        alternatives = [] if index in designator_words else _word_alternatives(result, snap, searcher, index, word)
        if alternatives:
            per_word[index] = alternatives
        if index in designator_words:
            continue
        for t in result.concept_terms.get(index, result.word_terms[index]):
            terms.append(t)
            owners.append(index)
    clauses = result.clauses
    saying = [says_not(result.read_as.get(i, word)) for i, word in enumerate(parsed.words)]
    negated = [saying[owner] for owner in owners]
    for match in snap.thesaurus.matches(terms, negated=negated):
        words = sorted(set(owners[match.start : match.end]))
        if _function_words_only(parsed, words):
            continue
        # Documents were tagged with their thesaurus groups at index time: one term stands for the group.
        synonym = Alternative(SYNONYM_BOOST, (("concepts", concept_term(match.group), 1.0),))
        result.highlight_terms.update(t for alternative in match.alternatives for t in alternative if not is_stopword(t))
        if len(words) == 1 and words[0] in per_word:
            per_word[words[0]].append(synonym)
        else:
            clauses.append(Clause(sum(1 << w for w in words), [synonym]))
    for found in snap.lexicon.matches(terms, negated):
        words = sorted(set(owners[found.start : found.end]))
        if _function_words_only(parsed, words):
            continue
        meant = [Alternative(LEXICON_BOOST, (("concepts", concept_term(group), 1.0),)) for group in found.groups]
        for group in found.groups:
            result.highlight_terms.update(t for member in snap.thesaurus.members(group) for t in member if not is_stopword(t))
        result.expanded.append({"word": " ".join(parsed.words[w] for w in words), "means": list(found.means)})
        if len(words) == 1 and words[0] in per_word:
            per_word[words[0]].extend(meant)
        else:
            result.content_words |= sum(1 << w for w in words)
            clauses.append(Clause(sum(1 << w for w in words), meant))
    clauses.extend(Clause(1 << index, alternatives) for index, alternatives in per_word.items())
    for offset, phrase_terms in enumerate(phrases, start=len(parsed.words)):
        if phrase_terms:
            result.highlight_terms.update(phrase_terms)
            result.content_words |= 1 << offset
            clauses.append(Clause(1 << offset, [_own(phrase_terms, 1.0)]))
    if cited_ids and result.corrections:
        # The act a citation names is read from the corrected words («ст. 14 Консттуции»: the Constitution).
        result.citation_rest = suggestion(citation_rest, result.corrections) or citation_rest
    return result


def _function_words_only(parsed: ParsedQuery, words: list[int]) -> bool:
    """True when a concept's words in the query are all function words: Kazakh «сол» ("that") has the stem of
    Russian «соль» (a drug's slang name) and must not be searched as drugs."""
    return all(is_stopword(parsed.words[w]) for w in words)


def _word_terms(words: list[str]) -> list[list[str]]:
    """The analysed terms of each query word, with the word before it as context, as the index reads them
    («общественные работы»: the punishment, not a job)."""
    found: list[list[str]] = []
    for word in words:
        terms = analyze(word)
        if len(terms) == 1 and found and found[-1]:
            terms = [in_context(found[-1][-1], terms[0])]
        found.append(terms)
    return found


def _own(terms: list[str], weight: float) -> Alternative:
    """An alternative made of terms searched in title, names and body, each field counting the same."""
    return Alternative(weight, tuple((f, t, 1.0) for t in dict.fromkeys(terms) for f in TEXT_FIELDS))


def _word_alternatives(result: Plan, snap: Snapshot, searcher: Searcher, index: int, word: str) -> list[Alternative]:
    """A word's own terms (whole and hyphen parts), then typo corrections when it is unknown.

    A function word has none: it is not a match on its own (it still counts inside
    quoted phrases and thesaurus or lexicon phrases). Records the word in the plan
    (coverage, highlighting, corrections).
    """
    terms = result.word_terms[index]
    if not terms or is_stopword(word):
        return []
    folded = fold(bare(word))  # «уволнили,»: the typo is looked at without its comma
    known = _known(snap, searcher, folded, terms)
    restored = respelt(snap, searcher, folded) if known is not True else []
    typo = not restored and max_edits(folded) > 0 and folded.isalpha() and known is not True
    candidates = _candidates(snap, searcher, folded) if typo else []
    sure = _sure_correction(folded, candidates) if known is False else None
    if sure:
        restored, typo = [sure], False
    if restored:
        # Kazakh typed without Kazakh letters («кукыктары»: «құқықтары»), Russian in Latin letters («uvolili»:
        # «уволили») or a typo with one word in reach («уволйли»: «уволили») is that word, at full weight.
        result.corrections[folded] = folded = result.read_as[index] = restored[0]
        terms = result.word_terms[index] = analyze(folded)
        if is_stopword(folded):  # «iz-za»: «из-за»
            return []
    result.content_words |= 1 << index
    result.highlight_terms.update(terms)
    alternatives = [_own(terms, 1.0), *(_own(analyze(other), 1.0) for other in restored[1:])]
    # An irregular Russian form the thesaurus and lexicon know only by its dictionary form («пыток» → пытка):
    # the dictionary form stands for the word in their matching.
    lemma = lemma_term(folded)
    if lemma and not snap.knows_concept(terms) and snap.knows_concept([lemma]):
        result.concept_terms[index] = [lemma]
    # A Russian verb also searches its action noun, which the law writes («уволили» → увольнение), like a synonym.
    nouns = action_noun_terms(folded) if len(terms) == 1 else []
    for noun in nouns:
        alternatives.append(_own([noun], ACTION_NOUN_BOOST))
        result.highlight_terms.add(noun)
    translated = _translations(snap, terms, _languages(folded, result.kazakh))
    result.highlight_terms.update(term for alternative in translated for _, term, _ in alternative.postings)
    alternatives.extend(translated)
    if typo:
        # The indexed stems nearest to the word's own («вымага» → «вымога»): the kb may hold the word in other forms only.
        # (Not for a word shorter than a typo's: «ценр» is not «цен».)
        near = []
        if len(folded) >= SHORTEST_TYPO:
            near = [t for term in terms for t in nearest(term, _indexed_within_reach(searcher, "body", term, max_edits(folded)))]
        corrections = _corrections(folded, terms, near, candidates)
        # A word taken as Kazakh by its look alone is searched like a typo but never "corrected" in the suggestion.
        if corrections and known is False:
            result.corrections[folded] = corrections[0]
        for corrected in corrections:
            corrected_terms = analyze(corrected)
            result.highlight_terms.update(corrected_terms)
            alternatives.append(_own(corrected_terms, FUZZY_BOOST))
            # The best correction stands for the word in the thesaurus and lexicon («уволнили» → dismissal).
            result.concept_terms.setdefault(index, corrected_terms)
            result.read_as.setdefault(index, corrected)
        result.highlight_terms.update(near)
        alternatives.extend(_own([t], FUZZY_BOOST) for t in near)
    return alternatives


def _languages(word: str, kazakh_query: bool) -> set[str]:
    """The languages a folded query word may be written in: English for Latin letters; Kazakh for a Kazakh-looking
    word; Russian for another Cyrillic one, and Kazakh too in a query with Kazakh words («клиента» in a Russian
    question is Russian, though Kazakh texts write «клиент» too)."""
    if not CYRILLIC_RE.search(word):
        return {"en"}
    if looks_kazakh(word):
        return {"kk"}
    return {"ru", "kk"} if kazakh_query else {"ru"}


def _translations(snap: Snapshot, terms: list[str], languages: set[str]) -> list[Alternative]:
    """The word's translations from the languages it may be written in, each searched only in the entries with no
    version in that language ("evict" → «выселение» in a norm written in Russian only).

    They are not listed under "also searched for": with a few entries lacking a language, nearly every word of a
    query in it has some, and the list would bury the lexicon's concepts. A hit found by one marks the
    translated word in its snippet and lists the query word as matched.
    """
    found: list[Alternative] = []
    if not snap.translating:
        return found
    for term in terms:
        for source, translated in translations_of(term):
            only = snap.lacking(source) if source in languages else None
            if only is not None:  # None: every entry has a version in the word's language
                found.append(Alternative(TRANSLATION_BOOST, _own([translated], 1.0).postings, only))
    return found


def _known(snap: Snapshot, searcher: Searcher, word: str, terms: list[str]) -> bool | None:
    """True when a word, or its stem, occurs anywhere in the index, is a thesaurus or lexicon word, or is a real
    word of Russian or English; None when it is taken as a Kazakh word by its look alone; False when unknown.

    Only words unknown everywhere are corrected: "fired" is not a typo of "filed"
    just because the knowledge base never says "fired". No Kazakh dictionary is
    packaged, so a Kazakh-looking word the kb does not hold («прокуртураға») is
    searched like a typo too, without a "did you mean".
    """
    if occurs(searcher, "spell", word):
        return True
    if any(occurs(searcher, f, t) for t in terms for f in TEXT_FIELDS):
        return True
    if snap.knows_concept(terms):
        return True
    if is_real_word(word):
        return None if guessed_kazakh(word) else True
    return False


def _candidates(snap: Snapshot, searcher: Searcher, word: str) -> list[str]:
    """Known words within the allowed edits of an unknown word, the nearest and most frequent first (never a place
    for a verb): the texts' words and the thesaurus and lexicon words as written («kicked» of "kicked out",
    «абақты»: in no text of the kb)."""
    found = _indexed_within_reach(searcher, "spell", word, max_edits(word))
    if len(word) < SHORTEST_TYPO:  # a letter dropped from a longer word
        found = [w for w in found if len(w) == len(word) + 1]
    found += [w for w in within_reach(word, snap.concept_spellings, max_edits(word)) if w not in found and not is_stopword(w)]
    if looks_like_kazakh_verb(word):
        found = [w for w in found if w not in snap.place_words]
    return best_corrections(word, found, lambda w: doc_frequency(searcher, "spell", w))


def _sure_correction(word: str, candidates: list[str]) -> str | None:
    """The candidate one edit from the word when no other is that near: the word meant, searched in its place."""
    if candidates and edit_distance(word, candidates[0]) == 1 and (len(candidates) == 1 or edit_distance(word, candidates[1]) > 1):
        return candidates[0]
    return None


def _corrections(word: str, terms: list[str], near: list[str], found: list[str]) -> list[str]:
    """The corrections of an unknown word searched below it: its nearest candidates (`_candidates`), at most three.

    When an indexed stem is nearer to the word's stem than any known word is to the word («вымагает»: the stem
    «вымога» is one letter from «вымага», the nearest known word «выпадает» two), the correction is the real word
    built on that stem («вымогает»), or none: "did you mean" then shows what the ranking searched.
    """
    if near and len(terms) == 1 and word.startswith(terms[0]):
        if not found or edit_distance(terms[0], near[0]) < edit_distance(word, found[0]):
            rebuilt = [(stem, stem + word[len(terms[0]):]) for stem in near]
            return [w for stem, w in rebuilt if analyze(w) == [stem] and is_real_word(w)][:1]
    return found[:3]


def _indexed_within_reach(searcher: Searcher, field: str, word: str, edits: int) -> list[str]:
    """The terms of `field` within `edits` edits of `word` (a swap of two neighbouring letters is one edit:
    «увоилли» → «уволили»), a typo in the first letter included."""
    found = similar_terms(searcher, field, word, edits, prefix=1)
    return list(dict.fromkeys([*found, *(w for w in first_letter_edits(word) if occurs(searcher, field, w))]))


def suggestion(text: str, corrections: dict[str, str]) -> str | None:
    """The query with its corrected words replaced ("did you mean"), or None when that changes nothing."""
    if not corrections:
        return None
    suggested = text
    for wrong, right in corrections.items():
        suggested = " ".join(w.replace(bare(w), right) if fold(bare(w)) == wrong else w for w in suggested.split(" "))
    return suggested if fold(suggested) != fold(text) else None
