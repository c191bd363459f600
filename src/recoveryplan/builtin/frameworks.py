"""The outcomes frameworks that ship with the library, each with its source and licence.

The Mental Health Recovery Star is copyrighted and WRAP is a registered mark, so neither is
shipped: an organisation licensed to use them brings them through the same hook as this one.
"""

from __future__ import annotations

from ..frameworks import N_, Domain, Framework, RatingScale
from ..hookspecs import hookimpl

CHIME = Framework(
    id="chime",
    name=N_("CHIME personal recovery framework"),
    domains=(
        Domain(
            "connectedness",
            N_("Connectedness"),
            N_("Relationships, support from others, being part of the community."),
        ),
        Domain(
            "hope",
            N_("Hope and optimism about the future"),
            N_("Belief that recovery is possible; having dreams and aspirations."),
        ),
        Domain("identity", N_("Identity"), N_("A positive sense of who I am, beyond a diagnosis.")),
        Domain(
            "meaning",
            N_("Meaning in life"),
            N_("Meaningful roles, activities and goals; a life that matters to me."),
        ),
        Domain(
            "empowerment",
            N_("Empowerment"),
            N_("Personal responsibility, control over my life, focusing on strengths."),
        ),
    ),
    rating_scale=RatingScale(
        minimum=1,
        maximum=10,
        labels={
            1: N_("Not where I want to be at all"),
            5: N_("Getting there"),
            10: N_("Exactly where I want to be"),
        },
    ),
    version="2011",
    source=(
        "Leamy M, Bird V, Le Boutillier C, Williams J, Slade M. Conceptual framework for "
        "personal recovery in mental health: systematic review and narrative synthesis. "
        "British Journal of Psychiatry 2011;199(6):445-452."
    ),
    licence=(
        "A published conceptual framework, cited here. The 1-10 self-rating scale is a generic "
        "scale of this library's, not part of the published framework."
    ),
)

TALKING_POINTS = Framework(
    id="talking-points",
    name=N_("Talking Points personal outcomes"),
    domains=(
        Domain("feeling-safe", N_("Feeling safe"), N_("Quality of life")),
        Domain("having-things-to-do", N_("Having things to do"), N_("Quality of life")),
        Domain("seeing-people", N_("Seeing people"), N_("Quality of life")),
        Domain("staying-well", N_("Staying as well as you can"), N_("Quality of life")),
        Domain("living-as-you-want", N_("Living where and as you want"), N_("Quality of life")),
        Domain(
            "dealing-with-stigma",
            N_("Dealing with stigma and discrimination"),
            N_("Quality of life"),
        ),
        Domain("listened-to", N_("Listened to"), N_("Process")),
        Domain("having-a-say", N_("Having a say"), N_("Process")),
        Domain("treated-with-respect", N_("Treated with respect"), N_("Process")),
        Domain("responded-to", N_("Responded to"), N_("Process")),
        Domain("reliability", N_("Reliability"), N_("Process")),
        Domain("improved-confidence", N_("Improved confidence and morale"), N_("Change")),
        Domain("improved-skills", N_("Improved skills"), N_("Change")),
        Domain("improved-mobility", N_("Improved mobility"), N_("Change")),
        Domain("reduced-symptoms", N_("Reduced symptoms"), N_("Change")),
    ),
    source="Talking Points personal outcomes approach, Scottish Government Joint Improvement Team.",
    licence=(
        "Published by the Scottish Government's Joint Improvement Team for use in services; "
        "outcome names only, no numeric scale."
    ),
)

SHANARRI = Framework(
    id="shanarri",
    name=N_("SHANARRI wellbeing indicators"),
    domains=(
        Domain("safe", N_("Safe")),
        Domain("healthy", N_("Healthy")),
        Domain("achieving", N_("Achieving")),
        Domain("nurtured", N_("Nurtured")),
        Domain("active", N_("Active")),
        Domain("respected", N_("Respected")),
        Domain("responsible", N_("Responsible")),
        Domain("included", N_("Included")),
    ),
    source="Getting it right for every child (GIRFEC) wellbeing indicators, Scottish Government.",
    licence=(
        "Published by the Scottish Government for use across services; for people moving on "
        "from children's services."
    ),
)


@hookimpl
def register_frameworks() -> list[Framework]:
    return [CHIME, TALKING_POINTS, SHANARRI]
