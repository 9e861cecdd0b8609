from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "perhekeskus.activities"
    label = "activities"
    verbose_name = "Activity calendar"
