"""Synergy, gap and mutual-learning analysis of governance graphs.

Every function takes a :class:`~govgraph.store.Store` (the ``GovGraph`` facade delegates to
them), reads its facts with the SPARQL 1.1 queries kept in ``queries/`` (portable to any SPARQL
endpoint such as Virtuoso) and combines them in Python; networkx is used for graph algorithms.
The definitions are documented in ``docs/analysis.md``.
"""

from .._public import publish as _publish
from ._adoption import ADOPTION_DIMENSIONS, Adoption, adoption
from ._capacity import CAPACITY_INDICATORS, CapacityGap, capacity_gaps
from ._cases import Release
from ._cases import read_releases as releases
from ._count import count_synergies
from ._demo import eu_national_synergies, write_analysis_outputs
from ._dependence import SupplierDependence, supplier_dependence
from ._diff import CHANGES, DIFF_DIMENSIONS, CaseChange, ReleaseDiff, diff
from ._evaluate import EVALUATION_METHODS, Evaluation, evaluate
from ._facts import Facts
from ._filters import (
    COUNTRY_FILTERS,
    KINDS,
    LEVELS,
    STATUSES,
    CountryFilterArgs,
    FilterArgs,
    Filters,
    GapFilterArgs,
    GovernanceFilterArgs,
    Selection,
)
from ._find import FIND_KINDS, Found, find
from ._gaps import NoInventory, no_inventory, skill_gaps
from ._governance import GOVERNANCE_FILTERS, governance_gaps
from ._hierarchy import most_specific
from ._learning import mutual_learning
from ._network import NETWORK_KINDS, brokers, clusters, to_networkx
from ._options import (
    NETWORK_DEFAULTS,
    SYNERGY_DEFAULTS,
    BrokerArgs,
    ClusterArgs,
    DependenceArgs,
    LearningArgs,
    NetworkArgs,
    PartnerArgs,
    SynergyArgs,
)
from ._partners import FundingShare, PartnerLink, funding_shares, partners
from ._rank import METHODS, iter_synergies, synergies
from ._results import (
    GAP_DESCRIPTIONS,
    GAP_KINDS,
    SYNERGY_COLUMNS,
    Broker,
    Cluster,
    Evidence,
    PolicyGap,
    SkillGap,
    Synergy,
    UseCase,
)
from ._results_learning import DesiStanding, LearningItem, LearningPair
from ._select import short_forms
from ._ties import (
    TIE_LOOKAHEAD,
    TieCut,
    cut_ranked,
    dependence_alike,
    limit_kept_short,
    partner_alike,
    rank_key,
)
from ._vocab import DIMENSIONS, load_query
from ._words import items_in_words, use_cases_in_words

__all__ = [
    "ADOPTION_DIMENSIONS",
    "CAPACITY_INDICATORS",
    "CHANGES",
    "COUNTRY_FILTERS",
    "DIFF_DIMENSIONS",
    "DIMENSIONS",
    "EVALUATION_METHODS",
    "FIND_KINDS",
    "GAP_DESCRIPTIONS",
    "GAP_KINDS",
    "GOVERNANCE_FILTERS",
    "KINDS",
    "LEVELS",
    "METHODS",
    "NETWORK_DEFAULTS",
    "NETWORK_KINDS",
    "STATUSES",
    "SYNERGY_COLUMNS",
    "SYNERGY_DEFAULTS",
    "TIE_LOOKAHEAD",
    "Adoption",
    "Broker",
    "BrokerArgs",
    "CapacityGap",
    "CaseChange",
    "Cluster",
    "ClusterArgs",
    "CountryFilterArgs",
    "DependenceArgs",
    "DesiStanding",
    "Evaluation",
    "Evidence",
    "Facts",
    "FilterArgs",
    "Filters",
    "Found",
    "FundingShare",
    "GapFilterArgs",
    "GovernanceFilterArgs",
    "LearningArgs",
    "LearningItem",
    "LearningPair",
    "NetworkArgs",
    "NoInventory",
    "PartnerArgs",
    "PartnerLink",
    "PolicyGap",
    "Release",
    "ReleaseDiff",
    "Selection",
    "SkillGap",
    "SupplierDependence",
    "Synergy",
    "SynergyArgs",
    "TieCut",
    "UseCase",
    "adoption",
    "brokers",
    "capacity_gaps",
    "clusters",
    "count_synergies",
    "cut_ranked",
    "dependence_alike",
    "diff",
    "eu_national_synergies",
    "evaluate",
    "find",
    "funding_shares",
    "governance_gaps",
    "items_in_words",
    "iter_synergies",
    "limit_kept_short",
    "load_query",
    "most_specific",
    "mutual_learning",
    "no_inventory",
    "partner_alike",
    "partners",
    "rank_key",
    "releases",
    "short_forms",
    "skill_gaps",
    "supplier_dependence",
    "synergies",
    "to_networkx",
    "use_cases_in_words",
    "write_analysis_outputs",
]

_publish(globals())
