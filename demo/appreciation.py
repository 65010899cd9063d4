"""Demo data of appreciation: a thank-you from the coordinator of team Noord on the Today
page of one of its peers. Milestones need no demo data: they follow from the demo's visits
and memberships. Made through the service, only once (safe to run again)."""

from outreach.models import Appreciation, Team, User
from outreach.services.appreciation import appreciation_send

THANKS = (
    "Dank je wel voor al je bezoeken deze maand, en voor je geduld bij de lastige gesprekken. "
    "Fijn dat je in het team zit!"
)


def seed_appreciation_demo(teams: dict[str, Team], users: dict[str, User]) -> None:
    peer = users["peer-noord-1"]
    if Appreciation.objects.filter(peer=peer).exists():
        return
    appreciation_send(peer=peer, team=teams["Noord"], sent_by=users["coord-noord"], message=THANKS)
