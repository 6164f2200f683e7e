"""Schedule and record of the injected data defects and process deviations.

Each kind gets a fixed number of target invoice positions, drawn once from the seeded
generator. When the simulation reaches a position the injection becomes pending, and
the first later invoice where it fits claims it. An invoice claims at most one
injection, so no injected problem overlaps another one.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field

# Defect kinds as written to the manifest.
DUPLICATE_VERSIONS = "duplicate_versions"
SOFT_DELETED = "soft_deleted"
DUPLICATE_HISTORY_ROWS = "duplicate_history_rows"
SAME_INSTANT_EVENTS = "same_instant_events"
SHORT_IDS = "short_ids"
MALFORMED_TIMESTAMPS = "malformed_timestamps"
MISSING_INVOICE_NUMBER = "missing_invoice_number"
UNKNOWN_INVOICE_ALLOCATIONS = "unknown_invoice_allocations"
DEFECT_KINDS: tuple[str, ...] = (
    DUPLICATE_VERSIONS,
    SOFT_DELETED,
    DUPLICATE_HISTORY_ROWS,
    SAME_INSTANT_EVENTS,
    SHORT_IDS,
    MALFORMED_TIMESTAMPS,
    MISSING_INVOICE_NUMBER,
    UNKNOWN_INVOICE_ALLOCATIONS,
)

# Deviation kinds as written to the manifest.
SENT_BEFORE_APPROVAL = "sent_before_approval"
APPROVER_IS_CREATOR = "approver_is_creator"
REMINDER_BEFORE_DUE_DATE = "reminder_before_due_date"
DEVIATION_KINDS: tuple[str, ...] = (
    SENT_BEFORE_APPROVAL,
    APPROVER_IS_CREATOR,
    REMINDER_BEFORE_DUE_DATE,
)

# Scheduled injections per invoice. Some defect kinds are split into several
# injections (one per object or field) so that every variant appears.
DUPLICATE_INVOICE_VERSION = "duplicate_invoice_version"
DUPLICATE_PAYMENT_VERSION = "duplicate_payment_version"
SHORT_ACCOUNT_ID_ON_INVOICE = "short_account_id_on_invoice"
SHORT_INVOICE_ID_ON_EMAIL = "short_invoice_id_on_email"
SHORT_INVOICE_ID_ON_ALLOCATION = "short_invoice_id_on_allocation"

# Share of invoices per scheduled injection. With 2,000 invoices this gives about 3
# of each defect variant (6-10 per defect kind) and 20 of each deviation.
INJECTION_RATES: dict[str, float] = {
    DUPLICATE_INVOICE_VERSION: 0.0015,
    DUPLICATE_PAYMENT_VERSION: 0.0015,
    SOFT_DELETED: 0.003,
    DUPLICATE_HISTORY_ROWS: 0.0025,
    SAME_INSTANT_EVENTS: 0.0025,
    SHORT_ACCOUNT_ID_ON_INVOICE: 0.0015,
    SHORT_INVOICE_ID_ON_EMAIL: 0.0015,
    SHORT_INVOICE_ID_ON_ALLOCATION: 0.0015,
    MALFORMED_TIMESTAMPS: 0.0025,
    MISSING_INVOICE_NUMBER: 0.002,
    UNKNOWN_INVOICE_ALLOCATIONS: 0.0025,
    SENT_BEFORE_APPROVAL: 0.01,
    APPROVER_IS_CREATOR: 0.01,
    REMINDER_BEFORE_DUE_DATE: 0.01,
}
# Share of accounts written twice with an older version.
DUPLICATE_ACCOUNT_VERSION_RATE = 0.008


def scheduled_count(rate: float, population: int) -> int:
    """Return how many injections a rate gives: at least one, at most the population."""
    return min(population, max(1, round(rate * population)))


class InjectionPlan:
    """Decide, invoice by invoice, which injection the current invoice should carry."""

    def __init__(self, rng: random.Random, invoices: int) -> None:
        self._targets: dict[str, deque[int]] = {}
        self._pending: dict[str, int] = {}
        for kind, rate in INJECTION_RATES.items():
            positions = rng.sample(range(invoices), scheduled_count(rate, invoices))
            self._targets[kind] = deque(sorted(positions))
            self._pending[kind] = 0
        self._claimed = False

    def start_invoice(self, index: int) -> None:
        """Make the injections due at or before this invoice position pending."""
        self._claimed = False
        for kind, targets in self._targets.items():
            while targets and targets[0] <= index:
                targets.popleft()
                self._pending[kind] += 1

    def wants(self, kind: str) -> bool:
        """Tell whether the current invoice may still take an injection of this kind."""
        return not self._claimed and self._pending[kind] > 0

    def claim(self, kind: str) -> bool:
        """Take a pending injection of this kind for the current invoice, if allowed."""
        if not self.wants(kind):
            return False
        self._pending[kind] -= 1
        self._claimed = True
        return True


@dataclass
class InjectionLog:
    """Every injected defect record and deviating invoice, for the manifest."""

    defects: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {kind: [] for kind in DEFECT_KINDS}
    )
    deviations: dict[str, list[str]] = field(
        default_factory=lambda: {kind: [] for kind in DEVIATION_KINDS}
    )

    def add_defect(
        self,
        kind: str,
        object_name: str,
        record_id: str,
        field_name: str | None = None,
        value: str | None = None,
        invoice: str | None = None,
    ) -> None:
        """Record one defective record; field and value name the defective field."""
        record = {"object": object_name, "id": record_id}
        if field_name is not None:
            record["field"] = field_name
            record["value"] = "" if value is None else value
        if invoice is not None:
            record["invoice"] = invoice
        self.defects[kind].append(record)

    def add_deviation(self, kind: str, invoice_name: str) -> None:
        """Record one invoice that carries a process deviation."""
        self.deviations[kind].append(invoice_name)

    def to_manifest(self) -> tuple[dict[str, object], dict[str, object]]:
        """Return the manifest's defects and deviations sections."""
        defects = {
            kind: {"count": len(records), "records": records}
            for kind, records in self.defects.items()
        }
        deviations = {
            kind: {"count": len(names), "invoices": names}
            for kind, names in self.deviations.items()
        }
        return defects, deviations
