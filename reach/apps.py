from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Reach figures")

    def ready(self) -> None:
        # Measures register themselves on import.
        from reach import measures  # noqa: F401
