"""Cash and credit after sending: payments, allocations, credit notes, cancellations.

About 2% of sent invoices are cancelled 2-30 days after sending: a Posted credit note
for the full amount and a Posted -> Cancelled history row, with no payments. About 4%
get a credit note (30% of them full, else 5-50% of the amount) and are paid for the
rest. Half of the invoices of accounts with ``2/10 Net 30`` terms are paid at 98%
within 10 days of the invoice date and get a 2% credit note after the allocation.
Everyone else pays by payer profile (on time, late, very late, never) with region
weights; LATAM pays late most often. About 10% pay in 2-3 partial payments.

Each payment is created as Draft and posted minutes (credit card) to days later,
which writes a Draft -> Posted history row. Its Allocation row follows the posting
by 1 hour to 4 days (cash application). For about 3% of paying invoices the first
allocation is undone by an Unallocation row 1-10 days later and allocated again.
Late payers get up to 3 Payment Reminder tasks after the due date, until paid.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import reference_data as ref
from .communications import write_reminders
from .formatting import (
    DAY,
    HOUR,
    MINUTE,
    date_of,
    format_amount,
    format_date,
    format_datetime,
)
from .injections import (
    DUPLICATE_PAYMENT_VERSION,
    DUPLICATE_VERSIONS,
    REMINDER_BEFORE_DUE_DATE,
    SHORT_IDS,
    SHORT_INVOICE_ID_ON_ALLOCATION,
    UNKNOWN_INVOICE_ALLOCATIONS,
)
from .master_data import User, pick_user
from .simulation import BalanceEvent, InvoiceState, SimulationContext

ON_TIME = "on time"
LATE = "late"
VERY_LATE = "very late"
NEVER = "never"
PAYER_PROFILES = (ON_TIME, LATE, VERY_LATE, NEVER)


@dataclass(frozen=True)
class PlannedPayment:
    """A payment the customer sends: when it is received and how much."""

    received_at: int
    cents: int


def _round_for_currency(cents: int, currency: str) -> int:
    if currency in ref.ZERO_DECIMAL_CURRENCIES:
        return round(cents / 100) * 100
    return cents


def write_credit_note(
    context: SimulationContext, invoice: InvoiceState, cents: int, at: int, author: User
) -> None:
    """Write a Posted credit note against the invoice and record its balance effect."""
    context.counters.credit_note += 1
    context.emit(
        "blng__CreditNote__c",
        [
            context.ids.new_id("a0C"),
            f"CN-{context.counters.credit_note:06d}",
            invoice.id,
            format_date(date_of(at)),
            format_amount(cents),
            "Posted",
            invoice.currency,
            format_datetime(at),
            author.id,
            "false",
            format_datetime(at),
        ],
    )
    invoice.balance_events.append(BalanceEvent(at, 0, cents))


def _cancel(context: SimulationContext, invoice: InvoiceState, first_sent: int) -> None:
    cancelled_at = first_sent + context.between(2 * DAY, 30 * DAY)
    if cancelled_at > context.extracted_at:
        return
    author = pick_user(context.rng, context.users.receivables, cancelled_at)
    credited_at = cancelled_at - context.between(MINUTE, 30 * MINUTE)
    write_credit_note(context, invoice, invoice.total_cents, credited_at, author)
    context.emit(
        "blng__Invoice__History",
        context.history_row(
            invoice.id,
            "blng__InvoiceStatus__c",
            "Posted",
            "Cancelled",
            cancelled_at,
            author,
        ),
    )
    invoice.status = "Cancelled"
    invoice.touch(cancelled_at)


def _split_payment(
    context: SimulationContext,
    invoice: InvoiceState,
    cents: int,
    final_at: int,
    earliest: int,
) -> list[PlannedPayment]:
    """Plan one payment or, for about 10% of invoices, 2-3 partial payments."""
    if not context.chance(0.10):
        return [PlannedPayment(final_at, cents)]
    parts = 2 if context.chance(0.75) else 3
    amounts = []
    remaining = cents
    for position in range(parts - 1):
        share = context.rng.uniform(0.25, 0.6) if position == 0 else 0.5
        amount = _round_for_currency(int(remaining * share), invoice.currency)
        amounts.append(amount)
        remaining -= amount
    amounts.append(remaining)

    times = [final_at]
    for _ in range(parts - 1):
        times.append(max(earliest, times[-1] - context.between(5 * DAY, 25 * DAY)))
    times.sort()
    for position in range(1, len(times)):
        if times[position] <= times[position - 1]:
            times[position] = times[position - 1] + context.between(HOUR, 2 * DAY)
    return [
        PlannedPayment(at, amount) for at, amount in zip(times, amounts, strict=True)
    ]


def _plan_by_profile(
    context: SimulationContext, invoice: InvoiceState, cents: int, earliest: int
) -> tuple[str, list[PlannedPayment]]:
    weights = ref.PAYER_PROFILES[invoice.account.country.region]
    profile = context.rng.choices(PAYER_PROFILES, weights=weights)[0]
    due_at = invoice.due_at
    if profile == NEVER:
        return profile, []
    if profile == ON_TIME:
        terms_seconds = due_at - invoice.created
        paid_at = due_at - int(context.rng.triangular(0, terms_seconds * 0.7, DAY))
    elif profile == LATE:
        paid_at = due_at + int(context.rng.triangular(DAY, 45 * DAY, 8 * DAY))
    else:
        paid_at = due_at + int(context.rng.triangular(46 * DAY, 150 * DAY, 60 * DAY))
    paid_at = max(paid_at, earliest) + context.between(0, 10 * HOUR)
    return profile, _split_payment(context, invoice, cents, paid_at, earliest)


def _reminder_times(
    context: SimulationContext,
    invoice: InvoiceState,
    profile: str,
    payments: list[PlannedPayment],
    first_sent: int,
) -> list[int]:
    """Plan reminders after the due date until the last payment arrives (max 3)."""
    settled_at = payments[-1].received_at if payments else None
    times = []
    early = None
    if invoice.due_at - 2 * DAY > first_sent + DAY and context.plan.wants(
        REMINDER_BEFORE_DUE_DATE
    ):
        low = max(first_sent + DAY, invoice.due_at - 6 * DAY)
        early = context.between(low, invoice.due_at - 2 * DAY)
        first_paid_at = payments[0].received_at if payments else None
        fits = early <= context.extracted_at and (
            first_paid_at is None or early < first_paid_at
        )
        if fits and context.plan.claim(REMINDER_BEFORE_DUE_DATE):
            context.log.add_deviation(REMINDER_BEFORE_DUE_DATE, invoice.name)
            times.append(early)
    if profile in (LATE, VERY_LATE, NEVER):
        for number in range(3):
            at = (
                invoice.due_at
                + (3 + 10 * number) * DAY
                + context.between(9 * HOUR, 3 * DAY)
            )
            if settled_at is not None and at >= settled_at:
                break
            if at > context.extracted_at:
                break
            times.append(at)
    return times[:3]


def _write_allocation(
    context: SimulationContext,
    invoice: InvoiceState,
    payment_id: str,
    cents: int,
    allocation_type: str,
    at: int,
    author: User,
    invoice_reference: str | None = None,
) -> str:
    allocation_id = context.ids.new_id("a0A")
    context.emit(
        "blng__PaymentAllocationInvoice__c",
        [
            allocation_id,
            payment_id,
            invoice_reference or invoice.id,
            format_amount(cents),
            allocation_type,
            format_datetime(at),
            author.id,
            "false",
            format_datetime(at),
        ],
    )
    return allocation_id


def _payment_creator(context: SimulationContext, method: str, at: int) -> User:
    if method in ("Wire Transfer", "ACH"):
        return context.users.integration
    if method == "Credit Card":
        return context.users.automated_process
    return pick_user(context.rng, context.users.receivables, at)


def _allocate(
    context: SimulationContext,
    invoice: InvoiceState,
    payment_id: str,
    cents: int,
    posted_at: int,
    with_unallocation: bool,
) -> int | None:
    """Write the allocations of one posted payment; return the last allocation time."""
    extracted_at = context.extracted_at
    allocated_at = posted_at + context.lognormal(10 * HOUR, 1.0, HOUR, 4 * DAY)
    if allocated_at > extracted_at:
        return None
    author = pick_user(context.rng, context.users.receivables, allocated_at)
    reference = None
    if context.plan.claim(SHORT_INVOICE_ID_ON_ALLOCATION):
        reference = invoice.id[:15]
    allocation_id = _write_allocation(
        context,
        invoice,
        payment_id,
        cents,
        "Allocation",
        allocated_at,
        author,
        reference,
    )
    if reference is not None:
        context.log.add_defect(
            SHORT_IDS,
            "blng__PaymentAllocationInvoice__c",
            allocation_id,
            "blng__Invoice__c",
            reference,
            invoice.name,
        )
    invoice.balance_events.append(BalanceEvent(allocated_at, cents, 0))
    last_at = allocated_at

    if with_unallocation:
        unallocated_at = allocated_at + context.between(DAY, 10 * DAY)
        if unallocated_at <= extracted_at:
            _write_allocation(
                context,
                invoice,
                payment_id,
                cents,
                "Unallocation",
                unallocated_at,
                author,
            )
            invoice.balance_events.append(BalanceEvent(unallocated_at, -cents, 0))
            last_at = unallocated_at
            reallocated_at = unallocated_at + context.between(2 * HOUR, 2 * DAY)
            if reallocated_at <= extracted_at:
                _write_allocation(
                    context,
                    invoice,
                    payment_id,
                    cents,
                    "Allocation",
                    reallocated_at,
                    author,
                )
                invoice.balance_events.append(BalanceEvent(reallocated_at, cents, 0))
                last_at = reallocated_at

    orphan_at = allocated_at + context.between(MINUTE, 2 * HOUR)
    if orphan_at <= extracted_at and context.plan.claim(UNKNOWN_INVOICE_ALLOCATIONS):
        unknown_invoice_id = context.ids.new_id("a0I")
        orphan_id = _write_allocation(
            context,
            invoice,
            payment_id,
            max(100, cents // 50),
            "Allocation",
            orphan_at,
            author,
            unknown_invoice_id,
        )
        context.log.add_defect(
            UNKNOWN_INVOICE_ALLOCATIONS,
            "blng__PaymentAllocationInvoice__c",
            orphan_id,
            "blng__Invoice__c",
            unknown_invoice_id,
        )
    return last_at


def _write_payment(
    context: SimulationContext,
    invoice: InvoiceState,
    payment: PlannedPayment,
    with_unallocation: bool,
) -> int | None:
    """Write a payment, its history and allocations; return its allocation time."""
    extracted_at = context.extracted_at
    received_at = payment.received_at
    method = invoice.payment_method
    creator = _payment_creator(context, method, received_at)
    if method == "Credit Card":
        posted_at = received_at + context.between(5 * MINUTE, 2 * HOUR)
    else:
        posted_at = received_at + context.between(HOUR, 3 * DAY)
    is_posted = posted_at <= extracted_at

    payment_id = context.ids.new_id("a0P")
    context.counters.payment += 1
    allocated_at = None
    modified_at = received_at
    if is_posted:
        poster = (
            creator
            if creator is not context.users.integration
            else context.users.automated_process
        )
        context.emit(
            "blng__Payment__History",
            context.history_row(
                payment_id, "blng__Status__c", "Draft", "Posted", posted_at, poster
            ),
        )
        modified_at = posted_at
        allocated_at = _allocate(
            context, invoice, payment_id, payment.cents, posted_at, with_unallocation
        )
    row = [
        payment_id,
        f"PAY-{context.counters.payment:07d}",
        invoice.account.id,
        invoice.id,
        format_amount(payment.cents),
        format_date(date_of(received_at)),
        method,
        "Posted" if is_posted else "Draft",
        invoice.currency,
        format_datetime(received_at),
        creator.id,
        "false",
        format_datetime(modified_at),
    ]
    context.emit("blng__Payment__c", row)
    if is_posted and context.plan.claim(DUPLICATE_PAYMENT_VERSION):
        older = list(row)
        older[7] = "Draft"
        older[12] = format_datetime(received_at)
        context.emit("blng__Payment__c", older)
        context.log.add_defect(
            DUPLICATE_VERSIONS,
            "blng__Payment__c",
            payment_id,
            "blng__Status__c",
            "Draft",
        )
    return allocated_at


def settle_invoice(
    context: SimulationContext, invoice: InvoiceState, first_sent: int
) -> None:
    """Write what happens to a sent invoice until the extraction moment."""
    roll = context.rng.random()
    if roll < 0.02:
        _cancel(context, invoice, first_sent)
        return

    remaining = invoice.total_cents
    earliest = first_sent + DAY
    if roll < 0.06:
        credited_at = first_sent + context.between(2 * DAY, 25 * DAY)
        if context.chance(0.3):
            credit = invoice.total_cents
        else:
            share = context.rng.uniform(0.05, 0.5)
            credit = _round_for_currency(
                int(invoice.total_cents * share), invoice.currency
            )
        remaining -= credit
        earliest = max(earliest, credited_at + DAY)
        if credited_at <= context.extracted_at:
            author = pick_user(context.rng, context.users.receivables, credited_at)
            write_credit_note(context, invoice, credit, credited_at, author)

    discount_deadline = invoice.created + (ref.DISCOUNT_DAYS - 1) * DAY
    takes_discount = (
        invoice.account.has_discount_terms
        and remaining == invoice.total_cents
        and discount_deadline - first_sent > DAY
        and context.chance(0.5)
    )
    if takes_discount:
        profile = ON_TIME
        paid = _round_for_currency(
            invoice.total_cents * (100 - ref.DISCOUNT_PERCENT) // 100, invoice.currency
        )
        payments = [
            PlannedPayment(
                context.between(first_sent + 2 * HOUR, discount_deadline), paid
            )
        ]
    elif remaining > 0:
        profile, payments = _plan_by_profile(context, invoice, remaining, earliest)
    else:
        profile, payments = ON_TIME, []

    write_reminders(
        context,
        invoice,
        _reminder_times(context, invoice, profile, payments, first_sent),
    )
    unallocates = bool(payments) and context.chance(0.03)
    for position, payment in enumerate(payments):
        if payment.received_at > context.extracted_at:
            break
        allocated_at = _write_payment(
            context, invoice, payment, unallocates and position == 0
        )
        if takes_discount and allocated_at is not None:
            credited_at = allocated_at + context.between(10 * MINUTE, DAY)
            if credited_at <= context.extracted_at:
                author = pick_user(context.rng, context.users.receivables, credited_at)
                discount = invoice.total_cents - payment.cents
                write_credit_note(context, invoice, discount, credited_at, author)
