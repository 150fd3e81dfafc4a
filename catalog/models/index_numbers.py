"""Index numbers (索引号, DESIGN §6): `<department code>/<year>-<5-digit sequence>`, assigned once, never reused.

One counter row per department per year. Taking a number is an UPDATE of that row (a row lock on PostgreSQL,
the database write lock on SQLite) followed by reading it back, so concurrent saves never get the same number,
and deleting a publication never frees its number.
"""

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from catalog.models.divisions import Department


class IndexCounter(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("公开主体"), related_name="index_counters", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用到的序号"), default=0)

    class Meta:
        verbose_name = _("索引号计数器")
        verbose_name_plural = _("索引号计数器")
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_index_counter_per_year")]

    def __str__(self):
        return f"{self.department_id}/{self.year}: {self.last_number}"

    @classmethod
    def take_number(cls, department: Department, year: int) -> str:
        """The next free number; a new counter starts after any number already in use (e.g. migrated data)."""
        return cls.take_numbers(department, year, 1)[0]

    @classmethod
    def take_numbers(cls, department: Department, year: int, count: int) -> list[str]:
        """`count` consecutive free numbers in one step, for bulk creation."""
        taken = []
        with transaction.atomic():
            rows = cls.objects.filter(department=department, year=year)
            while len(taken) < count:
                wanted = count - len(taken)
                if not rows.update(last_number=F("last_number") + wanted):
                    try:
                        with transaction.atomic():
                            cls.objects.create(department=department, year=year,
                                               last_number=_highest_in_use(department, year) + wanted)
                    except IntegrityError:
                        rows.update(last_number=F("last_number") + wanted)
                last = rows.values_list("last_number", flat=True).get()
                block = [format_index_number(department.code, year, n) for n in range(last - wanted + 1, last + 1)]
                in_use = set(_publications().filter(index_number__in=block).values_list("index_number", flat=True))
                taken += [number for number in block if number not in in_use]
        return taken


def _publications():
    return apps.get_model("catalog", "Publication").objects


def _highest_in_use(department: Department, year: int) -> int:
    prefix = f"{department.code}/{year}-"
    numbers = _publications().filter(index_number__startswith=prefix).values_list("index_number", flat=True)
    suffixes = [number[len(prefix):] for number in numbers]
    return max((int(suffix) for suffix in suffixes if suffix.isdigit()), default=0)


def format_index_number(department_code: str, year: int, number: int) -> str:
    return f"{department_code}/{year}-{number:05d}"
