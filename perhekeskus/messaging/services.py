"""Queue messages to families and send them: the outbox's one home for writes.

`queue_*` are called by the groups services inside their transaction, so a message is
stored if and only if the change it tells about commits; each costs one INSERT while
the group's row is locked. After the commit one attempt is made right away; whatever
happens there (mail server down, a bug in a text) is recorded on the message and never
reaches the family's sign-up, which is already saved. `send_due` (the `send_messages`
command) sends what is still pending and retries failures with a growing pause.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from perhekeskus.activities.models import Session
from perhekeskus.groups.models import Group, GroupStatus, Signup, SignupStatus
from perhekeskus.messaging import compose
from perhekeskus.messaging.models import MessageKind, MessageStatus, OutgoingMessage

logger = logging.getLogger(__name__)

# While one process sends a message no other may pick it up; a crash mid-send frees it then.
SEND_LEASE = timedelta(minutes=10)
# Group statuses families are told about, and the message each gets.
STATUS_KINDS = {
    GroupStatus.CANCELLED: MessageKind.GROUP_CANCELLED,
    GroupStatus.POSTPONED: MessageKind.GROUP_POSTPONED,
    GroupStatus.MERGED: MessageKind.GROUP_MERGED,
    GroupStatus.STARTED: MessageKind.GROUP_STARTED,
}
REMINDER_FROM = timedelta(hours=24)
REMINDER_UNTIL = timedelta(hours=48)


# --- Queuing (inside the caller's transaction) -------------------------------------------


def _create(
    kind: str,
    *,
    to: str,
    language: str,
    context: dict[str, Any] | None,
    dedupe_key: str,
    send_after_commit: bool,
    signup: Signup | None = None,
) -> OutgoingMessage:
    """The one place an outbox row is written; its first send follows the commit."""
    message = OutgoingMessage.objects.create(
        kind=kind,
        signup=signup,
        to=to,
        language=language,
        context=context or {},
        next_attempt_at=timezone.now(),
        dedupe_key=dedupe_key,
    )
    if send_after_commit:  # else the caller sends in a batch
        send_after(message.pk)
    return message


def _queue(
    kind: str,
    signup: Signup,
    context: dict[str, Any] | None = None,
    *,
    dedupe_key: str = "",
    send_after_commit: bool = True,
) -> OutgoingMessage:
    return _create(
        kind,
        to=signup.email,
        language=signup.language,
        context=context,
        dedupe_key=dedupe_key,
        send_after_commit=send_after_commit,
        signup=signup,
    )


def queue_plain(
    kind: str,
    *,
    to: str,
    language: str,
    context: dict[str, Any] | None = None,
    dedupe_key: str = "",
    send_after_commit: bool = True,
) -> OutgoingMessage:
    """A message that concerns no sign-up (an invitation, a notice to a coordinator).

    Its kind needs a composer registered with `compose.register`; the context must be
    JSON (ids, links, dates as ISO text), since the text is written at sending.
    """
    if kind not in compose.COMPOSERS:
        raise ValueError(f"no composer registered for {kind!r} messages")
    return _create(
        kind, to=to, language=language, context=context, dedupe_key=dedupe_key, send_after_commit=send_after_commit
    )


def queue_signup_created(signup: Signup, secret: str) -> OutgoingMessage:
    """A place confirmed, or a place on the waiting list; with the family's own link.

    This is the only message that carries the link: only the secret's hash is stored,
    so later messages ask the family to open the link from this one.
    """
    context: dict[str, Any] = {"manage_url": compose.manage_url(signup, secret)}
    if signup.status == SignupStatus.WAITING:
        ahead = (
            signup.group.signups.filter(status=SignupStatus.WAITING)
            .filter(Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.pk))
            .count()
        )
        context["position"] = ahead + 1
        return _queue(MessageKind.WAITING, signup, context)
    return _queue(MessageKind.CONFIRMATION, signup, context)


def queue_place_confirmed(signup: Signup) -> OutgoingMessage:
    """An offered place was accepted: the confirmation with the sessions, without the link."""
    return _queue(MessageKind.CONFIRMATION, signup)


def queue_offer(signup: Signup) -> OutgoingMessage:
    deadline = signup.offer_expires_at.isoformat() if signup.offer_expires_at else ""
    return _queue(MessageKind.OFFER, signup, {"deadline": deadline})


def queue_offer_expired(signup: Signup) -> OutgoingMessage:
    deadline = signup.offer_expires_at.isoformat() if signup.offer_expires_at else ""
    return _queue(MessageKind.OFFER_EXPIRED, signup, {"deadline": deadline})


def queue_cancelled(signup: Signup) -> OutgoingMessage:
    return _queue(MessageKind.CANCELLED, signup)


def queue_group_status(group: Group, status: str) -> list[OutgoingMessage]:
    """Tell every family still signed up that the group is cancelled, postponed, merged or starts."""
    kind = STATUS_KINDS.get(GroupStatus(status)) if status in GroupStatus.values else None
    if kind is None:
        return []
    active = group.signups.filter(status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITING, SignupStatus.OFFERED])
    return [_queue(kind, signup) for signup in active.filter(erased_at__isnull=True)]


def queue_reminders(*, now: datetime | None = None) -> int:
    """Queue a reminder for each confirmed family of each session starting in 24–48 hours.

    Run it as often as you like: each sign-up gets one reminder per session (a unique
    key on the message), so a daily or an hourly run both remind once, the day before.
    """
    now = now or timezone.now()
    sessions = Session.objects.filter(
        cancelled=False,
        start__gte=now + REMINDER_FROM,
        start__lt=now + REMINDER_UNTIL,
        activity__group__status__in=[GroupStatus.OPEN, GroupStatus.STARTED],
    )
    queued = 0
    for session in sessions:
        confirmed = Signup.objects.filter(
            group__activity=session.activity_id, status=SignupStatus.CONFIRMED, erased_at__isnull=True
        )
        for signup in confirmed:
            key = f"reminder:{signup.uuid}:{session.start:%Y%m%dT%H%M%S%z}"
            if OutgoingMessage.objects.filter(dedupe_key=key).exists():
                continue
            try:
                with transaction.atomic():
                    _queue(
                        MessageKind.REMINDER, signup, {"session": session.pk}, dedupe_key=key, send_after_commit=False
                    )
            except IntegrityError:  # another run queued it a moment ago
                continue
            queued += 1
    return queued


# --- Sending -------------------------------------------------------------------------------


def _backoff(attempts: int) -> timedelta:
    # 5, 10, 20, 40 … minutes: a mail server down for an hour does not use up the attempts.
    return timedelta(minutes=settings.MESSAGE_RETRY_MINUTES * 2 ** max(0, attempts - 1))


def _claim(message: OutgoingMessage, now: datetime) -> bool:
    """Take the message for one attempt; False if another process took it first.

    A conditional UPDATE on the attempt count works the same on SQLite and PostgreSQL
    and needs no lock held while the mail server answers.
    """
    taken = (
        OutgoingMessage.objects.filter(
            pk=message.pk,
            attempts=message.attempts,
            status__in=[MessageStatus.PENDING, MessageStatus.FAILED],
        )
        .filter(attempts__lt=settings.MESSAGE_MAX_ATTEMPTS)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
    )
    if taken:
        message.attempts += 1
    return bool(taken)


def send_message(message: OutgoingMessage, *, now: datetime | None = None) -> bool:
    """One attempt to send `message`; True when the mail server took it."""
    now = now or timezone.now()
    if not _claim(message, now):
        return False
    try:
        signup = message.signup
        signup_bound = message.kind not in compose.COMPOSERS
        if signup_bound and (signup is None or signup.erased_at is not None):
            # Erased data is not sent on, even a text composed before the erasure.
            raise compose.CannotCompose("the sign-up was erased")
        if not message.subject:
            compose.compose(message)
            OutgoingMessage.objects.filter(pk=message.pk).update(
                subject=message.subject, body=message.body, html_body=message.html_body, attachments=message.attachments
            )
        email = EmailMultiAlternatives(
            subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to]
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        for item in message.attachments:
            email.attach(item["filename"], item["content"], item["content_type"])
        email.send()
    except Exception as exc:  # any failure is the message's, never the caller's
        error = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
        give_up = isinstance(exc, compose.CannotCompose)
        OutgoingMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED,
            last_error=error,
            next_attempt_at=now + _backoff(message.attempts),
            # A message that can no longer be written is not retried.
            **({"attempts": settings.MESSAGE_MAX_ATTEMPTS} if give_up else {}),
        )
        return False
    OutgoingMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENT, sent_at=now, last_error="")
    return True


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="first-send")
        return _pool


def _send_in_background(pk: int) -> None:
    try:
        send_now(pk)
    finally:
        # The thread's own database connection: not left open between messages.
        connections.close_all()


def wait_for_background_sends() -> None:
    """Let the background attempts under way finish (an orderly stop, and tests)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def send_after(pk: int) -> None:
    """The first attempt for message `pk`, once the caller's transaction commits.

    robust=True: whatever goes wrong is logged, never raised into the committed request.
    """
    mode = settings.MESSAGE_FIRST_SEND
    if mode == "inline":
        transaction.on_commit(lambda: send_now(pk), robust=True)
    elif mode == "background":
        transaction.on_commit(lambda: _executor().submit(_send_in_background, pk), robust=True)
    # "worker": `manage.py send_messages` sends it.


def send_now(pk: int) -> None:
    """The attempt right after the commit: errors are recorded or logged, never raised."""
    try:
        message = OutgoingMessage.objects.filter(pk=pk).select_related("signup__group__activity").first()
        if message is not None:
            send_message(message)
    except Exception:
        logger.exception("message %s: the first attempt failed before it was recorded", pk)


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    reminders: int = 0
    cleared: int = 0

    def line(self) -> str:
        return (
            f"sent {self.sent}, failed {self.failed} (of which gave up {self.gave_up}), "
            f"reminders queued {self.reminders}, texts cleared {self.cleared}"
        )


def due_messages(now: datetime) -> Any:
    return (
        OutgoingMessage.objects.filter(
            status__in=[MessageStatus.PENDING, MessageStatus.FAILED],
            attempts__lt=settings.MESSAGE_MAX_ATTEMPTS,
            next_attempt_at__lte=now,
        )
        .select_related("signup__group__activity")
        .order_by("next_attempt_at", "id")
    )


def send_due(*, now: datetime | None = None, limit: int = 500) -> SendSummary:
    """Send pending messages and retry failed ones whose pause is over."""
    now = now or timezone.now()
    summary = SendSummary()
    for message in due_messages(now)[:limit]:
        if send_message(message, now=now):
            summary.sent += 1
        else:
            message.refresh_from_db(fields=["status", "attempts"])
            if message.status == MessageStatus.FAILED:
                summary.failed += 1
                summary.gave_up += message.attempts >= settings.MESSAGE_MAX_ATTEMPTS
    return summary


def clear_old(*, now: datetime | None = None, keep_days: int | None = None) -> int:
    """Clear the address and texts of messages sent (or given up) over `keep_days` ago,
    and at once those of erased sign-ups. The row stays as a count of what was sent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=keep_days if keep_days is not None else settings.MESSAGE_KEEP_DAYS)
    old = Q(status=MessageStatus.SENT, sent_at__lt=cutoff) | Q(
        status=MessageStatus.FAILED, attempts__gte=settings.MESSAGE_MAX_ATTEMPTS, created_at__lt=cutoff
    )
    erased = Q(signup__erased_at__isnull=False) & ~Q(status=MessageStatus.PENDING)
    return (
        OutgoingMessage.objects.filter(cleared_at__isnull=True)
        .filter(old | erased)
        .update(to="", subject="", body="", html_body="", attachments=[], context={}, cleared_at=now)
    )
