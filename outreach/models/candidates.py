"""From visited household to team member: many STA peers were once visited themselves. A
candidate is noted with the household's consent to be asked, and the coordinator follows
them through the introduction talk, the training and a first visit with an experienced peer
to membership (or records why it stopped). The minimum is kept: a first name or initials, a
phone if they want to be called; erased with the household unless they became a member."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.consent import ConsentMethod
from outreach.workflow import CandidateStatus


class PeerCandidate(models.Model):
    # Null once the household is erased while the candidate stays on as a team member.
    household = models.ForeignKey(
        "outreach.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_candidates",
        verbose_name=_("household"),
    )
    team = models.ForeignKey(
        "outreach.Team",
        on_delete=models.PROTECT,
        related_name="peer_candidates",
        verbose_name=_("team"),
    )
    name = models.CharField(_("first name or initials"), max_length=40)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    # The household's own consent to be asked to join the team: how and when.
    consent_method = models.CharField(
        _("how the household agreed to be asked"), max_length=20, choices=ConsentMethod.choices
    )
    consent_given_at = models.DateTimeField(_("agreed to be asked at"), default=timezone.now)
    status = models.CharField(
        _("step"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    introduction_talk_on = models.DateField(_("introduction talk on"), null=True, blank=True)
    training_on = models.DateField(_("introduction training on"), null=True, blank=True)
    buddy_visit_on = models.DateField(_("first visit together on"), null=True, blank=True)
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("experienced peer on the first visit"),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_candidacy",
        verbose_name=_("account"),
    )
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team candidate")
        verbose_name_plural = _("team candidates")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status not in (CandidateStatus.MEMBER, CandidateStatus.STOPPED)
