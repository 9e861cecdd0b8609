from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "perhekeskus.groups"
    label = "groups"
    verbose_name = "Groups and sign-up"

    def ready(self) -> None:
        # Each module registers the composer of the messages it queues (see messaging.compose).
        from perhekeskus.groups import (  # noqa: F401
            decision_messages,
            feedback_messages,
            interest_messages,
            invitation_messages,
        )
