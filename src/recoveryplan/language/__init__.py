"""Recovery-language coaching: phrases in staff-written text worth rethinking, and why.

``check_language(text)`` looks at one piece of text; the ``recoveryplan.builtin.language``
check plugin runs it over every piece of a plan written in the service's or a supporter's
voice. The rules are data (``data/en.toml``), and plugins add their own through the
``register_language_rules`` hook.
"""

from __future__ import annotations

from .check import (
    MAX_CHARACTERS,
    MAX_SUGGESTIONS,
    NOT_CHECKED,
    LanguageSuggestion,
    check_language,
    check_rule_examples,
    check_texts,
    words_of,
)
from .rules import (
    RULES_VERSION,
    LanguageRule,
    LanguageRuleError,
    builtin_rules,
    language_rules,
    rule_from_data,
    rules_from_toml,
)

__all__ = [
    "MAX_CHARACTERS",
    "MAX_SUGGESTIONS",
    "NOT_CHECKED",
    "RULES_VERSION",
    "LanguageRule",
    "LanguageRuleError",
    "LanguageSuggestion",
    "builtin_rules",
    "check_language",
    "check_rule_examples",
    "check_texts",
    "language_rules",
    "rule_from_data",
    "rules_from_toml",
    "words_of",
]
