"""Forms of the phone page where a peer follows an application to its decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.forms.plans import DATE_WIDGET, ServiceErrors
from outreach.services.applications import DOCUMENT_NAME_MAX
from outreach.workflow import APPLICATION_DECISIONS, ApplicationStatus


def _today(form: forms.Form, name: str) -> None:
    form.initial.setdefault(name, timezone.localdate())


class DocumentsForm(ServiceErrors, forms.Form):
    """The checklist: which documents are there (ticked), one to add, one to remove."""

    new_document = forms.CharField(
        label=_("Add a document"), max_length=DOCUMENT_NAME_MAX, required=False
    )

    def __init__(self, *args, documents: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents

    def checklist(self) -> list[dict]:
        """The list as the peer left it: ticks as sent, the removed one gone, the new one
        at the end."""
        ticked = set(self.data.getlist("done"))
        removed = self.data.get("remove")
        documents = [
            {"name": item["name"], "done": str(index) in ticked}
            for index, item in enumerate(self.documents)
            if str(index) != removed
        ]
        new = self.cleaned_data.get("new_document", "").strip()
        if new:
            documents.append({"name": new, "done": False})
        return documents


class SubmitForm(ServiceErrors, forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "submitted_on")


class PostponeForm(ServiceErrors, forms.Form):
    decision_due_on = forms.DateField(label=_("The new date for the decision"), widget=DATE_WIDGET)


class DecideForm(ServiceErrors, forms.Form):
    decision = forms.ChoiceField(
        label=_("What was decided?"),
        choices=[(value, ApplicationStatus(value).label) for value in APPLICATION_DECISIONS],
        widget=forms.RadioSelect,
    )
    granted_annual_amount = forms.DecimalField(
        label=_("Amount per year in euros (when granted)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "decided_on")
