from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "perhekeskus.wellbeing"
    label = "wellbeing"
    verbose_name = "Wellbeing clinic"
