"""The kinds of wording version 6 of the rules added, and the contexts that leave them alone.

Version 6 came from the kinds of wording three batches written without reading the rules
showed missing. These sentences are in no evaluation set: new wordings of each kind, which a
rule that only knew those batches' phrases would miss.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.language import builtin_rules

FOUND = {
    "language.catastrophising": [
        "Frankly she is an accident waiting to happen on that ward.",
        "Treat him as unpredictable and dangerous whenever he visits.",
        "He is bound to reoffend once the order ends.",
        "Liable to snap at any minute, so two staff at all times.",
    ],
    "language.behaviour-idiom": [
        "Went off her head at the bus driver this morning.",
        "Did a runner from the day centre after lunch.",
        "Freaked out when the fire drill started.",
    ],
    "language.dismissive": [
        "It's purely behavioural, so no change to the plan.",
        "He is not actually mentally ill, just homeless.",
        "The pain is all in her head according to the day staff.",
        "Made a big fuss over a small change to the rota.",
    ],
    "language.written-off-outlook": [
        "Realistically she is never going to improve now.",
        "Too confused to be involved in the review, so we went ahead.",
    ],
    "language.own-fault": [
        "The relapse was because of her own bad decisions.",
        "He is milking his injury to stay off the work programme.",
    ],
    "language.reward-and-sanction": [
        "His lighter stays with staff until he says sorry.",
        "Has earned a trip to the coast next month.",
    ],
    "language.doing-for-reason": [
        "The night team lock up for her, as she would only forget the back door.",
        "Quicker for staff to butter her toast than to wait.",
    ],
    "language.group-label": [
        "Some dementias were restless in the garden today.",
        "The mental health lot are in the quiet room.",
    ],
    "language.pet-names": [
        "Little Mrs Osei was a real poppet at tea.",
        "Bless her, she tried her best with the form.",
    ],
    "language.stigma-slang": [
        "The whole unit was a nuthouse last night.",
        "Both of them were off their heads when they got back.",
        "Honestly Pete's not all there some days.",
        "Her neighbour thinks she is completely barmy.",
    ],
    "language.suffering-idiom": [
        "A victim of motor neurone disease, he now needs help with meals.",
        "Poor lamb was in tears at the bus stop.",
    ],
    "language.clinical-shorthand": [
        "Seen at home, NAD, plan unchanged.",
        "Reviewed again in 2/7 by the duty worker.",
        "Hx of DSH, last episode in March.",
    ],
}

LEFT_ALONE = [
    # a right stated to or for the person
    "She is entitled to free prescriptions and we helped her apply.",
    "His lease allows him to have a lodger, which would help with the rent.",
    # a suspicion that is denied
    "Nobody here thinks Lewis is putting it on; the scan is booked.",
    # the same words used well
    "The hospital is a matter of minutes away by bus.",
    "He likes simple food and plain cooking.",
    "She set up the bird feeders with her grandson.",
    "She is autistic and works at the library.",
    "His mental health nurse visits on Thursdays.",
    "They went off to the seaside for the day.",
    "She is sure to enjoy the new course.",
    "The chairs are not all there yet, so the group starts late.",
    "He was worried about the rent, so we rang the council together.",
    "We moved the kettle for her to make life easier, as she asked.",
    "The poor weather kept her in, so we played cards.",
    "She went for a swim with staff and loved it.",
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


def test_every_kind_of_version_6_is_a_rule() -> None:
    codes = {rule.code for rule in builtin_rules()}
    assert set(FOUND) <= codes


@settings(max_examples=30)
@given(
    st.sampled_from([s for sentences in FOUND.values() for s in sentences]),
    st.sampled_from(['"{}"', "“{}”"]),
)
def test_a_quoted_sentence_of_any_kind_is_left_alone(sentence: str, quotes: str) -> None:
    assert rp.check_language("He told us " + quotes.format(sentence)) == []


@settings(max_examples=30)
@given(st.sampled_from([(c, s) for c, sentences in FOUND.items() for s in sentences]))
def test_a_finding_shows_the_phrase_why_and_an_alternative(found: tuple[str, str]) -> None:
    code, sentence = found
    suggestion = next(s for s in rp.check_language(sentence) if s.code == code)
    assert suggestion.phrase == sentence[suggestion.start : suggestion.end]
    assert suggestion.phrase.strip()
    assert suggestion.why.endswith(".")
    assert suggestion.alternatives
