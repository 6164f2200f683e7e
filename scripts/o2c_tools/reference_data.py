"""Fixed reference lists of the simulated org: countries, currencies, people."""

from __future__ import annotations

from dataclasses import dataclass

CORPORATE_CURRENCY = "USD"

NORTH_AMERICA = "North America"
EMEA = "EMEA"
APAC = "APAC"
LATAM = "LATAM"
OTHER = "Other"


@dataclass(frozen=True)
class Country:
    """Billing country of an account and what follows from it."""

    code: str
    name: str
    region: str
    currency: str
    weight: int
    company_suffixes: tuple[str, ...]


# Weights are percentages of accounts.
COUNTRIES: tuple[Country, ...] = (
    Country(
        "US", "United States", NORTH_AMERICA, "USD", 30, (", Inc.", " LLC", " Corp.")
    ),
    Country("CA", "Canada", NORTH_AMERICA, "CAD", 5, (" Inc.", " Ltd.")),
    Country("GB", "United Kingdom", EMEA, "GBP", 8, (" Ltd", " plc")),
    Country("DE", "Germany", EMEA, "EUR", 8, (" GmbH", " AG")),
    Country("FR", "France", EMEA, "EUR", 6, (" SAS", " SA")),
    Country("NL", "Netherlands", EMEA, "EUR", 3, (" B.V.",)),
    Country("ES", "Spain", EMEA, "EUR", 3, (" S.L.", " S.A.")),
    Country("JP", "Japan", APAC, "JPY", 6, (" K.K.",)),
    Country("AU", "Australia", APAC, "AUD", 5, (" Pty Ltd",)),
    Country("SG", "Singapore", APAC, "USD", 3, (" Pte. Ltd.",)),
    Country("IN", "India", APAC, "USD", 4, (" Pvt. Ltd.",)),
    Country("BR", "Brazil", LATAM, "BRL", 6, (" Ltda.", " S.A.")),
    Country("MX", "Mexico", LATAM, "USD", 5, (" S.A. de C.V.",)),
    Country("ZA", "South Africa", OTHER, "USD", 3, (" (Pty) Ltd",)),
    Country("AE", "United Arab Emirates", OTHER, "USD", 3, (" FZ-LLC",)),
    Country("CH", "Switzerland", OTHER, "USD", 2, (" AG", " SA")),
)

# Units of each currency per 1 USD at the start of the simulated period.
BASE_CONVERSION_RATES: dict[str, float] = {
    "EUR": 0.92,
    "GBP": 0.79,
    "JPY": 148.0,
    "CAD": 1.35,
    "AUD": 1.52,
    "BRL": 4.95,
}
NON_CORPORATE_CURRENCIES: tuple[str, ...] = ("EUR", "GBP", "JPY", "CAD", "AUD", "BRL")
# Currencies invoiced in whole units: amounts are still written with two decimals.
ZERO_DECIMAL_CURRENCIES: tuple[str, ...] = ("JPY",)

# Payment terms: label, net days, percentage of accounts. An empty label means the
# account shows no terms and the org default (Net 30) applies.
DISCOUNT_TERMS = "2/10 Net 30"
DISCOUNT_DAYS = 10
DISCOUNT_PERCENT = 2
ACCOUNT_TERMS: tuple[tuple[str, int, int], ...] = (
    (DISCOUNT_TERMS, 30, 15),
    ("Net 30", 30, 45),
    ("Net 45", 45, 15),
    ("Net 60", 60, 13),
    ("", 30, 12),
)

BILLING_DEPARTMENTS: tuple[tuple[str, int], ...] = (
    ("Enterprise Billing", 35),
    ("SMB Billing", 40),
    ("Public Sector Billing", 10),
    ("Partner Billing", 15),
)

PAYMENT_METHODS: tuple[tuple[str, int], ...] = (
    ("Wire Transfer", 35),
    ("ACH", 30),
    ("Credit Card", 20),
    ("Check", 15),
)

# Share of invoices per payer behaviour and region: on time, late (1-45 days after
# the due date), very late (46-150 days), never paid by the extraction.
PAYER_PROFILES: dict[str, tuple[int, int, int, int]] = {
    NORTH_AMERICA: (72, 20, 6, 2),
    EMEA: (66, 24, 8, 2),
    APAC: (64, 25, 9, 2),
    LATAM: (38, 36, 20, 6),
    OTHER: (60, 28, 9, 3),
}

COMPANY_STEMS: tuple[str, ...] = (
    "Acme",
    "Northwind",
    "Blue Harbor",
    "Summit",
    "Vertex",
    "Redwood",
    "Silverline",
    "Granite",
    "Brightwater",
    "Ironbridge",
    "Lumen",
    "Orbital",
    "Pinecrest",
    "Quantum",
    "Riverside",
    "Sterling",
    "Tidewater",
    "Cobalt",
    "Evergreen",
    "Falcon",
    "Harbor Point",
    "Juniper",
    "Kestrel",
    "Meridian",
)
COMPANY_INDUSTRIES: tuple[str, ...] = (
    "Logistics",
    "Foods",
    "Systems",
    "Health",
    "Energy",
    "Retail",
    "Analytics",
    "Manufacturing",
    "Media",
    "Pharma",
    "Telecom",
    "Construction",
)

FIRST_NAMES: tuple[str, ...] = (
    "Ana",
    "Ben",
    "Chloe",
    "Daniel",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Isabel",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tanya",
    "Umar",
    "Valeria",
    "Wei",
    "Yara",
)
LAST_NAMES: tuple[str, ...] = (
    "Almeida",
    "Brooks",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lopez",
    "Martin",
    "Nakamura",
    "Okafor",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Walker",
)

# Users per department. Billing Operations leads also approve invoices.
USER_DEPARTMENTS: tuple[tuple[str, int], ...] = (
    ("Billing Operations", 7),
    ("Accounts Receivable", 6),
    ("Collections", 6),
    ("Finance", 5),
    ("Sales Operations", 4),
)
BILLING_LEADS = 2

# Fixed UTC offsets in minutes (no daylight saving) that human users work in.
USER_OFFSETS_MINUTES: tuple[int, ...] = (-480, -300, -180, 60, 120, 330, 540, 600)

NON_REMINDER_TASK_SUBJECTS: tuple[str, ...] = (
    "Update billing contact",
    "Confirm PO number with customer",
    "Request VAT ID",
    "Send W-9 form",
)

REJECTION_COMMENTS: tuple[str, ...] = (
    "Amount does not match the order, please check",
    "Wrong billing address",
    "PO number missing",
)
RECALL_COMMENTS: tuple[str, ...] = (
    "Recalled to correct the billing contact",
    "Recalled: tax lines need review",
)
