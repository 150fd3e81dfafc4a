"""The one admin mixin that keeps each clerk inside their own departments (DESIGN §2).

Every department-owned ModelAdmin uses it: lists, object pages and form choices are limited to the departments
the user sees (catalog.access): their own, or all of them for supervisors and superusers. What a user may do
with what they see is the model permissions' and each step's business (`acts_for`).
"""

from catalog.models import Department
from catalog.roles import sees_all_departments


class DepartmentScopedAdminMixin:
    #: ORM path from the admin's model to its Department ("pk" for Department itself).
    department_path = "department"

    def user_departments(self, request):
        """The departments the user acts for, e.g. to preselect the only one."""
        return Department.objects.acted_for_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all_departments(request.user):
            return queryset
        visible = Department.objects.for_user(request.user).values("pk")
        return queryset.filter(**{f"{self.department_path}__in": visible})

    def is_in_scope(self, request, obj) -> bool:
        if obj is None or sees_all_departments(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)

    def _limit_to_scope(self, request, db_field, kwargs):
        related_manager = db_field.related_model._default_manager
        if "queryset" not in kwargs and hasattr(related_manager, "for_user"):
            kwargs["queryset"] = related_manager.for_user(request.user)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._limit_to_scope(request, db_field, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._limit_to_scope(request, db_field, kwargs))
