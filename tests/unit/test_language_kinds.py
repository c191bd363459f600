"""The kinds of wording versions 5, 6 and 9 of the rules added, and the contexts that leave
them alone.

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

FOUND_5 = {
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

LEFT_ALONE_5 = [
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

# Version 6: the kinds three batches written without reading the rules showed missing.
FOUND_6 = {
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

LEFT_ALONE_6 = [
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

FOUND_9 = {
    "language.acronym-cluster": [
        "CPA review with CMHT and AMHP on 12/3, CTO renewal due.",
        "Tenancy: DHP refused, HB suspended, LHA rate cut, NOSP served.",
    ],
    "language.therapy-jargon": [
        "He has a poor locus of control.",
        "Trauma bonding with her ex-partner noted.",
        "He struggles with object permanence.",
        "Ongoing low-level psychosocial stressors.",
    ],
    "language.status-as-identity": [
        "Saw the alcoholic from flat 6 at the chemist.",
        "Mr Kerr is a Korsakoff's, he won't remember you.",
        "She's a NEET and shows no interest in the course.",
        "The cutter in room 2 is asking for dressings.",
        "He's one of the long-term sick.",
    ],
    "language.slur-on-record": [
        "HCAs called her a psycho behind her back.",
        "Team call her Crazy Carol.",
    ],
    "language.pity-framing": [
        "The poor man has lost everything.",
        "He has a living death with his dementia.",
        "Her autism is a tragedy for the family.",
    ],
    "language.discipline-for-adults": [
        "He gets a star on his chart when he showers.",
        "Gave him a little pat on the head for trying.",
        "Mr Jones was being naughty in the dining room.",
        "Told him to stop acting like a baby.",
    ],
    "language.doubting-report": [
        "Says he's suicidal every time he's due to be discharged.",
        "She'll say anything to get her benzos.",
        "His seizures are pseudo, not real.",
        "Another false allegation from her.",
        "He says he hears voices but I don't buy it.",
    ],
}
"""Version 9: open frames for labels, slurs, jargon, pity, discipline and doubt."""

LEFT_ALONE_9 = [
    "We spoke about PIP, ESA and UC and which she gets.",
    "The CPA review is on Monday; her CPN and OT will be there.",
    "Her sister is a care leaver too and they live together.",
    "Explained to Tom that as a care leaver he is entitled to a personal adviser until 25.",
    "He has Down's syndrome and works at the café.",
    "He used the cutter to open the boxes.",
    "She told us kids at school called her a nutter, and it still hurts.",
    "Staff called him by his first name, as he asked.",
    "She has suffered so much pain from her hip, the surgeon said.",
    "She said she feels a prisoner of her own thoughts some nights, and music helps.",
    "Her mum told her off for being late, and she laughed about it.",
    "If he's good at the interview he will get the job, he thinks.",
    "She was bold enough to ask the consultant about coming off the depot.",
    "She always says that before her review, because reviews frighten her.",
    "Says he's suicidal every time he hears from his ex.",
    "She said the voices are not real and she can ignore them now.",
    "He uses the library as a quiet place to study.",
    "The disabled toilet is on the left.",
    "She gave a presentation at college and was proud.",
    "The scan found nothing organic, and the neurologist explained her diagnosis.",
]

FOUND = {
    code: [*FOUND_5.get(code, []), *FOUND_6.get(code, []), *FOUND_9.get(code, [])]
    for code in {**FOUND_5, **FOUND_6, **FOUND_9}
}
LEFT_ALONE = [*LEFT_ALONE_5, *LEFT_ALONE_6, *LEFT_ALONE_9]


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, sentences in FOUND.items() for sentence in sentences],
)
def test_each_kind_is_found_in_new_wordings(code: str, sentence: str) -> None:
    assert code in {s.code for s in rp.check_language(sentence)}


@pytest.mark.parametrize("sentence", LEFT_ALONE)
def test_the_contexts_that_leave_them_alone(sentence: str) -> None:
    assert rp.check_language(sentence) == []


def test_every_kind_here_is_a_rule() -> None:
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
