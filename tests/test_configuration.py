"""Every environment variable that the settings read is documented twice, and the two
cannot drift apart: in a comment where config/settings.py reads it, and in the README's
configuration table; the table names no variable that nothing reads."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "config" / "settings.py"
README = ROOT / "README.md"


def environment_reads() -> dict[str, int]:
    """Variable name -> line of config/settings.py where `env...("NAME", ...)` reads it."""
    reads = {}
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = node.func
        while isinstance(function, ast.Attribute):
            function = function.value
        name = node.args[0]
        if (
            isinstance(function, ast.Name)
            and function.id == "env"
            and isinstance(name, ast.Constant)
        ):
            reads[name.value] = node.lineno
    return reads


def comment_above(lines: list[str], line_number: int) -> str:
    """The comment right above a line (or above the statement that holds it, or above the
    group of reads it belongs to: `# A / B: ...` over two lines that read A and B)."""
    comment = []
    index = line_number - 1
    while index > 0:
        index -= 1
        text = lines[index].strip()
        if text.startswith("#"):
            comment.append(text)
        elif comment or not (text.endswith(("(", "{", "[", ",")) or "env." in text):
            break
    return "\n".join(comment)


def readme_table_variables() -> set[str]:
    section = README.read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("|")]
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}


def test_the_settings_read_variables_from_the_environment():
    # The parser below finds them (a change in how settings read the environment shows here).
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SMS_SENSITIVE_WORDS"} <= set(
        environment_reads()
    )


def test_every_variable_is_explained_where_it_is_read():
    lines = SETTINGS.read_text().splitlines()
    unexplained = [
        name
        for name, line_number in environment_reads().items()
        if name not in comment_above(lines, line_number)
    ]
    assert unexplained == []


def test_the_readme_table_lists_exactly_the_variables_the_settings_read():
    read = set(environment_reads())
    listed = readme_table_variables()

    assert sorted(read - listed) == [], "read in config/settings.py, missing in the README"
    assert sorted(listed - read) == [], "in the README's table, but read nowhere"
