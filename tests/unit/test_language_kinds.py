"""The kinds of wording version 5 of the rules added, and the contexts that leave them alone.

Version 5 names kinds of wording by their vocabulary rather than by phrases, so these
sentences (in no evaluation set) are new wordings of each kind: a rule that only knew its
development sets' phrases would miss them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.language import builtin_rules

FOUND = {
    "language.character-judgement": [
        "Belligerent with the GP receptionist on Monday.",
        "Dale was surly and insolent at the review.",
    ],
    "language.label-noun": [
        "The crackheads from the underpass were back at the door.",
        "She has always been a terrible hypochondriac.",
    ],
    "language.would-not": [
        "Rejected every attempt at a wash today.",
        "She still won't accept the carers in the mornings.",
    ],
    "language.done-to": [
        "Was put to bed straight after tea.",
        "Staff decide when he can have a bath.",
    ],
    "language.privileges": [
        "He can have his tablet back once he has earned it back.",
        "Lost his Friday leave for swearing at staff.",
    ],
    "language.restrictive-practice": [
        "Belted into her chair at meal times.",
        "The front door is locked to keep him in at night.",
    ],
    "language.written-off": [
        "She is beyond hope, to be honest.",
        "Too confused to have any say in the move.",
    ],
    "language.done-for-convenience": [
        "Support workers pay all his bills for him as it is simpler.",
        "We cook his tea because he makes a mess of the kitchen.",
    ],
    "language.treated-as-child": [
        "Spat the dummy when the bus was late.",
        "He behaves like a toddler when he is tired.",
    ],
    "language.blame-idiom": [
        "Made another scene at the pharmacy counter.",
        "Sabotaged her own move by missing the viewing.",
    ],
    "language.gaming-framing": [
        "He works the system to get a bigger room.",
        "She puts on a performance whenever the doctor visits.",
    ],
    "language.effort-framing": [
        "Full of excuses about the cleaning rota.",
        "He never learns from his mistakes with money.",
    ],
    "language.complaint-framing": [
        "Whinging about the heating all afternoon.",
        "She is always overreacting to small changes.",
    ],
    "language.choice-as-blame": [
        "She chooses to drink every weekend.",
    ],
    "language.avoidance-framing": [
        "He pretends not to understand when he is asked to tidy up.",
    ],
    "language.adherence": [
        "Poor adherence to his antipsychotic.",
    ],
}

LEFT_ALONE = [
    # the person's own account of themself
    "She told us she can be stubborn when she is tired, and laughs about it.",
    "He says he feels like a burden, and we talked about that.",
    # someone else refusing, or a determination
    "The housing officer would not take the form without ID.",
    "She would not let the weather stop her walking to the park.",
    # a legal restriction, named as one
    "His section 17 leave was reduced by his responsible clinician after the tribunal.",
    # what the person asked for
    "Her phone is kept in the office overnight at her request.",
    "We pay his bills with him each month because he asked us to.",
    # the same words in another sense
    "The boiler has been difficult all winter.",
    "She is a keen runner and ran a 10k in May.",
    "He had a nightmare about the fire and woke at 4am.",
    "The grandchildren were pretending to be dinosaurs.",
    "Our team failed to send the referral, and we apologised.",
]


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, sentences in FOUND.items() for sentence in sentences],
)
def test_each_kind_is_found_in_new_wordings(code: str, sentence: str) -> None:
    assert code in {s.code for s in rp.check_language(sentence)}


@pytest.mark.parametrize("sentence", LEFT_ALONE)
def test_the_contexts_that_leave_them_alone(sentence: str) -> None:
    assert rp.check_language(sentence) == []


def test_every_new_kind_has_a_wording_here() -> None:
    codes = {rule.code for rule in builtin_rules()}
    assert set(FOUND) <= codes


@settings(max_examples=30)
@given(
    st.sampled_from([s for sentences in FOUND.values() for s in sentences]),
    st.sampled_from(['"{}"', "“{}”"]),
)
def test_a_quoted_sentence_of_any_kind_is_left_alone(sentence: str, quotes: str) -> None:
    assert rp.check_language("She told us " + quotes.format(sentence)) == []


@settings(max_examples=30)
@given(st.sampled_from([(c, s) for c, sentences in FOUND.items() for s in sentences]))
def test_a_finding_shows_the_phrase_why_and_an_alternative(found: tuple[str, str]) -> None:
    code, sentence = found
    suggestion = next(s for s in rp.check_language(sentence) if s.code == code)
    assert suggestion.phrase == sentence[suggestion.start : suggestion.end]
    assert suggestion.phrase.strip()
    assert suggestion.why.endswith(".")
    assert suggestion.alternatives
