from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "perhekeskus.groups"
    label = "groups"
    verbose_name = "Groups and sign-up"
