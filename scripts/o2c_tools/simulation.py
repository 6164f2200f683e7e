"""Shared state of one generator run and of the invoice being simulated."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from .formatting import format_datetime, format_datetime_offset
from .injections import InjectionLog, InjectionPlan
from .master_data import Account, ConversionRates, Emit, User, UserDirectory
from .salesforce_ids import IdFactory


@dataclass
class Counters:
    """Last auto-number issued per numbered object."""

    invoice: int = 0
    order: int = 0
    payment: int = 0
    credit_note: int = 0


@dataclass
class SimulationContext:
    """Everything the per-invoice simulation reads and writes."""

    rng: random.Random
    ids: IdFactory
    users: UserDirectory
    accounts: list[Account]
    rates: ConversionRates
    plan: InjectionPlan
    log: InjectionLog
    extracted_at: int
    emit: Emit
    counters: Counters = field(default_factory=Counters)

    def between(self, low: int, high: int) -> int:
        """Return a uniformly drawn whole number of seconds in [low, high]."""
        return self.rng.randint(low, high)

    def lognormal(self, median: float, sigma: float, low: int, high: int) -> int:
        """Return a log-normal duration in seconds around the median, clamped."""
        value = median * math.exp(self.rng.gauss(0.0, sigma))
        return int(min(max(value, low), high))

    def chance(self, probability: float) -> bool:
        """Return True with the given probability."""
        return self.rng.random() < probability

    def history_row(
        self, parent_id: str, field_name: str, old: str, new: str, at: int, by: User
    ) -> list[str]:
        """Build a field history row (Id prefix 017, shared by all history objects)."""
        return [
            self.ids.new_id("017"),
            parent_id,
            field_name,
            old,
            new,
            format_datetime(at),
            by.id,
            "false",
        ]

    def format_local_or_utc(self, at: int, user: User, local_share: float) -> str:
        """Format in the user's local offset for a share of rows, else in UTC."""
        if user.offset_minutes != 0 and self.chance(local_share):
            return format_datetime_offset(at, user.offset_minutes)
        return format_datetime(at)


@dataclass
class BalanceEvent:
    """A change of the invoice balance: an allocation, unallocation or credit note."""

    at: int
    paid_delta: int
    credit_delta: int


@dataclass
class InvoiceState:
    """State of the invoice being simulated, as of the extraction moment."""

    id: str
    name: str
    account: Account
    order_id: str
    created: int
    creator: User
    owner: User
    currency: str
    total_cents: int
    invoice_date: date
    due_date: date
    due_at: int
    terms_shown: str
    payment_method: str
    created_by_person: bool
    status: str = "Draft"
    modified: int = 0
    balance_events: list[BalanceEvent] = field(default_factory=list)

    def touch(self, at: int) -> None:
        """Move SystemModstamp forward to a change at the given time."""
        self.modified = max(self.modified, at)
