from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "perhekeskus.network"
    label = "network"
    verbose_name = "Service network"
