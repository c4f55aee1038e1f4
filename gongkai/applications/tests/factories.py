"""Officers, applicants' data and applications built through the services."""

import itertools
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from gongkai.applications import services
from gongkai.applications.enums import Channel
from gongkai.applications.identifiers import resident_id_check_char
from gongkai.applications.models import Application, OfficerAssignment
from gongkai.core.organisation_codes import uscc_check_char
from gongkai.core.tests.factories import create_organisation

_sequence = itertools.count(1)

RESIDENT_ID = "33070219900307123" + resident_id_check_char("33070219900307123")
USCC = "91330702MA2HXKT7" + "0"
USCC = USCC[:17] + uscc_check_char(USCC[:17])


def officers_group() -> Group:
    group, created = Group.objects.get_or_create(name="依申请公开办理人员")
    if created:
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="change_application"),
            Permission.objects.get(codename="view_application"),
        )
    return group


def create_officer(*departments: Any, **fields: Any) -> Any:
    """A user with admin access who handles the applications of `departments`."""
    number = next(_sequence)
    values = {
        "username": f"officer{number}",
        "email": f"officer{number}@example.gov.cn",
    }
    values.update(fields)
    user = get_user_model().objects.create_user(password="pw", **values)
    user.groups.add(officers_group())
    for department in departments:
        OfficerAssignment.objects.create(user=user, department=department)
    return user


def create_department(**fields: Any) -> Any:
    return create_organisation(**fields)


def person_data(**overrides: Any) -> dict[str, Any]:
    """Valid form data of a natural person asking for one piece of information."""
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "address": "浙江省金华市婺城区某路1号",
        "postcode": "321000",
        "title": "2024年度某镇道路改造工程招标文件",
        "description": "请提供2024年度某镇道路改造工程的招标文件及中标结果。",
        "document_number": "",
        "index_number": "",
        "information_form": "electronic",
        "delivery_method": "email",
    }
    data.update(overrides)
    return data


def company_data(**overrides: Any) -> dict[str, Any]:
    """Valid form data of a company (法人或其他组织)."""
    data = person_data(
        applicant_kind="legal_person",
        applicant_name="金华某某建设有限公司",
        id_type="uscc",
        id_number=USCC,
        organisation_type="commercial",
        legal_representative="李四",
        contact_name="王五",
    )
    data.update(overrides)
    return data


def register(
    department: Any,
    officer: Any,
    *,
    received_on: date,
    channel: str = Channel.IN_PERSON,
    **data: Any,
) -> Application:
    """An application handed in on `received_on`, registered (and handled) by `officer`."""
    return services.register_application(
        acting_user=officer,
        department=department,
        data=person_data(**data),
        channel=channel,
        submitted_on=received_on,
    )


class ServiceTestCase(TestCase):
    """One department and its officer; `received` registers an application."""

    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)

    def received(self, on=date(2025, 9, 25), **data):
        return register(self.department, self.officer, received_on=on, **data)

    def act(self, service, application, **kwargs):
        return service(application=application, acting_user=self.officer, **kwargs)
