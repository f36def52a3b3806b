"""Relation rules: each cue family of `patterns/cues.jsonl` is read by one function,
kept in a module per family of cues (responsibility, organisation, collaboration,
goals, assessments, recommendations, agreements). The cue says what kind of relation
a sentence states; the rule finds its ends among the sentence's mentions (common.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.relations.agreements import parties
from ansvarsgraf.loaders.extract.relations.assessments import assessed, assessed_answer
from ansvarsgraf.loaders.extract.relations.collaboration import (
    collaboration, collaboration_between, collaboration_verb,
)
from ansvarsgraf.loaders.extract.relations.common import chain_left, resolve_goal_refs
from ansvarsgraf.loaders.extract.relations.goals import (
    adopt, adopt_passive, derived, document_meta, goal_by_policy, goal_is, goal_list, goal_set, resolve_owners,
    section_goals,
)
from ansvarsgraf.loaders.extract.relations.organisation import ingar, members, part_inom, part_of
from ansvarsgraf.loaders.extract.relations.recommendations import recommendation, should
from ansvarsgraf.loaders.extract.relations.responsibility import (
    assignment, audit_scope, duty_list, responsibility, responsibility_by, responsibility_passive,
    responsibility_shall, responsibility_verb,
)

__all__ = ["FAMILIES", "chain_left", "document_meta", "duty_list", "resolve_goal_refs", "resolve_owners",
           "section_goals"]

FAMILIES: dict[str, Callable[[Reading, int, Span, dict[str, Any]], None]] = {
    "RESP": responsibility,
    "RESP_BY": responsibility_by,
    "RESP_VERB": responsibility_verb,
    "RESP_PASSIVE": responsibility_passive,
    "RESP_SHALL": responsibility_shall,
    "UPPDRAG": assignment,
    "AUDIT_SCOPE": audit_scope,
    "PART": part_of,
    "PART_INOM": part_inom,
    "INGAR": ingar,
    "MEMBERS": members,
    "COLLAB": collaboration,
    "COLLAB_BETWEEN": collaboration_between,
    "COLLAB_VERB": collaboration_verb,
    "GOAL_SET": goal_set,
    "GOAL_IS": goal_is,
    "GOAL_BY_POLICY": goal_by_policy,
    "ADOPT": adopt,
    "ADOPT_PASSIVE": adopt_passive,
    "DERIVE": derived,
    "GOAL_LIST": goal_list,
    "ASSESS": assessed,
    "ASSESS_LINE": assessed_answer,
    "RECOMMEND": recommendation,
    "SHOULD": should,
    "PARTIES": parties,
}
