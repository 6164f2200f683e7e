"""Invoice approval: ProcessInstance and ProcessInstanceStep rows.

Every invoice is submitted for approval by its owner (or by the person who created
it). The first submission is rejected for about 5% of invoices and recalled
(Removed) for about 3%. The submitter then resubmits it as a new ProcessInstance,
which is approved. Approved instances have one Approved step, with exceptions. About
5% have two Approved steps by different approvers. About 3% are reassigned first, so
a Reassigned step by the original approver precedes the approval. About 2% have a
NoResponse step of a second approver one second after the approval. About 0.4% of
invoices stall, and their instance stays Pending. Approval takes a median of 3 days
in APAC and 1 day elsewhere. Steps after the extraction are not written, and an
instance whose outcome comes after it is Pending with an empty CompletedDate.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import reference_data as ref
from .formatting import DAY, HOUR, MINUTE, format_datetime
from .injections import APPROVER_IS_CREATOR
from .master_data import User, pick_user
from .simulation import InvoiceState, SimulationContext

STARTED = "Started"
APPROVED = "Approved"
REJECTED = "Rejected"
REMOVED = "Removed"
PENDING = "Pending"
REASSIGNED = "Reassigned"
NO_RESPONSE = "NoResponse"


@dataclass(frozen=True)
class ApprovalResult:
    """Final submission and approval times of an invoice approved by extraction."""

    submitted_at: int
    approved_at: int


@dataclass(frozen=True)
class _Step:
    status: str
    actor: User
    original_actor: User
    comments: str
    at: int


def _write_instance(
    context: SimulationContext,
    invoice: InvoiceState,
    submitter: User,
    submitted_at: int,
    steps: list[_Step],
    outcome: str,
    outcome_at: int,
) -> None:
    """Write one instance and its steps, cutting both at the extraction moment."""
    extracted_at = context.extracted_at
    instance_id = context.ids.new_id("04g")
    completed = outcome != PENDING and outcome_at <= extracted_at
    status = outcome if completed else PENDING
    context.emit(
        "ProcessInstance",
        [
            instance_id,
            invoice.id,
            status,
            format_datetime(submitted_at),
            format_datetime(outcome_at) if completed else "",
            submitter.id,
            "false",
            format_datetime(outcome_at if completed else submitted_at),
        ],
    )
    for step in steps:
        if step.at > extracted_at:
            continue
        context.emit(
            "ProcessInstanceStep",
            [
                context.ids.new_id("04h"),
                instance_id,
                step.status,
                step.actor.id,
                step.original_actor.id,
                step.comments,
                format_datetime(step.at),
                format_datetime(step.at),
            ],
        )


def _approved_steps(
    context: SimulationContext,
    invoice: InvoiceState,
    submitter: User,
    submitted_at: int,
    decided_at: int,
    median: int,
) -> list[_Step]:
    """Build the steps of an approved instance, ending with the final approval."""
    users = context.users.approvers
    exclude = (invoice.creator.id, submitter.id)
    if (
        decided_at <= context.extracted_at
        and invoice.created_by_person
        and invoice.creator in context.users.approvers
        and context.plan.claim(APPROVER_IS_CREATOR)
    ):
        context.log.add_deviation(APPROVER_IS_CREATOR, invoice.name)
        creator = invoice.creator
        return [_Step(APPROVED, creator, creator, "Approved", decided_at)]

    approver = pick_user(context.rng, users, decided_at, exclude)
    variant = context.rng.random()
    if variant < 0.05:
        second_at = decided_at + context.lognormal(
            median / 2, 0.7, 10 * MINUTE, 10 * DAY
        )
        second = pick_user(context.rng, users, second_at, (*exclude, approver.id))
        return [
            _Step(APPROVED, approver, approver, "Approved, first level", decided_at),
            _Step(APPROVED, second, second, "Approved, second level", second_at),
        ]
    if variant < 0.08:
        reassigned_at = submitted_at + (decided_at - submitted_at) * 2 // 5
        original = pick_user(context.rng, users, reassigned_at, (*exclude, approver.id))
        return [
            _Step(REASSIGNED, original, original, "Out of office", reassigned_at),
            _Step(APPROVED, approver, original, "Approved", decided_at),
        ]
    if variant < 0.10:
        silent = pick_user(context.rng, users, decided_at, (*exclude, approver.id))
        return [
            _Step(APPROVED, approver, approver, "Approved", decided_at),
            _Step(NO_RESPONSE, silent, silent, "", decided_at + 1),
        ]
    return [_Step(APPROVED, approver, approver, "Approved", decided_at)]


def simulate_approvals(
    context: SimulationContext, invoice: InvoiceState
) -> ApprovalResult | None:
    """Write the approval history of an invoice.

    Returns the final submission and approval times, or None when the invoice is not
    approved by the extraction moment.
    """
    rng = context.rng
    submitter = invoice.creator if invoice.created_by_person else invoice.owner
    submitted_at = invoice.created + context.lognormal(
        2 * HOUR, 1.0, 5 * MINUTE, 3 * DAY
    )
    median = 3 * DAY if invoice.account.country.region == ref.APAC else DAY
    stalls = context.chance(0.004)
    attempt = 0
    while submitted_at <= context.extracted_at:
        started = _Step(STARTED, submitter, submitter, "", submitted_at)
        decided_at = submitted_at + context.lognormal(
            median, 0.7, 10 * MINUTE, 30 * DAY
        )
        roll = rng.random()
        if stalls:
            _write_instance(
                context,
                invoice,
                submitter,
                submitted_at,
                [started],
                PENDING,
                decided_at,
            )
            return None

        if attempt == 0 and roll < 0.08:
            approver = pick_user(
                rng,
                context.users.approvers,
                decided_at,
                (invoice.creator.id, submitter.id),
            )
            if roll < 0.05:
                comment = rng.choice(ref.REJECTION_COMMENTS)
                outcome = _Step(REJECTED, approver, approver, comment, decided_at)
            else:
                comment = rng.choice(ref.RECALL_COMMENTS)
                outcome = _Step(REMOVED, submitter, approver, comment, decided_at)
            _write_instance(
                context,
                invoice,
                submitter,
                submitted_at,
                [started, outcome],
                outcome.status,
                decided_at,
            )
            submitted_at = decided_at + context.lognormal(
                6 * HOUR, 1.0, 15 * MINUTE, 5 * DAY
            )
            attempt += 1
            continue

        steps = [
            started,
            *_approved_steps(
                context, invoice, submitter, submitted_at, decided_at, median
            ),
        ]
        approved_at = max(step.at for step in steps if step.status == APPROVED)
        completed_at = max(step.at for step in steps)
        _write_instance(
            context, invoice, submitter, submitted_at, steps, APPROVED, completed_at
        )
        if approved_at > context.extracted_at:
            return None
        return ApprovalResult(submitted_at=submitted_at, approved_at=approved_at)
    return None
