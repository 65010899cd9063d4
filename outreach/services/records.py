from django.db import models, transaction


@transaction.atomic
def record_delete(*, record: models.Model) -> None:
    """Remove a visit, wish, provision check or follow-up entered by mistake. The history
    table keeps what was removed and by whom, until the case itself is erased."""
    record.delete()
