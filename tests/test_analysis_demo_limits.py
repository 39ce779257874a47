"""The demo's analysis refuses limits out of range, as synergies() does.

Regression: ``eu_national_synergies(top=-1)`` failed with islice's ValueError, and
``per_actor_limit=0`` returned an empty list without a word (``synergies`` refuses both);
``write_analysis_outputs(top=-1)`` created the directory and then failed the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph
from govgraph import ConfigurationError, analysis


@pytest.mark.parametrize(
    ("options", "message"),
    [({"top": -1}, "top=-1"), ({"per_actor_limit": 0}, "per_actor_limit=0")],
)
def test_eu_national_synergies_refuses_limits_out_of_range(
    options: dict[str, int], message: str
) -> None:
    kg = govgraph.GovGraph.example()
    with pytest.raises(ConfigurationError, match=message):
        analysis.eu_national_synergies(kg.store, **options)  # type: ignore[arg-type]
    # the limits in range still work: none, and the first pair
    assert analysis.eu_national_synergies(kg.store, top=0) == []
    assert len(analysis.eu_national_synergies(kg.store, top=1, per_actor_limit=1)) == 1


def test_write_analysis_outputs_refuses_a_negative_top_before_writing(tmp_path: Path) -> None:
    kg = govgraph.GovGraph.example()
    out = tmp_path / "out"
    with pytest.raises(ConfigurationError, match="top=-1"):
        analysis.write_analysis_outputs(kg.store, out, top=-1)
    assert not out.exists()
