from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with a history page that answers 404 for an id that cannot be
    a key (its own view lets the database raise, a server error)."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError as error:
            raise Http404 from error
        return super().history_view(request, object_id, extra_context=extra_context)
