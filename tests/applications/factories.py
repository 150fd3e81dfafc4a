"""Factories for requests: each makes one valid request through the workflow, as a clerk would."""

import datetime as dt

from applications import workflow
from applications.models import Application
from applications.validators import credit_code_check_char, resident_id_check_digit
from tests import factories as f

RESIDENT_ID = "33990119800101001" + resident_id_check_digit("33990119800101001")
CREDIT_CODE = "91339901MA2A00001" + credit_code_check_char("91339901MA2A00001")
MONDAY = dt.date(2026, 3, 2)  # DESIGN §3: received Monday 2 March 2026, due 30 March 2026


def applicant_fields(**fields):
    defaults = {
        "applicant_kind": "person",
        "applicant_name": "张秀英",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13812345678",
        "email": "",
        "address": "示范县人民路1号",
        "description": "2025年度城关镇最低生活保障对象名单",
        "delivery_form": "electronic",
        "obtain_method": "online",
    }
    defaults.update(fields)
    return defaults


def application(department=None, *, received_on=MONDAY, by=None, channel="in_person", **fields) -> Application:
    """A registered request, received on `received_on` (its clock running)."""
    made = Application(department=department or f.department(), channel=channel, submitted_on=received_on,
                       received_on=received_on, **applicant_fields(**fields))
    workflow.register(made, by=by, today=received_on)
    return made


def submitted_online(department=None, *, on=MONDAY, **fields) -> Application:
    """A request filed on the public site, awaiting the clerk's confirmation of receipt."""
    made = Application(department=department or f.department(), **applicant_fields(**fields))
    workflow.submit_online(made, today=on)
    return made
