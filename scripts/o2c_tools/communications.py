"""Invoice emails (EmailMessage) and activities (Task).

The first sent email (Status 3, Incoming false) follows the posting by a median of
90 minutes. About 8% of invoices are sent a second time, about 6% get an incoming
customer reply (Incoming true, Status 1) and about 4% have a draft (Status 5) that
was never sent and may predate the approval. About 10% of MessageDate values use the
``+0000`` offset form instead of ``Z``.

Payment reminders are Tasks with Subject ``Payment Reminder <n>`` (n = 1-3), Status
Completed, Type Email (TaskSubtype Email) or Call (TaskSubtype Task). About 20% of
CompletedDateTime values are written in the owner's local offset. About 6% of
invoices also get a task that is not a reminder, completed or not started.
"""

from __future__ import annotations

from .formatting import (
    DAY,
    HOUR,
    MINUTE,
    date_of,
    format_date,
    format_datetime,
    format_datetime_offset,
)
from .injections import (
    SAME_INSTANT_EVENTS,
    SENT_BEFORE_APPROVAL,
    SHORT_IDS,
    SHORT_INVOICE_ID_ON_EMAIL,
)
from .master_data import User, pick_user
from .reference_data import NON_REMINDER_TASK_SUBJECTS
from .simulation import InvoiceState, SimulationContext

SENT = "3"
READ = "1"
DRAFT = "5"


def _write_email(
    context: SimulationContext,
    invoice: InvoiceState,
    subject: str,
    status: str,
    at: int,
    incoming: bool,
    sender: User,
    related_to: str | None = None,
) -> str:
    email_id = context.ids.new_id("02s")
    if context.chance(0.10):
        message_date = format_datetime_offset(at, 0)
    else:
        message_date = format_datetime(at)
    context.emit(
        "EmailMessage",
        [
            email_id,
            related_to or invoice.id,
            subject,
            status,
            message_date,
            "true" if incoming else "false",
            sender.id,
            "false",
            format_datetime(at),
        ],
    )
    return email_id


def _pick_sender(context: SimulationContext, at: int) -> User:
    if context.chance(0.65):
        return context.users.integration
    return pick_user(context.rng, context.users.billing, at)


def send_invoice(
    context: SimulationContext,
    invoice: InvoiceState,
    submitted_at: int,
    approved_at: int,
    posted_at: int,
) -> int | None:
    """Write the invoice's emails and return when it was first sent, if by extraction.

    Injects ``sent_before_approval`` (first email between the final submission and
    the final approval) and ``same_instant_events`` (first email at the exact
    millisecond of the final Approved step).
    """
    extracted_at = context.extracted_at
    plan = context.plan
    same_instant = False
    if approved_at - submitted_at > 2 * HOUR and plan.claim(SENT_BEFORE_APPROVAL):
        first_sent = context.between(
            submitted_at + 30 * MINUTE, approved_at - 30 * MINUTE
        )
        context.log.add_deviation(SENT_BEFORE_APPROVAL, invoice.name)
    elif plan.claim(SAME_INSTANT_EVENTS):
        first_sent = approved_at
        same_instant = True
    else:
        first_sent = posted_at + context.lognormal(90 * MINUTE, 1.0, MINUTE, 2 * DAY)
    if first_sent > extracted_at:
        return None

    subject = f"Invoice {invoice.name}"
    related_to = None
    if plan.claim(SHORT_INVOICE_ID_ON_EMAIL):
        related_to = invoice.id[:15]
    sender = _pick_sender(context, first_sent)
    email_id = _write_email(
        context, invoice, subject, SENT, first_sent, False, sender, related_to
    )
    if same_instant:
        context.log.add_defect(
            SAME_INSTANT_EVENTS,
            "EmailMessage",
            email_id,
            "MessageDate",
            format_datetime(first_sent),
            invoice.name,
        )
    if related_to is not None:
        context.log.add_defect(
            SHORT_IDS, "EmailMessage", email_id, "RelatedToId", related_to, invoice.name
        )

    if context.chance(0.08):
        resent_at = first_sent + context.between(DAY, 12 * DAY)
        if resent_at <= extracted_at:
            sender = _pick_sender(context, resent_at)
            _write_email(
                context, invoice, f"{subject} (resent)", SENT, resent_at, False, sender
            )
    if context.chance(0.06):
        reply_at = first_sent + context.between(2 * HOUR, 10 * DAY)
        if reply_at <= extracted_at:
            automated = context.users.automated_process
            _write_email(
                context, invoice, f"RE: {subject}", READ, reply_at, True, automated
            )
    if context.chance(0.04):
        draft_at = context.between(invoice.created + HOUR, first_sent + 3 * DAY)
        if draft_at <= extracted_at:
            author = pick_user(context.rng, context.users.billing, draft_at)
            _write_email(context, invoice, subject, DRAFT, draft_at, False, author)
    return first_sent


def write_task(
    context: SimulationContext,
    what_id: str,
    subject: str,
    task_type: str,
    status: str,
    created_at: int,
    completed_at: int | None,
    owner: User,
    completed_text: str | None = None,
    deleted: bool = False,
    modified_at: int | None = None,
) -> str:
    """Write one Task row and return its Id.

    ``completed_text`` replaces the formatted CompletedDateTime (for the injected
    malformed values). Without it, about 20% of completion times are written in the
    owner's local offset.
    """
    task_id = context.ids.new_id("00T")
    if completed_text is None and completed_at is not None:
        completed_text = context.format_local_or_utc(completed_at, owner, 0.20)
    activity_at = completed_at if completed_at is not None else created_at
    if modified_at is None:
        modified_at = completed_at if completed_at is not None else created_at
    context.emit(
        "Task",
        [
            task_id,
            what_id,
            subject,
            task_type,
            "Email" if task_type == "Email" else "Task",
            status,
            format_date(date_of(activity_at)),
            format_datetime(created_at),
            completed_text or "",
            owner.id,
            "true" if deleted else "false",
            format_datetime(modified_at),
        ],
    )
    return task_id


def write_reminders(
    context: SimulationContext, invoice: InvoiceState, reminder_times: list[int]
) -> None:
    """Write completed Payment Reminder tasks, numbered in time order."""
    for number, completed_at in enumerate(sorted(reminder_times), start=1):
        owner = pick_user(context.rng, context.users.collectors, completed_at)
        task_type = "Email" if context.chance(0.6) else "Call"
        created_at = completed_at - context.between(0, 3 * HOUR)
        write_task(
            context,
            invoice.id,
            f"Payment Reminder {number}",
            task_type,
            "Completed",
            created_at,
            completed_at,
            owner,
        )


def write_other_task(context: SimulationContext, invoice: InvoiceState) -> None:
    """Write, for about 6% of invoices, a task on the invoice that is not a reminder."""
    if not context.chance(0.06):
        return
    created_at = invoice.created + context.between(DAY, 40 * DAY)
    if created_at > context.extracted_at:
        return
    owner = pick_user(context.rng, context.users.receivables, created_at)
    subject = context.rng.choice(NON_REMINDER_TASK_SUBJECTS)
    task_type = "Call" if context.chance(0.5) else "Other"
    completed_at = created_at + context.between(10 * MINUTE, 2 * DAY)
    if context.chance(0.7) and completed_at <= context.extracted_at:
        write_task(
            context,
            invoice.id,
            subject,
            task_type,
            "Completed",
            created_at,
            completed_at,
            owner,
        )
    else:
        write_task(
            context,
            invoice.id,
            subject,
            task_type,
            "Not Started",
            created_at,
            None,
            owner,
        )
