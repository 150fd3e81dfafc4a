"""Two clerks acting on the same request at the same moment, on a real database lock (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from applications import workflow
from applications.models import Application
from tests import factories as f
from tests.applications import factories as af


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_at_once_one_succeeds_the_other_is_told():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; on SQLite the stale-version test covers this")
    department = f.department()
    clerk = f.clerk(department)
    application = af.application(department)
    version = application.version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(step, **kwargs):
        try:
            copy = Application.objects.get(pk=application.pk)
            barrier.wait()
            workflow.STEP_FUNCTIONS[step](copy, by=clerk, today=dt.date(2026, 3, 3), expected_version=version,
                                          **kwargs)
            outcomes.append("ok")
        except workflow.WorkflowError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=("accept",)), threading.Thread(target=act, args=("withdraw",))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=len) == ["ok", workflow.CHANGED_MESSAGE]
    assert Application.objects.get(pk=application.pk).version == version + 1
