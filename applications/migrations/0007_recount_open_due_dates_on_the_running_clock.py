"""Recount the stored due date of every open request on the running clock (DESIGN §4).

Before, a paused request's due date was stored as of its last step, and a pause that began after the period had
run out still moved it. Each due date that moves is written as a 计时规则更新 event with the old and the new date,
so nothing is rewritten unrecorded; no other stored value changes. Reversing leaves the dates as they are now.
"""

from django.db import migrations

OPEN = ["registered", "processing", "consulting", "awaiting_fee"]


def recount(apps, schema_editor):
    from django.utils import timezone

    from applications import deadlines
    from portal import workdays

    Application = apps.get_model("applications", "Application")
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    workdays.calendar.clear()
    today = timezone.localdate()
    for application in Application.objects.filter(status__in=OPEN, received_on__isnull=False).iterator():
        pauses = [deadlines.Pause(pause.started_on, pause.ended_on, pause.answer_due_on, pause.kind,
                                  pause.received_on is None)
                  for pause in application.pauses.all()]
        new = deadlines.due_date(application.received_on, restarted_on=application.corrected_on,
                                 extension_workdays=application.extension_workdays, pauses=pauses)
        old = application.due_on
        if new == old:
            continue
        application.due_on = new
        application.due_is_provisional = deadlines.is_provisional(application.received_on, new)
        application.save(update_fields=["due_on", "due_is_provisional"])
        shown = f"{old:%Y年%m月%d日}" if old else "未计算"
        ApplicationEvent.objects.create(
            application=application, kind="recount", on=today, actor=None,
            status_before=application.status, status_after=application.status,
            note=f"答复期限按计时规则（暂停计时至对方答复或期限届满，期限届满后开始的暂停不再顺延）重算：由{shown}改为"
                 f"{new:%Y年%m月%d日}。",
            payload={"field": "due_on", "old": old.isoformat() if old else None, "new": new.isoformat()},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0006_running_clock_receipts_and_deliveries"),
        ("portal", "0007_rate_counter"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
