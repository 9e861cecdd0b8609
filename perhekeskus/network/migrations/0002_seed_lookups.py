from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from perhekeskus.network.seed import seed_lookups

    seed_lookups(apps)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
