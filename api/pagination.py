from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from api.filters import reject_unknown_query_parameters


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        # Lists that switched the filter backends off are checked here.
        reject_unknown_query_parameters(request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def get_page_size(self, request):
        # A page size that is not a number from 1 to the maximum is a mistake to report (400),
        # not something to quietly replace: the caller would miss rows without knowing.
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not (asked.isdigit() and 1 <= int(asked) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return super().get_page_size(request)
