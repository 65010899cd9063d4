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
                # `detail`: a request that could not be read at all (malformed JSON).
                {"type": "string"},
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
    "413": ("The request body is too large.", "ErrorDetail"),
    "415": ("The body is not of a content type this operation reads.", "ErrorDetail"),
    # Answered by gunicorn itself (a request line over 4094 bytes), as a page, before Django.
    "414": ("The address is too long (the web server's limit).", None),
    "409": (
        "Changed by someone else in the meantime (both versions kept, in `conflict` and "
        "`current`), or, for a delete, still in use by other records.",
        "ErrorDetail",
    ),
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            # 404 also on lists: a page number past the end.
            codes = ["401", "403", "404", "414", "429"]
            reads_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in ("post", "put", "patch") or "{" not in path or reads_query:
                codes.append("400")  # lists and queries validate their parameters too
            if method in ("post", "put", "patch"):
                codes += ["413", "415"]  # oversized bodies, wrong content types
            if method in ("put", "patch", "delete") and "{" in path:
                codes.append("409")  # a stale version, or a delete of what is in use
            responses = operation.setdefault("responses", {})
            for code in codes:
                description, component = ERRORS[code]
                if component is None:
                    responses.setdefault(
                        code,
                        {"description": description,
                         "content": {"text/html": {"schema": {"type": "string"}}}},
                    )  # fmt: skip
                    continue
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
