"""The families of wording that version 12 of the rules added for what people do, and the
contexts that leave them alone.

Each sentence here is in no evaluation set, no probe set and no rule's examples: it is a
wording of its family from a setting the batches and probes the rules were widened for did not
hold (a students' hall, a prison resettlement unit, a Gypsy and Traveller site, a deaf service,
a community farm), so a rule that only knew the phrases of those sets would miss it.
"""

from __future__ import annotations

from fractions import Fraction

from ..support.language_families import family_tests, probe_sets, probe_test

FOUND = {
    "language.risk-closes-doors": [
        "Work experience on the farm withdrawn owing to risk.",
        "Release on temporary licence is off the table, the risks are too great.",
        "A room on the ground floor of the hall is not offered because of the level of risk.",
        "Too big a risk to give her a key to the site's wash house.",
    ],
    "language.blame-laid": [
        "The lost pitch is down to him not paying the site fees.",
        "He skipped his physio so the stiff shoulder is on him.",
        "Her student loan lapsed because she never followed it up.",
        "The cut has reopened as she will insist on milking the goats bare-handed.",
    ],
    "language.doing-for-shortcut": [
        "Officers fill in his canteen sheet to save time.",
        "Volunteers muck out the pony for him, otherwise it takes him all morning.",
        "Interpreter writes his emails for him as he tends to get the grammar wrong.",
    ],
    "language.control-held": [
        "Wing staff hold on to his discharge grant and give it out weekly.",
        "Hall warden decides when she can have friends over.",
        "Laundry room kept locked between washes so students cannot use it at night.",
        "He must sign in at the farm office every hour or his placement will be withdrawn.",
    ],
    "language.outburst-note": [
        "Another meltdown in the lecture hall.",
        "Big blow-up at the site meeting over the skips.",
    ],
    "language.too-ever": [
        "Far too institutionalised to ever cope outside.",
    ],
}

LEFT_ALONE = [
    # a legal restriction stated as fact, a condition of licence
    "Licence conditions say he must sign in weekly or probation will be informed.",
    # what the person chose or asked for, and a decline with the person's own reason
    "At her own request the warden keeps her spare key in the office.",
    "He refused the bunk by the door and asked for the one by the window, which was sorted.",
    "She decides when she has friends over and lets the warden know.",
    # a person doing a thing for themselves, and whose decision it is
    "He packs his own bag the night before as it saves time in the morning.",
    "Whether she takes the farm job is down to her; we will back her either way.",
    # risk from the weather, and the person's own view of a risk
    "The hill walk is too risky in this fog, so we went to the museum.",
    "She said it was too risky for her to drive after the new tablets, so she took the bus.",
    # the person's own words
    "He told us \u201cI had a meltdown in the lecture hall and I want to explain why.\u201d",
]


(
    test_each_family_is_found_in_new_wordings,
    test_the_contexts_that_leave_them_alone,
    test_every_family_here_is_a_rule_with_its_source,
    test_the_persons_own_words_are_never_checked,
) = family_tests(FOUND, LEFT_ALONE)


PROBES = probe_sets("language-probe-12-framings2*.tsv")
"""Every probe set written for version 12's framings, each scored before the rules were
widened for it."""


test_the_probe_sentences_of_these_kinds = probe_test(
    PROBES,
    Fraction(9, 10),
    """Sentences of these kinds from settings the unseen batches did not cover, each set
    written and scored before the rules were widened for it, then tuned on: the rules find
    nearly all and flag no fine one, among them rights, legal restrictions, declines with the
    person's reason, choices and the person's own words.""",
)


def test_there_are_probe_sets() -> None:
    assert len(PROBES) >= 5
