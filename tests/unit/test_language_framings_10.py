"""The families of wording that version 10 of the rules added for what people do, and the
contexts that leave them alone.

Each sentence here is in no evaluation set and no rule's examples: it is a wording of its
family from a setting the batches the rules were widened for did not hold (prison
resettlement, maternity and perinatal teams, stroke units, student support, forensic
community teams), so a rule that only knew the phrases of those batches would miss it.
"""

from __future__ import annotations

from fractions import Fraction

from ..support.language_families import family_tests, probe_test

FOUND = {
    "language.blamed-for-relapse": [
        "Recalled to prison again, he simply won't learn from his mistakes.",
        "Missed the antenatal scan, lacking any self-discipline.",
        "The debt is entirely her own doing.",
        "If she'd kept her appointments she wouldn't be in this mess.",
        "Poor choices have led her back into debt.",
        "Isn't helping himself by skipping the physio exercises.",
    ],
    "language.future-written-off": [
        "He'll never be able to look after the baby on his own.",
        "Too disabled since the stroke to ever go back to driving buses again.",
        "She is never going to recover from this at her age.",
        "Pointless referring him to student support, he never turns up.",
        "Not worth putting her forward for the apprenticeship.",
    ],
    "language.done-for-the-timetable": [
        "The midwife filled in the forms for her, quicker than talking it through with her.",
        "Resettlement worker opened his bank account for him rather than wait for him.",
        "Ward staff shaved him so he'd be ready in time for the visitors.",
        "Night nurse changed her so the morning team weren't left with it.",
    ],
    "language.risk-rules-out": [
        "His arson history means he is not suitable for the supported flats.",
        "Ineligible for the college course given her offending record.",
        "Absconding risk, so he can't go to the chapel on his own.",
    ],
    "language.rationed-and-held": [
        "Mobile limited to one hour in the evening by the night staff.",
        "Contact with his children to be monitored by a member of staff.",
        "Bank card held by staff and handed over on Fridays.",
        "Garden door locked in the afternoons so he sits in the lounge.",
    ],
    "language.behaviour-label": [
        "Rocking behaviours on the bus this morning.",
        "His behaviour has been a real nuisance to the other tenants.",
        "Really hard to handle in the evenings, pacing the corridor.",
    ],
}

LEFT_ALONE = [
    # a permission given back in law, or a right
    "After the parole hearing she is now allowed to live with her partner.",
    "The court lifted the order, so he is now allowed to see his son on Saturdays.",
    # hope, and the person's own words and fears
    "Recovery is possible, and he has started to believe it too.",
    "She told us she might lose her temper if she was held down again, so we agreed a plan.",
    "He says he'll never go back to the bookies, and he has blocked the apps.",
    "She feels there's no point in the course, so we are looking for one that suits her.",
    "He worries he will never work again; we talked about the IPS service together.",
    # the same words, used well or about something else
    "She learnt from last time and rang the crisis line early.",
    "It was not her fault; the landlord sold the house.",
    "We did the forms together, which was quicker than she feared.",
    "He asked us to hold his bank card in the office and give it to him on Fridays.",
    "The building work was disruptive to others in the house all week.",
    "The broken heater is a fire risk, so the landlord is replacing it.",
    "Hard to manage her pain at night, she says, so the GP is reviewing it.",
]


(
    test_each_family_is_found_in_new_wordings,
    test_the_contexts_that_leave_them_alone,
    test_every_family_here_is_a_rule_with_its_source,
    test_the_persons_own_words_are_never_checked,
) = family_tests(FOUND, LEFT_ALONE)


test_the_probe_sentences_of_these_kinds = probe_test(
    [
        "language-probe-10-framings.tsv",
        "language-probe-10-framings-2.tsv",
        "language-probe-10-framings-3.tsv",
        "language-probe-10-framings-4.tsv",
        "language-probe-10-framings-5.tsv",
    ],
    Fraction(9, 10),
    """Sentences of these kinds from settings the unseen batches did not cover, written
    before the version 10 rules were tuned (the first) and before they were scored (the
    second to fifth, each then tuned on): the rules find nearly all and flag no fine one.""",
)
