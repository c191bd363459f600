"""The kinds of wording version 4 of the rules added, and the contexts that leave them alone.

Each kind is found in a staff member's own words; the same words are left alone when they are
quoted, when they are someone else's words about the person, when a clinical or legal term is
used for what it names, and when the person asked for what staff did.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp

FOUND = {
    "language.outdated-term": [
        "Lived most of his life in a hospital for the mentally handicapped.",
        "Mrs Ross has gone senile since her fall, according to the day staff.",
    ],
    "language.offence-as-identity": [
        "Two offenders share the kitchen on the second floor.",
        "Paul is a convicted burglar and lives alone.",
    ],
    "language.dementia-deficit": [
        "Sundowning after tea again; paced the hall.",
        "Mr Kaur is a wanderer and has a sensor mat.",
        "Assisted with feeding at breakfast.",
    ],
    "language.taking-control": [
        "Strict boundaries about phone use from today.",
        "Staff took over her cash after the last shopping trip.",
    ],
    "language.doing-for": [
        "Ironed his shirts for him to save time on Sunday.",
        "Staff sorted her post for her so nothing gets lost.",
    ],
}

LEFT_ALONE = [
    # quoted, or someone else's word for the person
    'He said "the nurses think I\'m a wanderer" and laughed.',
    "Kids at school called her simple, and she wants us to know that.",
    "The word senile is on his old discharge letter; he asked us not to use it.",
    # the term used for what it names
    "Her offender manager is joining the review.",
    "Senile purpura on both arms; the GP is not worried.",
    "He has a PEG and is tube fed overnight.",
    # the person's choice, or a right
    "She asked staff to keep her bank card in the office this month.",
    "He set firm boundaries with his brother about lending money.",
    "She has the right to manage her own money.",
    # the same words in another sense
    "She was confused by the council's letter and we rang them together.",
    "Fed the cat and watered the plants before going to her sister's.",
    "He wanders into town with his friends on a Saturday.",
]


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, sentences in FOUND.items() for sentence in sentences],
)
def test_each_new_kind_is_found_in_staff_words(code: str, sentence: str) -> None:
    assert code in {s.code for s in rp.check_language(sentence)}


@pytest.mark.parametrize("sentence", LEFT_ALONE)
def test_the_contexts_that_leave_them_alone(sentence: str) -> None:
    assert rp.check_language(sentence) == []


@settings(max_examples=30)
@given(
    st.sampled_from([s for sentences in FOUND.values() for s in sentences]),
    st.sampled_from(['"{}"', "“{}”"]),
)
def test_a_quoted_sentence_of_any_new_kind_is_left_alone(sentence: str, quotes: str) -> None:
    assert rp.check_language("She told us " + quotes.format(sentence)) == []
