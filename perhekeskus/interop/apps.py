from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "perhekeskus.interop"
    label = "interop"
    verbose_name = "Exchange formats"
