"""Describe the errors every operation can answer, so clients (and schemathesis) know them."""

ERROR_COMPONENTS = {
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": "Messages per field; `non_field_errors` for the request as a whole.",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
            ]
        },
    },
}

ERRORS = {
    "400": ("Invalid input: messages per field, in the language asked for.", "ValidationErrors"),
    "401": ("Not logged in.", "ErrorDetail"),
    "403": ("Your role may not do this.", "ErrorDetail"),
    "404": ("Not found, not yours to see, or a page past the end.", "ErrorDetail"),
    "405": ("Method not allowed.", "ErrorDetail"),
    "429": ("Too many requests; try again later.", "ErrorDetail"),
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            # 404 also on lists: a page number past the end.
            codes = ["401", "403", "404", "429"]
            if method in ("post", "put", "patch") or "{" not in path:
                codes.append("400")  # lists validate their filters too
            responses = operation.setdefault("responses", {})
            for code in codes:
                description, component = ERRORS[code]
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
    return result
