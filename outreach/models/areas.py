from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaName(models.Model):
    """The name CBS gives an area code (municipality GM…, district WK…, neighbourhood BU…)
    in one year's division. Codes are republished every year and may be reused, so a name
    is always looked up for the code together with the year the household's code is from."""

    code = models.CharField(_("CBS code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year of the CBS division"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("area name")
        verbose_name_plural = _("area names")
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="one_area_name_per_code_year")
        ]
        ordering = ["code", "-year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.year})"
