"""The outcomes frameworks that ship with the library, each with its source and licence.

The Mental Health Recovery Star is copyrighted and WRAP is a registered mark, so neither is
shipped: an organisation licensed to use them brings them through the same hook as this one.
"""

from __future__ import annotations

from ..frameworks import Domain, Framework, RatingScale
from ..hookspecs import hookimpl

CHIME = Framework(
    id="chime",
    name="CHIME personal recovery framework",
    domains=(
        Domain(
            "connectedness",
            "Connectedness",
            "Relationships, support from others, being part of the community.",
        ),
        Domain(
            "hope",
            "Hope and optimism about the future",
            "Belief that recovery is possible; having dreams and aspirations.",
        ),
        Domain("identity", "Identity", "A positive sense of who I am, beyond a diagnosis."),
        Domain(
            "meaning",
            "Meaning in life",
            "Meaningful roles, activities and goals; a life that matters to me.",
        ),
        Domain(
            "empowerment",
            "Empowerment",
            "Personal responsibility, control over my life, focusing on strengths.",
        ),
    ),
    rating_scale=RatingScale(
        minimum=1,
        maximum=10,
        labels={
            1: "Not where I want to be at all",
            5: "Getting there",
            10: "Exactly where I want to be",
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
    name="Talking Points personal outcomes",
    domains=(
        Domain("feeling-safe", "Feeling safe", "Quality of life"),
        Domain("having-things-to-do", "Having things to do", "Quality of life"),
        Domain("seeing-people", "Seeing people", "Quality of life"),
        Domain("staying-well", "Staying as well as you can", "Quality of life"),
        Domain("living-as-you-want", "Living where and as you want", "Quality of life"),
        Domain("dealing-with-stigma", "Dealing with stigma and discrimination", "Quality of life"),
        Domain("listened-to", "Listened to", "Process"),
        Domain("having-a-say", "Having a say", "Process"),
        Domain("treated-with-respect", "Treated with respect", "Process"),
        Domain("responded-to", "Responded to", "Process"),
        Domain("reliability", "Reliability", "Process"),
        Domain("improved-confidence", "Improved confidence and morale", "Change"),
        Domain("improved-skills", "Improved skills", "Change"),
        Domain("improved-mobility", "Improved mobility", "Change"),
        Domain("reduced-symptoms", "Reduced symptoms", "Change"),
    ),
    source="Talking Points personal outcomes approach, Scottish Government Joint Improvement Team.",
    licence=(
        "Published by the Scottish Government's Joint Improvement Team for use in services; "
        "outcome names only, no numeric scale."
    ),
)

SHANARRI = Framework(
    id="shanarri",
    name="SHANARRI wellbeing indicators",
    domains=(
        Domain("safe", "Safe"),
        Domain("healthy", "Healthy"),
        Domain("achieving", "Achieving"),
        Domain("nurtured", "Nurtured"),
        Domain("active", "Active"),
        Domain("respected", "Respected"),
        Domain("responsible", "Responsible"),
        Domain("included", "Included"),
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
