from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "perhekeskus.messaging"
    label = "messaging"
    verbose_name = "Messages to families"
