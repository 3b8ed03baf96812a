"""Users' scopes through the July 2025 reform: proposed, never widened by themselves.

A grant on a unit that ended on 30/06/2025 keeps the history it reached (the grant stays). What it becomes today is
a proposal: the unit's successors (a province's, a commune's, a carried hamlet's), or for a district, which has
none, the new communes its communes went into. A proposal that reaches more than the old unit did (a new province
that also absorbed other provinces, a new commune with parts of another district) says so. Organization staff
confirm each proposal; only then are grants added.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from diaban.core.models import within_any_q
from diaban.people.models import ScopeGrant
from diaban.territory.models import ReorganizationEvent, Succession, Unit
from diaban.territory.reform import LAST_OLD_DAY, REFORM_DATE


@dataclass
class ScopeProposal:
    grant: ScopeGrant
    units: list[Unit]  # today's units proposed in place of the grant's
    widens: bool  # they reach units the old grant did not

    @property
    def key(self) -> str:
        return "grant:{}".format(self.grant.pk)


def _successors(units: list[Unit]) -> dict[int, list[Unit]]:
    found: dict[int, list[Unit]] = {}
    for link in Succession.objects.filter(predecessor__in=units, date=REFORM_DATE).select_related("successor"):
        found.setdefault(link.predecessor_id, []).append(link.successor)
    return found


def _today_of(unit: Unit, successors: dict[int, list[Unit]]) -> list[Unit]:
    if unit.pk in successors:
        return successors[unit.pk]
    # A district has no successor: today's communes that took the place of its communes.
    communes = list(unit.children.filter(valid_until=LAST_OLD_DAY))
    return list(
        Unit.objects.filter(successions_in__predecessor__in=communes, successions_in__date=REFORM_DATE)
        .distinct()
        .order_by("name")
    )


def _widens(old: Unit, new_units: list[Unit]) -> bool:
    """True when a proposed unit took the place of some unit outside the old grant's subtree, or holds units that
    come from nowhere inside it (today's Vĩnh Long also holds the communes of Trà Vinh and of the old Vĩnh Long,
    whether or not their old structure was ever imported)."""
    inside = Q(predecessor__path__startswith=old.path)
    if Succession.objects.filter(successor__in=new_units, date=REFORM_DATE).exclude(inside).exists():
        return True
    children = Unit.objects.filter(parent__in=new_units).valid_on(REFORM_DATE)
    return children.exclude(successions_in__predecessor__path__startswith=old.path).exists()


def scope_proposals(province: Unit) -> list[ScopeProposal]:
    """Grants on units inside the old provinces of today's `province` that ended on 30/06/2025 and whose
    account has no grant (of that kind) on today's units yet."""
    old_provinces = [
        s.predecessor
        for s in Succession.objects.filter(successor=province, date=REFORM_DATE).select_related("predecessor")
    ]
    grants = list(
        ScopeGrant.objects.filter(within_any_q("unit__path", [p.path for p in old_provinces]))
        .filter(unit__valid_until=LAST_OLD_DAY)
        .select_related("account__user", "unit")
        .order_by("account__user__username", "unit__path")
    )
    successors = _successors([g.unit for g in grants])
    held = {
        (g.account_id, g.kind, g.unit_id) for g in ScopeGrant.objects.filter(account__in={g.account_id for g in grants})
    }
    proposals = []
    for grant in grants:
        units = _today_of(grant.unit, successors)
        if not units or all((grant.account_id, grant.kind, u.pk) in held for u in units):
            continue
        proposals.append(ScopeProposal(grant, units, _widens(grant.unit, units)))
    return proposals


@transaction.atomic
def scopes_confirm(*, actor, province: Unit, proposals: list[ScopeProposal]) -> int:
    """Add the grants of the confirmed `proposals` (the old grants stay, for the history they reach)."""
    added = []
    for proposal in proposals:
        for unit in proposal.units:
            _grant, created = ScopeGrant.objects.get_or_create(
                account=proposal.grant.account, unit=unit, kind=proposal.grant.kind
            )
            if created:
                added.append("{}: {}".format(proposal.grant.account.user.get_username(), unit.name))
    if added:
        ReorganizationEvent.record(
            action=ReorganizationEvent.Action.SCOPES,
            actor=actor,
            province=province,
            date=REFORM_DATE,
            changes={"phạm vi thêm": [None, len(added)], "chi tiết": [None, "; ".join(added)[:1000]]},
        )
    return len(added)
