from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "perhekeskus.wellbeing"
    label = "wellbeing"
    verbose_name = "Wellbeing clinic"

    def ready(self) -> None:
        # Registers the composer of the parents' link messages (see messaging.compose).
        from perhekeskus.wellbeing import messages  # noqa: F401
