from django.db import migrations, models
from django.utils import timezone


def fill_days(apps, schema_editor):
    ReviewLog = apps.get_model("questions", "ReviewLog")
    logs = list(ReviewLog.objects.only("id", "reviewed_at"))
    for log in logs:
        log.reviewed_on = timezone.localdate(log.reviewed_at)
    ReviewLog.objects.bulk_update(logs, ["reviewed_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_study")]

    operations = [
        migrations.AddField(model_name="reviewlog", name="reviewed_on", field=models.DateField(null=True)),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField(model_name="reviewlog", name="reviewed_on", field=models.DateField()),
    ]
