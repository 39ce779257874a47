"""Partners that are organisations of the import: one node for a company in both roles.

A company can lead some Tech Watch cases (its name in "Responsible organisation") and be the
partner of others (its name in "Company name or GovTech ID"): "Aleph Alpha" leads a German case
and is the partner of the City of Heidelberg's. :func:`join_partners` makes such a partner the
same node as the organisation, with the rules that merge an organisation's name variants
(:func:`._resolve.cluster_names`: equal match keys, similar names, acronyms, the aliases table):
the partner's names are added to each block of organisations (one country, one level) and the
organisation whose names they cluster with is the partner's node.

A partner joins an organisation only when its names cluster with the names of exactly one
organisation of the whole import, that organisation is not a public body (a
``gg:PrivatePartner`` is disjoint from ``cv:PublicOrganisation`` in the ontology) and the match does not rest on generic words alone ("Ministry"). Any
other match is reported and the partner keeps its own node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ._organisations import Organisation
from ._partners import Partner
from ._resolve import DEFAULT_THRESHOLD, AliasTable, Merge, cluster_names, match_key

__all__ = ["join_partners"]


def _public(org: Organisation) -> bool:
    """Whether the organisation is written as a public body (administration, unit, EU body)."""
    if org.body is not None:
        return True  # EU institutions, DGs and international bodies of the vendored table
    return org.category is not None and org.category.level is not None


def _described(org: Organisation) -> str:
    country = org.key[1] or "no country"
    return f"'{org.label}' ({country})"


def join_partners(
    partners: Iterable[Partner],
    orgs: Iterable[Organisation],
    *,
    aliases: AliasTable | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[list[Merge], list[tuple[int, str]]]:
    """Join each partner named like exactly one (non-public) organisation to that organisation.

    A joined partner gets :attr:`Partner.organisation` (its node is the organisation's) and
    :attr:`Partner.label` the organisation's label; its own names stay in
    :attr:`Partner.names` (written as ``skos:altLabel`` where they differ).

    Args:
        partners: The partners of the import (resolved: with their names and rows).
        orgs: The organisations of the import (resolved, with categories and IRIs).
        aliases: The aliases table of the organisations (its rows apply to partner names too).
        threshold: The similarity of the organisation rules.

    Returns:
        One :class:`Merge` (rule ``"partner"``) per joined partner, and ``(row, message)``
        notes for the partners left apart although their names match an organisation's.
    """
    named = [p for p in partners if p.names and p.organisation is None]
    blocks: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
    for org in orgs:
        if org.iri:
            blocks[(org.key[1], org.key[2])].append(org)

    # partner key -> [(organisation, partner name, organisation name, similarity, rule)]
    found: dict[str, list[tuple[Organisation, str, str, float, str]]] = defaultdict(list)
    for (cc, _level), members in blocks.items():
        country = cc if cc and cc != "EUR" else None
        rows: dict[str, list[int]] = {}
        owner: dict[str, Organisation] = {}
        for org in members:
            for name in org.names:
                rows[name] = [org.first_name_row.get(name, 0)] * org.names[name]
                owner[name] = org
        said: dict[str, list[Partner]] = defaultdict(list)
        for partner in named:
            for name in sorted(partner.names):
                if aliases is not None and aliases.apart(name, country):
                    continue  # kept apart by the aliases table (even from the same spelling)
                said[name].append(partner)
                rows.setdefault(name, sorted(partner.rows))
        for spellings, evidence in cluster_names(
            rows, country=country, threshold=threshold, aliases=aliases
        ):
            owners = {id(owner[n]): owner[n] for n in spellings if n in owner}
            joined = {p.key: p for n in spellings for p in said.get(n, ())}
            if not owners or not joined:
                continue
            for partner in joined.values():
                for org in owners.values():
                    own = [n for n in spellings if owner.get(n) is org]
                    name, matched, score, rule = _evidence(partner, own, spellings, evidence)
                    if rule != "alias" and not match_key(name, country).distinctive:
                        continue  # generic words only ("Ministry"): not a name
                    found[partner.key].append((org, name, matched, score, rule))

    merges: list[Merge] = []
    notes: list[tuple[int, str]] = []
    by_key = {p.key: p for p in named}
    for key, matches in found.items():
        partner = by_key[key]
        row = min(partner.rows) if partner.rows else 0
        distinct = {id(m[0]): m[0] for m in matches}
        if len(distinct) > 1:
            names = ", ".join(sorted(_described(o) for o in distinct.values()))
            notes.append(
                (
                    row,
                    f"partner '{partner.label}' is named like {len(distinct)} organisations "
                    f"({names}); kept as its own node (an aliases row name,,country keeps it "
                    "apart from the organisation of that country it is not)",
                )
            )
            continue
        org, name, matched, score, rule = matches[0]
        if _public(org):
            notes.append(
                (
                    row,
                    f"partner '{partner.label}' is named like the public body {_described(org)}; "
                    "kept as its own node (a private partner is not a public body)",
                )
            )
            continue
        partner.organisation = org.iri
        partner.label = org.label
        merges.append(
            Merge(
                str(org.iri),
                org.label,
                name,
                matched,
                score,
                "partner",
                tuple(sorted(set(partner.rows))),
                org.country,
            )
        )
    return merges, notes


def _evidence(
    partner: Partner,
    own: list[str],
    spellings: list[str],
    evidence: Mapping[str, tuple[str, float, str]],
) -> tuple[str, str, float, str]:
    """``(partner name, organisation name, similarity, rule)`` behind a partner's match."""
    for name in sorted(partner.names):
        if name in own:
            return name, name, 100.0, "normalised"  # the same name as the organisation's
    for name in sorted(partner.names):
        if name in evidence and evidence[name][0] in own:
            matched, score, rule = evidence[name]
            return name, matched, score, rule.split(",")[0]
    for name in own:
        if name in evidence and evidence[name][0] in partner.names:
            matched, score, rule = evidence[name]
            return matched, name, score, rule.split(",")[0]
    # Joined through other spellings of the cluster: the first names of both sides.
    theirs = next(n for n in spellings if n in partner.names)
    ours = own[0]
    via = evidence.get(theirs) or evidence.get(ours) or ("", 100.0, "normalised")
    return theirs, ours, via[1], via[2].split(",")[0]
