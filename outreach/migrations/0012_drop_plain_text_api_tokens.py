"""The API tokens of DRF's authtoken app were kept in plain text (and listed in the admin).
They are not carried over: a digest cannot be made of them without keeping them, and they
end within API_TOKEN_HOURS anyway. Their table goes, and with it the app's migration records,
so that going back to a release that still uses the app recreates an empty table. Everyone
with a token logs in again once."""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

OLD_TABLE = "authtoken_token"


def drop_plain_text_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0011_add_api_token"),
    ]

    operations = [
        # Nothing to restore going back: the plain-text keys are gone on purpose.
        migrations.RunPython(drop_plain_text_tokens, migrations.RunPython.noop),
    ]
