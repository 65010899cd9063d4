"""The JSON parser of every endpoint, refusing what Python's own parser cannot handle
safely: nesting deeper than the interpreter's recursion limit (a RecursionError) and text
with half of a UTF-16 pair ("\\ud800"), which no database or response can encode."""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply.")) from error
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            raise ParseError(
                _("The text holds a character that does not exist (half of a UTF-16 pair).")
            ) from error
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply.")) from error
        return data
