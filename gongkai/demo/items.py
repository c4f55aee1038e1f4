"""The plan of the demo's items: which items, in which columns, with which metadata.

Pure: no ORM and no clock. The plan of n items is the first n items of one fixed
sequence, so a bigger demo extends a smaller one and rebuilding finds the same slugs.
"""

from collections.abc import Sequence

from . import families
from .disclosure_families import DISCLOSURE_FAMILIES
from .families import Family
from .organisations import GOVERNMENT, ORGANISATIONS_BY_KEY
from .planner import ItemSpec, Planner

FAMILIES: tuple[tuple[Family, int], ...] = (
    (families.district_news, 30),
    (families.department_news, 30),
    (families.township_news, 14),
    (families.executive_meeting, 16),
    (families.plenary_meeting, 4),
    (families.district_policy, 22),
    (families.department_policy, 14),
    (families.policy_interpretation, 16),
    *DISCLOSURE_FAMILIES,
)
ATTEMPTS = 40


def plan_items(*, count: int, corpus: Sequence[str]) -> list[ItemSpec]:
    """The first `count` demo items, in plan order (not date order)."""
    planner = Planner(corpus=corpus)
    functions = [family for family, _ in FAMILIES]
    weights = [weight for _, weight in FAMILIES]
    specs = []
    for number in range(1, count + 1):
        planner.number = number
        spec = _plan_one(planner, functions, weights)
        planner.accept(spec)
        specs.append(spec)
    return specs


def _plan_one(
    planner: Planner, functions: list[Family], weights: list[int]
) -> ItemSpec:
    for _ in range(ATTEMPTS):
        family = planner.rng.choices(functions, weights)[0]
        spec = family(planner)
        if spec is not None and spec.title not in planner.titles:
            return spec
    return _bulletin(planner)


def _bulletin(planner: Planner) -> ItemSpec:
    """Fallback when the families run dry: a numbered 政务信息 bulletin, unique by number."""
    year = planner.year()
    return planner.spec(
        column="xwdt/jdyw",
        title=f"金东区政务信息（第{planner.number}期）",
        publisher=GOVERNMENT,
        published_at=planner.moment(year),
        genre="其他",
        source=ORGANISATIONS_BY_KEY[GOVERNMENT].name,
        corpus_ids=planner.paragraphs(),
    )
