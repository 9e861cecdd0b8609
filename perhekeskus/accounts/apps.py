from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "perhekeskus.accounts"
    label = "accounts"
    verbose_name = "Users and rights"
