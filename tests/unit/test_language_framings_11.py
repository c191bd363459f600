"""The families of wording that version 11 of the rules added for what people do, and the
contexts that leave them alone.

Each sentence here is in no evaluation set, no probe set and no rule's examples: it is a
wording of its family from a setting the batches and probes the rules were widened for did not
hold (a veterans' hostel, a hospice, a young offenders' institution, a deaf service, a
farm-based day service), so a rule that only knew the phrases of those sets would miss it.
"""

from __future__ import annotations

from fractions import Fraction

from ..support.language_families import family_tests, probe_sets, probe_test

FOUND = {
    "language.staff-say-so": [
        "Has to get the duty manager's okay before she goes down to the yard.",
        "Approval must be obtained from the shift leader before any visitor is let in.",
        "Wake-up time is fixed by the care staff at half six.",
        "Must hand his mobile in to the office every night.",
        "Letters to his brother are read by staff before they are posted.",
    ],
    "language.kept-in-and-kept-from": [
        "Kept to his bay since the argument on Tuesday.",
        "Wife has hidden his tractor keys so he stays on the farm.",
        "The hostel holds on to his bus pass so he can't go into town.",
        "Coded lock on the garden gate so Harold can't wander off.",
    ],
    "language.risk-as-reason": [
        "Can't come to the hospice garden party, the risk is far too high.",
        "Owing to the risk he presents, the chaplain now sees him with an officer.",
        "His risk rating rules him out of the farm placement.",
        "She'll always be a threat to staff.",
        "Explosive ex-soldier, two workers on every visit no matter what.",
    ],
    "language.done-for-on-the-way": [
        "Worker tops up her gas meter for her as the shop is on his route anyway.",
        "Keyworker renewed his bus pass on his behalf because it saves a trip into town.",
        "Volunteer does all of Gwen's gardening with the allotment's, less hassle.",
        "Filled in the blue badge form for her without talking it through with her.",
    ],
    "language.abilities-written-off": [
        "No way she'll manage a job at the farm shop.",
        "Cannot be expected to look after a dog on his own.",
        "Can't sign, can't lip-read, can't write much.",
        "Pointless asking him about his end-of-life wishes.",
        "Running a tenancy is way beyond her.",
    ],
    "language.blame-in-hindsight": [
        "Back inside, just like his probation officer warned him he would be.",
        "Has driven all his mates away with the drinking.",
        "If he put half as much effort into the farm work as into his phone he'd be doing well.",
        "Using again because she went back to the same estate.",
        "Given chance after chance at the hostel.",
    ],
}

LEFT_ALONE = [
    # a right told to the person, a legal restriction stated as fact
    "Told him he can complain to the prison ombudsman if he is unhappy with the outcome.",
    "Section 17 leave to the garden must be agreed by the responsible clinician each week.",
    "Her benefits are managed by the home as her appointee, and she gets a statement monthly.",
    # what the person chose or asked for
    "At his request the hostel keeps his bus pass in the office overnight.",
    "She asked us to post her forms for her since we were passing the post office anyway.",
    "He would rather we ring the farm for him this week, as his hearing aid is being mended.",
    # the person's own words and fears
    "She feels the risk is too great for her to go to the funeral; we will plan a visit later.",
    "He worries he'll always be a danger to his family when he drinks; we made a plan.",
    "She says there's no way she'll manage the bus yet, so we will practise it together.",
    "He feels he has pushed his brother away and would like to write to him.",
    # the same words about something else
    "The risk of flooding on the farm track was too high, so we went the long way round.",
    "The ward was closed to visitors for a week during the norovirus outbreak.",
    "She can't read yet, so we use pictures, and she is learning with a tutor.",
    "We filled in the blue badge form together over two visits.",
]


(
    test_each_family_is_found_in_new_wordings,
    test_the_contexts_that_leave_them_alone,
    test_every_family_here_is_a_rule_with_its_source,
    test_the_persons_own_words_are_never_checked,
) = family_tests(FOUND, LEFT_ALONE)


PROBES = probe_sets("language-probe-11-framings*.tsv")
"""Every probe set written for version 11's framings, each scored before the rules were
widened for it."""


test_the_probe_sentences_of_these_kinds = probe_test(
    PROBES,
    Fraction(9, 10),
    """Sentences of these kinds from settings the unseen batches did not cover, each set
    written and scored before the rules were widened for it, then tuned on: the rules find
    nearly all and flag no fine one, among them rights, legal restrictions, choices and the
    person's own words (some sets hold fine ones only).""",
)
