"""Users, accounts and dated conversion rates of the simulated org."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from . import reference_data as ref
from .formatting import (
    DAY,
    HOUR,
    add_months,
    format_bool,
    format_date,
    format_datetime,
    timestamp_of,
)
from .injections import (
    DUPLICATE_ACCOUNT_VERSION_RATE,
    DUPLICATE_VERSIONS,
    InjectionLog,
    scheduled_count,
)
from .salesforce_ids import IdFactory

Emit = Callable[[str, list[str]], None]

AUTOMATED_PROCESS_NAME = "Automated Process"
INTEGRATION_USER_NAME = "Billing Integration"


@dataclass(frozen=True)
class User:
    """A Salesforce user and the time range in which it can act."""

    id: str
    name: str
    department: str
    offset_minutes: int
    active_until: int | None = None


@dataclass(frozen=True)
class Account:
    """A customer account and the billing settings invoices inherit from it."""

    id: str
    name: str
    country: ref.Country
    terms_label: str
    terms_days: int
    has_discount_terms: bool
    billing_department: str
    preferred_method: str


@dataclass
class UserDirectory:
    """Users grouped by the work they do in the billing process."""

    automated_process: User
    integration: User
    billing: tuple[User, ...]
    leads: tuple[User, ...]
    approvers: tuple[User, ...]
    collectors: tuple[User, ...]
    receivables: tuple[User, ...]
    sales_operations: tuple[User, ...]


def pick_weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    """Pick a label from (label, weight) pairs."""
    labels = [label for label, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(labels, weights=weights)[0]


def pick_user(
    rng: random.Random, users: Sequence[User], at: int, exclude: Sequence[str] = ()
) -> User:
    """Pick a user of the group who is active at the timestamp and not excluded."""
    candidates = [
        user
        for user in users
        if (user.active_until is None or at < user.active_until)
        and user.id not in exclude
    ]
    return rng.choice(candidates)


def generate_users(
    rng: random.Random,
    ids: IdFactory,
    start: int,
    extracted_at: int,
    window_seconds: int,
    emit: Emit,
) -> UserDirectory:
    """Write the User rows and return the users grouped by role.

    One Billing Operations user and one Collections user leave the company after 55%
    of the invoice window, so they are inactive and act only before that moment.
    """
    names = rng.sample(
        [f"{first} {last}" for first in ref.FIRST_NAMES for last in ref.LAST_NAMES],
        sum(count for _, count in ref.USER_DEPARTMENTS),
    )
    leaving_at = start + int(window_seconds * 0.55)
    by_department: dict[str, list[User]] = {}
    name_index = 0
    for department, count in ref.USER_DEPARTMENTS:
        members = []
        for position in range(count):
            leaves = position == count - 1 and department in (
                "Billing Operations",
                "Collections",
            )
            user = User(
                id=ids.new_id("005"),
                name=names[name_index],
                department=department,
                offset_minutes=rng.choice(ref.USER_OFFSETS_MINUTES),
                active_until=leaving_at if leaves else None,
            )
            name_index += 1
            members.append(user)
            created = start - rng.randint(120, 1100) * DAY - rng.randint(0, DAY - 1)
            modified = user.active_until or rng.randint(created, start)
            emit(
                "User",
                [
                    user.id,
                    user.name,
                    department,
                    format_bool(user.active_until is None),
                    "Standard",
                    format_datetime(created),
                    format_datetime(modified),
                ],
            )
        by_department[department] = members

    system_created = start - 1500 * DAY + 9 * HOUR
    automated = User(ids.new_id("005"), AUTOMATED_PROCESS_NAME, "", 0)
    emit(
        "User",
        [
            automated.id,
            automated.name,
            "",
            "true",
            "AutomatedProcess",
            format_datetime(system_created),
            format_datetime(system_created),
        ],
    )
    # The integration user runs the extraction, so its record carries the latest
    # SystemModstamp of the export, which defines the extraction moment.
    integration = User(
        ids.new_id("005"), INTEGRATION_USER_NAME, "Billing Operations", 0
    )
    emit(
        "User",
        [
            integration.id,
            integration.name,
            integration.department,
            "true",
            "Standard",
            format_datetime(system_created + 30 * DAY),
            format_datetime(extracted_at),
        ],
    )

    billing = tuple(by_department["Billing Operations"])
    leads = billing[: ref.BILLING_LEADS]
    return UserDirectory(
        automated_process=automated,
        integration=integration,
        billing=billing,
        leads=leads,
        approvers=tuple(by_department["Finance"]) + leads,
        collectors=tuple(
            by_department["Collections"] + by_department["Accounts Receivable"]
        ),
        receivables=tuple(by_department["Accounts Receivable"]),
        sales_operations=tuple(by_department["Sales Operations"]),
    )


def _company_name(rng: random.Random, country: ref.Country) -> str:
    stem = rng.choice(ref.COMPANY_STEMS)
    industry = rng.choice(ref.COMPANY_INDUSTRIES)
    return f"{stem} {industry}{rng.choice(country.company_suffixes)}"


def generate_accounts(
    rng: random.Random,
    ids: IdFactory,
    count: int,
    start: int,
    extracted_at: int,
    log: InjectionLog,
    emit: Emit,
) -> list[Account]:
    """Write the Account rows, with the injected older versions, and return them."""
    countries = ref.COUNTRIES
    country_weights = [country.weight for country in countries]
    terms_weights = [weight for _, _, weight in ref.ACCOUNT_TERMS]
    older_version_positions = set(
        rng.sample(range(count), scheduled_count(DUPLICATE_ACCOUNT_VERSION_RATE, count))
    )
    accounts = []
    for position in range(count):
        country = rng.choices(countries, weights=country_weights)[0]
        terms_label, terms_days, _ = rng.choices(
            ref.ACCOUNT_TERMS, weights=terms_weights
        )[0]
        account = Account(
            id=ids.new_id("001"),
            name=_company_name(rng, country),
            country=country,
            terms_label=terms_label,
            terms_days=terms_days,
            has_discount_terms=terms_label == ref.DISCOUNT_TERMS,
            billing_department=pick_weighted(rng, ref.BILLING_DEPARTMENTS),
            preferred_method=pick_weighted(rng, ref.PAYMENT_METHODS),
        )
        accounts.append(account)
        created = start - rng.randint(30, 1500) * DAY - rng.randint(0, DAY - 1)
        modified = rng.randint(created + HOUR, extracted_at - DAY)
        row = [
            account.id,
            account.name,
            country.name,
            country.code,
            "false",
            format_datetime(created),
            format_datetime(modified),
            terms_label,
        ]
        if position not in older_version_positions:
            emit("Account", row)
            continue

        # Older version: same Id, earlier SystemModstamp, different terms. It is
        # written after the current version so file order does not reveal it.
        older_terms = "Net 45" if terms_label != "Net 45" else "Net 30"
        older = list(row)
        older[6] = format_datetime(rng.randint(created, modified - 1))
        older[7] = older_terms
        emit("Account", row)
        emit("Account", older)
        log.add_defect(
            DUPLICATE_VERSIONS, "Account", account.id, "Payment_Terms__c", older_terms
        )
    return accounts


@dataclass
class ConversionRates:
    """Monthly units of each non-corporate currency per 1 USD."""

    by_month: dict[tuple[str, int, int], float]

    def rate(self, currency: str, day: date) -> float:
        """Return the rate in effect on a day; 1.0 for the corporate currency."""
        if currency == ref.CORPORATE_CURRENCY:
            return 1.0
        return self.by_month[(currency, day.year, day.month)]


def generate_conversion_rates(
    rng: random.Random,
    ids: IdFactory,
    start_day: date,
    extracted_at: int,
    emit: Emit,
) -> ConversionRates:
    """Write monthly DatedConversionRate rows and return the rates.

    Rows run from the month before the start through the month of the extraction.
    Finance loads each rate two days before it starts, and loading it sets the
    previous row's NextStartDate, which updates that row's SystemModstamp.
    """
    first_month = add_months(start_day.replace(day=1), -1)
    months = []
    month = first_month
    while timestamp_of(month) <= extracted_at:
        months.append(month)
        month = add_months(month, 1)

    by_month = {}
    for currency in ref.NON_CORPORATE_CURRENCIES:
        rate = ref.BASE_CONVERSION_RATES[currency]
        loads = [timestamp_of(month) - 2 * DAY + 9 * HOUR for month in months]
        for position, month in enumerate(months):
            rate *= math.exp(rng.gauss(0.0, 0.015))
            rounded = round(rate, 6)
            by_month[(currency, month.year, month.month)] = rounded
            is_last = position == len(months) - 1
            next_start = "9999-12-31" if is_last else format_date(months[position + 1])
            modified = loads[position] if is_last else loads[position + 1]
            emit(
                "DatedConversionRate",
                [
                    ids.new_id("04w"),
                    currency,
                    f"{rounded:.6f}",
                    format_date(month),
                    next_start,
                    format_datetime(min(modified, extracted_at)),
                ],
            )
    return ConversionRates(by_month)
