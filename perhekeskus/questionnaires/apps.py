from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "perhekeskus.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires and surveys"
