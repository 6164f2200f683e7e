"""Build small Salesforce export folders for tests, in the format the project reads."""

from __future__ import annotations

import csv
from pathlib import Path

# Header of each object's file, in the order the bundled sample writes them.
OBJECT_COLUMNS: dict[str, list[str]] = {
    "User": [
        "Id",
        "Name",
        "Department",
        "IsActive",
        "UserType",
        "CreatedDate",
        "SystemModstamp",
    ],
    "Account": [
        "Id",
        "Name",
        "BillingCountry",
        "BillingCountryCode",
        "IsDeleted",
        "CreatedDate",
        "SystemModstamp",
        "Payment_Terms__c",
    ],
    "Order": [
        "Id",
        "OrderNumber",
        "AccountId",
        "Status",
        "EffectiveDate",
        "ActivatedDate",
        "CreatedDate",
        "IsDeleted",
        "SystemModstamp",
    ],
    "OrderHistory": [
        "Id",
        "OrderId",
        "Field",
        "OldValue",
        "NewValue",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
    ],
    "blng__Invoice__c": [
        "Id",
        "Name",
        "blng__Account__c",
        "blng__Order__c",
        "blng__InvoiceDate__c",
        "blng__DueDate__c",
        "blng__InvoiceStatus__c",
        "blng__PaymentStatus__c",
        "blng__TotalAmount__c",
        "blng__Balance__c",
        "blng__PaymentMethod__c",
        "CurrencyIsoCode",
        "OwnerId",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
        "SystemModstamp",
        "Payment_Terms__c",
        "Billing_Department__c",
    ],
    "blng__Invoice__History": [
        "Id",
        "ParentId",
        "Field",
        "OldValue",
        "NewValue",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
    ],
    "blng__Payment__c": [
        "Id",
        "Name",
        "blng__Account__c",
        "blng__Invoice__c",
        "blng__Amount__c",
        "blng__PaymentDate__c",
        "blng__PaymentType__c",
        "blng__Status__c",
        "CurrencyIsoCode",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
        "SystemModstamp",
    ],
    "blng__Payment__History": [
        "Id",
        "ParentId",
        "Field",
        "OldValue",
        "NewValue",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
    ],
    "blng__PaymentAllocationInvoice__c": [
        "Id",
        "blng__Payment__c",
        "blng__Invoice__c",
        "blng__Amount__c",
        "blng__Type__c",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
        "SystemModstamp",
    ],
    "blng__CreditNote__c": [
        "Id",
        "Name",
        "blng__RelatedInvoice__c",
        "blng__CreditNoteDate__c",
        "blng__TotalAmount__c",
        "blng__Status__c",
        "CurrencyIsoCode",
        "CreatedDate",
        "CreatedById",
        "IsDeleted",
        "SystemModstamp",
    ],
    "ProcessInstance": [
        "Id",
        "TargetObjectId",
        "Status",
        "CreatedDate",
        "CompletedDate",
        "SubmittedById",
        "IsDeleted",
        "SystemModstamp",
    ],
    "ProcessInstanceStep": [
        "Id",
        "ProcessInstanceId",
        "StepStatus",
        "ActorId",
        "OriginalActorId",
        "Comments",
        "CreatedDate",
        "SystemModstamp",
    ],
    "Task": [
        "Id",
        "WhatId",
        "Subject",
        "Type",
        "TaskSubtype",
        "Status",
        "ActivityDate",
        "CreatedDate",
        "CompletedDateTime",
        "OwnerId",
        "IsDeleted",
        "SystemModstamp",
    ],
    "EmailMessage": [
        "Id",
        "RelatedToId",
        "Subject",
        "Status",
        "MessageDate",
        "Incoming",
        "CreatedById",
        "IsDeleted",
        "SystemModstamp",
    ],
    "DatedConversionRate": [
        "Id",
        "IsoCode",
        "ConversionRate",
        "StartDate",
        "NextStartDate",
        "SystemModstamp",
    ],
}

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_id18(id15: str) -> str:
    """Return the 18-character form of a 15-character Salesforce Id."""
    if len(id15) != 15:
        raise ValueError(f"expected a 15-character Salesforce Id, got {id15!r}")
    suffix = ""
    for start in range(0, 15, 5):
        bits = sum(
            1 << i
            for i, char in enumerate(id15[start : start + 5])
            if "A" <= char <= "Z"
        )
        suffix += _SUFFIX_ALPHABET[bits]
    return id15 + suffix


def write_export(folder: Path, rows: dict[str, list[dict[str, str]]]) -> Path:
    """Write one CSV per object into folder; objects not in rows get a header only.

    Values not given for a row are written empty (null). Unknown column names raise.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for object_name, columns in OBJECT_COLUMNS.items():
        object_rows = rows.get(object_name, [])
        with (folder / f"{object_name}.csv").open(
            "w", newline="", encoding="utf-8"
        ) as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in object_rows:
                unknown = set(row) - set(columns)
                if unknown:
                    raise ValueError(
                        f"{object_name}: unknown columns {sorted(unknown)}"
                    )
                writer.writerow(row)
    return folder
