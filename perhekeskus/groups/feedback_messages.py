"""Messages of this part of groups that concern no sign-up: queued here, composed here."""
