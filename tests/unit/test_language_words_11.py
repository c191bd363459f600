"""The families of wording that version 11 of the rules added or widened for labels, slang,
jargon, suffering, words for children and dismissive wording, and the contexts that leave
them alone.

Each sentence here is in no evaluation set and no rule's examples: it is a wording of its
family from a setting the batches the rules were widened for did not hold (youth justice,
student support, perinatal teams, veterans' services, primary care, supported living), so a
rule that only knew the phrases of those batches would miss it.
"""

from __future__ import annotations

import re
from fractions import Fraction

from recoveryplan.language import builtin_rules

from ..support.language_families import family_tests, probe_test

FOUND = {
    "language.condition-as-person": [
        "The EUPD on the crisis house list rang twice overnight.",
        "Two more psychotics coming in from the section 136 suite.",
        "The autistic from the respite unit wants his tablet back.",
        "Any more bipolars on the clinic list this afternoon?",
        "The forensic admitted from HMYOI Polmont settled well.",
    ],
    "language.motive-for-distress": [
        "Reports feeling hopeless, though he looked perfectly content to me at lunch.",
        "Says her knee is too painful for physio but was out dancing at the weekend.",
        "Tearful at the PIP assessment, most likely for the assessor's benefit.",
        "Says she is asexual; probably just a phase at her age.",
        "His account of the fight kept changing, so hard to credit.",
        "Always some drama with her on a Friday.",
        "Low mood again, just boredom and nothing more.",
    ],
    "language.acronym-cluster": [
        "Your plan: SEMH needs, PRU place, EP and DSL to meet.",
        "What happens next: D2A via UCR, then ICT review.",
        "Next steps for you: s.117 aftercare, CTO lapsed, RC aware.",
    ],
    "language.disbelief": [
        "Keeps telling the night staff about her childhood, mainly for attention.",
    ],
    "language.victim-framing": [
        "Been through hell with the drink since leaving the army.",
        "Losing her battle against the bottle.",
        "Fighting the demon of depression since university.",
    ],
    "language.suffers": [
        "Suffered for most of her life with her nerves.",
        "He suffers a great deal from anxiety on the bus.",
    ],
    "language.madness-slang": [
        "A ward full of loonies tonight.",
        "Mad as a box of frogs after the party.",
    ],
    "language.nursery-words": [
        "Walkies round the block after tea with the gents.",
        "Gave her a quick telling off about the cigarettes.",
    ],
}

LEFT_ALONE = [
    # the person's own words, in single quotation marks holding an apostrophe
    "In his words, 'I'm a psycho when I drink, I know that'.",
    "She calls it 'the monster that's in my head' and wants to name it in her plan.",
    # a right, a legal status, a decision with its reasons
    "He has the right to ask for a second opinion and we explained how.",
    "Detained under section 3; she knows she can appeal to the tribunal and has a solicitor.",
    "Declined the group because it clashes with her shift, and asked for an evening one.",
    # the same words, used about something else or recorded as facts
    "Says her knee is too painful for physio; she went to the GP and the physio will visit.",
    "She wants a move to a bigger flat for her children; the housing officer has the form.",
    "The EUPD pathway on the unit has a new psychologist.",
    "The PHQ-9 score was 12, which she said matched how she felt.",
    "The rota suffered badly with staff sickness this month.",
    "He battled the snow to get to the food bank, and laughed about it.",
    "Told us she was bullied as a child and that people called her a loony.",
]


(
    test_each_family_is_found_in_new_wordings,
    test_the_contexts_that_leave_them_alone,
    test_every_family_here_is_a_rule_with_its_source,
    test_the_persons_own_words_are_never_checked,
) = family_tests(FOUND, LEFT_ALONE)


test_the_probe_sentences_of_these_kinds = probe_test(
    ["language-probe-11-words.tsv"],
    Fraction(19, 20),
    """Sentences of these kinds from settings the unseen batches did not cover, each part
    written before the version 11 rules were widened for it and then tuned on: the rules
    find nearly all and flag no fine one.""",
)


# A word written as ``\w+['’]?\w*`` can be split at any of its letters, so a context pattern
# repeating it (``(?:\w+['’]?\w*\s+){0,6}``) tries every split of every word before failing,
# at every phrase: 64k characters of "Says she is in pain but then went" took seconds.
SPLITTABLE_WORD = re.compile(r"\\w\+\['’\]\?\\w\*")


def test_no_rule_reads_a_word_that_can_be_split_two_ways() -> None:
    for rule in builtin_rules():
        for pattern in (*rule.patterns, *rule.not_before, *rule.not_after):
            assert not SPLITTABLE_WORD.search(pattern), (rule.code, pattern)


def test_the_pattern_that_replaced_it_reads_the_same_words() -> None:
    old = re.compile(r"(?:(?:\w+['’]?\w*)\s+){0,3}\Z")
    new = re.compile(r"(?:\w+(?:['’]\w*)?\s+){0,3}\Z")
    for text in ["she's a ", "the parents' ", "don't know what ", "word ", "", "a b c d "]:
        assert bool(old.match(text)) == bool(new.match(text)), text
