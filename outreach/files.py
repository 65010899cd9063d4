"""Private files handed to whoever may see them (the pages and the API ask that first): as a
download, never shown inline, never cached."""

from django.http import FileResponse

from outreach.models import Expense
from outreach.services.team_care import RECEIPT_TYPES


def receipt_response(expense: Expense) -> FileResponse:
    """The receipt as a download, never shown inline, never cached."""
    name = expense.receipt.name
    suffix = name[name.rfind(".") :].lower()
    response = FileResponse(
        expense.receipt.open("rb"),
        content_type=RECEIPT_TYPES.get(suffix, "application/octet-stream"),
        as_attachment=True,
        filename=f"receipt-{expense.pk}{suffix}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
