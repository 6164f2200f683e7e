"""Generate a deterministic Salesforce Sales Cloud + Salesforce Billing export.

The export is what the o2c_billing dbt project reads: one file per Salesforce object
(see ``schema.OBJECT_COLUMNS``) and a ``manifest.json`` that lists row counts and
every injected defect and process deviation. The same seed and arguments always give
byte-identical files, because all randomness comes from one ``random.Random(seed)``,
nothing reads the wall clock, and rows are written in a fixed order. Invoices are
simulated one at a time and streamed to disk, so memory stays flat with the invoice
count except for the accounts (15% of the invoice count) and the manifest records.

Simulated org and timeline:

- Invoices are generated evenly over ``months`` months from ``start_date``. The
  extraction happens 30 days and 6 hours after that window ends
  (2025-01-31T06:00:00.000Z for the defaults). Nothing later is written: events
  after it are dropped, so recent invoices are still in approval, unsent or open.
  The Billing Integration user runs the extraction, so its SystemModstamp is the
  extraction moment and the maximum SystemModstamp of the export.
- 30 users: Billing Operations, Accounts Receivable, Collections, Finance and Sales
  Operations people, the Automated Process user and the Billing Integration user.
  Two people leave (IsActive false) after 55% of the window. Each person works in
  a fixed UTC offset, used when a task completion time is shown in local time.
- Accounts (15% of the invoice count, at least 20) in North America, EMEA, APAC,
  LATAM and other countries. 15% have ``2/10 Net 30`` terms, the rest Net 30/45/60
  or none (the org default, Net 30). About 0.8% are also written as an older
  version.
- Currencies follow the billing country (USD corporate; EUR, GBP, JPY, CAD, AUD,
  BRL). Monthly DatedConversionRate rows (units per 1 USD; StartDate inclusive,
  NextStartDate exclusive, the last one 9999-12-31) run from the month before the
  start through the extraction month.
- Orders, invoices, approvals, emails, reminders, payments, allocations and credit
  notes: see the docstrings of ``invoice_lifecycle``, ``approvals``,
  ``communications`` and ``settlement``. Balance = TotalAmount - net allocations -
  Posted credit notes, as of the extraction. PaymentStatus is Paid at balance 0
  (also for cancelled and fully credited invoices), Partially Paid once some cash
  is allocated, else Unpaid.

Injected data defects (standalone records, listed in the manifest; with 2,000
invoices about 3-10 each):

1. ``duplicate_versions``: an older version (same Id, older SystemModstamp, another
   value in the named field) of an Account, invoice or payment.
2. ``soft_deleted``: an extra IsDeleted ``true`` record: a deleted Payment Reminder
   task or a deleted draft invoice without children.
3. ``duplicate_history_rows``: a Draft -> Posted blng__Invoice__History row written
   twice with the same Id.
4. ``same_instant_events``: the first sent email at the same millisecond as the
   final Approved step.
5. ``short_ids``: a lookup written as a 15-character Id: blng__Account__c on an
   invoice, RelatedToId on an email, blng__Invoice__c on an allocation.
6. ``malformed_timestamps``: an extra non-reminder task whose CompletedDateTime
   cannot be parsed (``2024-02-30T25:61:00.000Z`` or ``31/01/2024 10:15``).
7. ``missing_invoice_number``: an extra draft invoice with an empty Name and no
   children.
8. ``unknown_invoice_allocations``: an extra allocation of an existing payment to a
   well-formed invoice Id that does not exist.

Injected process deviations (about 1% of invoices each):

- ``sent_before_approval``: the first sent email lies between the final submission
  and the final approval.
- ``approver_is_creator``: a Billing Operations lead generated the invoice and
  approves it; otherwise approvers never approve their own invoices.
- ``reminder_before_due_date``: a Payment Reminder completed 2-6 days before the
  due date; regular reminders start 3 days after it.

NOTE: Events of different invoices, and unrelated events of one invoice, can fall on
the same second by chance; only the injected same-instant pairs are listed.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import reference_data as ref
from .export_writer import CSV, FORMATS, ExportWriter, export_file_name
from .formatting import DAY, HOUR, add_months, format_datetime, timestamp_of
from .injections import InjectionLog, InjectionPlan
from .invoice_lifecycle import InvoiceSimulator
from .master_data import (
    UserDirectory,
    generate_accounts,
    generate_conversion_rates,
    generate_users,
)
from .salesforce_ids import IdFactory
from .schema import OBJECT_COLUMNS
from .simulation import SimulationContext

LOGGER = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
# Invoice counts from which progress is logged every 10%.
PROGRESS_LOG_MIN_INVOICES = 50_000
# The extraction follows the end of the invoice window by this much.
EXTRACTION_DELAY_SECONDS = 30 * DAY + 6 * HOUR
ACCOUNT_SHARE = 0.15
MIN_ACCOUNTS = 20


@dataclass(frozen=True)
class GeneratorConfig:
    """Arguments of one generator run."""

    out_dir: Path
    invoices: int
    seed: int
    file_format: str = CSV
    start_date: date = date(2024, 1, 1)
    months: int = 12

    def validate(self) -> None:
        """Raise ValueError naming the invalid value and the accepted range."""
        if self.invoices < 1:
            raise ValueError(f"invalid invoice count {self.invoices}: use 1 or more")
        if self.months < 1:
            raise ValueError(f"invalid month count {self.months}: use 1 or more")
        if self.file_format not in FORMATS:
            raise ValueError(
                f"invalid format {self.file_format!r}: use one of {', '.join(FORMATS)}"
            )


@dataclass(frozen=True)
class GenerationSummary:
    """Files, row counts and extraction moment of a finished run."""

    out_dir: Path
    files: tuple[str, ...]
    row_counts: dict[str, int]
    extracted_at: str

    @property
    def total_rows(self) -> int:
        """Return the number of data rows in all object files."""
        return sum(self.row_counts.values())


def output_files(file_format: str) -> tuple[str, ...]:
    """Return the names of the files a run writes, manifest last."""
    names = tuple(export_file_name(name, file_format) for name in OBJECT_COLUMNS)
    return (*names, MANIFEST_NAME)


def _invoice_created_at(
    rng: random.Random, index: int, invoices: int, start: int, window: int
) -> int:
    """Spread creation times evenly over the window, increasing with the index."""
    return start + int(window * (index + rng.random()) / invoices)


def generate_export(config: GeneratorConfig) -> GenerationSummary:
    """Write the export files and the manifest into ``config.out_dir``.

    The folder must exist. Files of the same names are overwritten.
    """
    config.validate()
    rng = random.Random(config.seed)
    ids = IdFactory(rng)
    start = timestamp_of(config.start_date)
    window = timestamp_of(add_months(config.start_date, config.months)) - start
    extracted_at = start + window + EXTRACTION_DELAY_SECONDS
    log = InjectionLog()

    writer = ExportWriter(config.out_dir, config.file_format)
    try:
        users = generate_users(rng, ids, start, extracted_at, window, writer.write)
        account_count = max(MIN_ACCOUNTS, round(config.invoices * ACCOUNT_SHARE))
        accounts = generate_accounts(
            rng, ids, account_count, start, extracted_at, log, writer.write
        )
        rates = generate_conversion_rates(
            rng, ids, config.start_date, extracted_at, writer.write
        )
        context = SimulationContext(
            rng=rng,
            ids=ids,
            users=users,
            accounts=accounts,
            rates=rates,
            plan=InjectionPlan(rng, config.invoices),
            log=log,
            extracted_at=extracted_at,
            emit=writer.write,
        )
        simulator = InvoiceSimulator(context)
        log_every = 0
        if config.invoices >= PROGRESS_LOG_MIN_INVOICES:
            log_every = config.invoices // 10
        for index in range(config.invoices):
            created = _invoice_created_at(rng, index, config.invoices, start, window)
            simulator.simulate(index, created)
            if log_every and (index + 1) % log_every == 0:
                LOGGER.info(
                    "generated %d of %d invoices (%d%%)",
                    index + 1,
                    config.invoices,
                    (index + 1) * 100 // config.invoices,
                )
    finally:
        writer.close()

    _write_manifest(
        config, writer.row_counts, format_datetime(extracted_at), users, log
    )
    return GenerationSummary(
        out_dir=config.out_dir,
        files=output_files(config.file_format),
        row_counts=dict(writer.row_counts),
        extracted_at=format_datetime(extracted_at),
    )


def _write_manifest(
    config: GeneratorConfig,
    row_counts: dict[str, int],
    extracted_at: str,
    users: UserDirectory,
    log: InjectionLog,
) -> None:
    defects, deviations = log.to_manifest()
    integration = users.integration
    manifest = {
        "seed": config.seed,
        "invoices": config.invoices,
        "start_date": config.start_date.isoformat(),
        "months": config.months,
        "extracted_at": extracted_at,
        "format": config.file_format,
        "corporate_currency": ref.CORPORATE_CURRENCY,
        "integration_users": [{"id": integration.id, "name": integration.name}],
        "objects": {
            name: {"file": export_file_name(name, config.file_format), "rows": rows}
            for name, rows in row_counts.items()
        },
        "defects": defects,
        "deviations": deviations,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (config.out_dir / MANIFEST_NAME).write_text(text, encoding="utf-8", newline="\n")
