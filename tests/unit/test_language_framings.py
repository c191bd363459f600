"""The framings of what people do that version 9 of the rules added, as vocabularies, and the
contexts that leave them alone.

The sentences here are in no evaluation set: each is a wording of its kind from a setting the
earlier rules knew less well (hostels and tenancy support, youth work, day centres, family
support, dementia care), so a rule that only knew the phrases of the batches it was widened
for would miss them.
"""

from __future__ import annotations

import pytest

import recoveryplan as rp
from recoveryplan.language import builtin_rules

FOUND = {
    "language.refusal-as-stubbornness": [
        "Won't go to the day centre out of pure spite.",
        "Has knocked back three referrals now.",
        "Snubbed every approach from the outreach team.",
        "Can't be persuaded to take the depot.",
    ],
    "language.blamed-for-troubles": [
        "Blows her money on drink every payday.",
        "Takes no responsibility for his actions.",
        "Needs to get his act together before we can help.",
        "Keeps choosing the wrong men.",
        "Got himself arrested again.",
        "Lost her children because she put the drugs first.",
    ],
    "language.warnings-and-sanctions": [
        "On his last warning at the hostel.",
        "No TV for a week for swearing at staff.",
        "Her room is searched weekly.",
        "Will be discharged if he uses again.",
        "Planned ignoring when he asks repeatedly.",
        "She needs to learn to follow the rules.",
    ],
    "language.cannot-manage": [
        "Clueless about cooking and hopeless with money.",
        "Will never manage a tenancy on his own.",
        "Wouldn't last a week on his own.",
        "She just can't cope with change.",
        "Unable to learn new skills at her age.",
    ],
    "language.doing-for-any-role": [
        "Her worker did the online job applications for her to get them done faster.",
        "Housing officer filled in his bid himself because he was too slow on the computer.",
        "Staff run her bath and wash her to get her ready faster.",
        "The OT set up the whole kitchen for him without asking.",
        "Worker writes all his emails for him as his spelling is poor.",
    ],
    "language.danger-label": [
        "She'll end up hurting somebody one day.",
        "He is a predator, watch him around the young women.",
        "Likely to turn nasty if challenged.",
        "Poses a serious risk to staff.",
        "Likely to become violent if you say no.",
    ],
    "language.behaviour-label": [
        "Exit-seeking behaviour in the afternoon.",
        "Spitting behaviours towards carers.",
        "Her behaviour has been unmanageable.",
        "Behaviourally disturbed overnight.",
        "Exhibited bizarre and erratic behaviour in the waiting room.",
    ],
}

LEFT_ALONE = [
    # the person's own account, or someone else's doing
    "He says he blew his savings on a holiday and has no regrets.",
    "She feels useless since the stroke, and we talked about what she still enjoys.",
    "The council rejected every housing bid she made, and we are appealing together.",
    "He couldn't be persuaded by the salesman to sign up, which he was pleased about.",
    "She says her ex-partner is dangerous, and she has a non-molestation order.",
    "He was given a final warning at work, so we are helping him prepare for the meeting.",
    # a thing, not a person
    "The broken lock poses a risk to the other residents, so it was fixed today.",
    "The batteries won't last a week in the cold.",
    "The old phone was useless, so we got her a new one.",
    "The weather turned nasty so we came back early.",
    "Expect trouble on the roads with the snow, so the visit may be late.",
    "The match is kicking off at 3, and he has his ticket.",
    # the same words used well
    "She made her own bed this morning and was proud of it.",
    "She put herself first for once and booked a holiday.",
    "She wants to keep tight control of her money and does her own budget.",
    "Staff will ignore the fire alarm test on Tuesday morning.",
    "Positive behaviour support plan written with Zac and his mum.",
    "There was no aggressive behaviour this week; he enjoyed the trip.",
    "She did the form herself, and it was quicker than she expected.",
    "Staff rang the surgery for him because he asked us to.",
    "To save time, we met at the café near her flat, as she suggested.",
    # circumstances, not sanctions
    "Visits were stopped until further notice because of the norovirus outbreak.",
    "Her leave was cancelled because the ward was short-staffed, and she was upset.",
    "He was banned from driving for a year after the crash and now takes the bus.",
    # a right, and a legal finding
    "Dylan is allowed to bring his own advocate to the review.",
    "Assessed as lacking capacity to decide about the sale of the house at present.",
]


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, sentences in FOUND.items() for sentence in sentences],
)
def test_each_framing_is_found_in_new_wordings(code: str, sentence: str) -> None:
    assert code in {s.code for s in rp.check_language(sentence)}


@pytest.mark.parametrize("sentence", LEFT_ALONE)
def test_the_contexts_that_leave_them_alone(sentence: str) -> None:
    assert rp.check_language(sentence) == []


def test_every_framing_here_is_a_rule_with_its_source() -> None:
    rules = {rule.code: rule for rule in builtin_rules()}
    assert set(FOUND) <= set(rules)
    assert all(rules[code].source for code in FOUND)


@pytest.mark.parametrize("sentence", [s for sentences in FOUND.values() for s in sentences])
def test_the_persons_own_words_are_never_checked(sentence: str) -> None:
    assert rp.check_language(f"She told us “{sentence}”") == []
