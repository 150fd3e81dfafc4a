"""Who acts for which department: the one answer every workflow, admin page and view uses (DESIGN §2).

- Clerks and reviewers see and act for the departments they are staff of (公开主体 → 工作人员), and for the
  village-level departments those handle (`Department.handled_by`, by default the township government of the
  village's township): village committees have no staff of their own here, so their ratings, messages, callback
  cases, requests and publications are the township staff's work. Every case thus has someone who can act;
  `Department.objects.unstaffed()` finds the departments where nobody can (the 无人处理 alarm).
- Supervisors (督查员) see every department's work but act only where they are staff of that department. The
  steps that are theirs alone (closing a callback case, deciding an appeal) ask `is_supervisor`, not this
  module: they are not a department's work.
- Superusers, the system's administrators, see and act everywhere (Django gives them every permission too).
- Nobody signed out or deactivated sees or acts anywhere.

Acting also needs the step's model permission (a clerk may not approve); this module answers only the question
"does this user act for this department?". Scoped lists come from `Department.objects.for_user(user)` (what the
user sees) and `Department.objects.acted_for_by(user)` (where the user acts).
"""

from catalog.models import Department
from catalog.roles import sees_all_departments


def _department_id(department) -> int | None:
    return getattr(department, "pk", department)


def acts_for(user, department) -> bool:
    """Whether `user` may act for `department` (a Department or its id)."""
    department_id = _department_id(department)
    if department_id is None or not is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    return Department.objects.acted_for_by(user).filter(pk=department_id).exists()


def sees(user, department) -> bool:
    """Whether `user` may see the work of `department` (a Department or its id)."""
    department_id = _department_id(department)
    if department_id is None or not is_signed_in(user):
        return False
    if sees_all_departments(user):
        return True
    return acts_for(user, department_id)


def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))
