"""Small vocabularies the demo catalogue is drawn from (catalogue.py combines them)."""

# Places and plants that name suppliers, per jurisdiction.
PLACES = {
    "GB-SCT": (
        "Clyde Tay Cairngorm Skye Orkney Lomond Ness Dee Spey Tweed Arran "
        "Islay Harris Moray Fife Lothian Trossachs Nevis Shetland Galloway Iona Rannoch Morven "
        "Kintyre Ettrick Caithness Lammermuir Bute Cromarty"
    ).split(),
    "AU": (
        "Banksia Waratah Coral Murray Derwent Brindabella Kakadu Gippsland Hunter "
        "Pilbara Daintree Otway Flinders Barossa Kimberley Whitsunday Grampians Mallee Torrens"
    ).split(),
}

# Second words of a supplier's name, and its legal form by size band.
TRADES = (
    "Digital Data Systems Labs Consulting Cloud Software Analytics Technology Networks "
    "Solutions Works Studio Engineering"
).split()
FORMS = {
    "GB-SCT": {
        "micro": ["Ltd", "Cooperative", "LLP"],
        "small": ["Ltd", "LLP"],
        "medium": ["Ltd"],
        "large": ["plc", "Group plc"],
    },
    "AU": {
        "micro": ["Pty Ltd"],
        "small": ["Pty Ltd"],
        "medium": ["Pty Ltd"],
        "large": ["Ltd", "Group Ltd"],
    },
}

# Per lot: products (a service's name, what it is about, its category), how a description
# starts, and prices: (unit, interval, lowest, highest).
LOTS = {
    "cloud-software": {
        "products": [
            ("Casework", "case files", "case-management"),
            ("Licensing", "licences and permits", "case-management"),
            ("Permits", "licences and permits", "case-management"),
            ("Payroll", "payroll and expenses", "accounting"),
            ("Ledger", "accounts and budgets", "accounting"),
            ("Invoices", "invoices and payments", "accounting"),
            ("Grants", "grant applications", "case-management"),
            ("Bookings", "room and vehicle bookings", "collaboration"),
            ("Forms", "online forms", "document-management"),
            ("Records", "records and archives", "document-management"),
            ("Documents", "documents and approvals", "document-management"),
            ("Contact Centre", "calls and enquiries", "crm"),
            ("CRM", "relationships with residents", "crm"),
            ("Complaints", "complaints and enquiries", "crm"),
            ("Learning", "learning and training", "learning"),
            ("Surveys", "surveys and feedback", "data-analytics"),
            ("Inspections", "inspections and enforcement", "case-management"),
            ("Planning", "planning applications", "case-management"),
            ("Repairs", "housing repairs", "case-management"),
            ("Identity", "sign-in and identity checks", "identity"),
            ("Sign-in", "staff sign-in", "identity"),
            ("Chat", "team chat and video calls", "collaboration"),
            ("Dashboards", "performance dashboards", "data-analytics"),
            ("Open Data", "open data publishing", "data-analytics"),
            ("Maps", "maps and location data", "data-analytics"),
            ("Consultations", "public consultations", "collaboration"),
        ],
        "what": [
            "Software for {audience} to run {thing} online",
            "A hosted service that helps {audience} manage {thing}",
            "Cloud software for {thing}, used by {audience}",
            "An accessible web service for {thing}, designed with {audience}",
        ],
        "units": [("user", "month", 2, 60), ("licence", "year", 200, 9000)],
    },
    "cloud-hosting": {
        "products": [
            ("Compute", "virtual machines", "compute"),
            ("Virtual Servers", "virtual servers", "compute"),
            ("GPU Compute", "GPU computing", "compute"),
            ("Object Storage", "object storage", "storage"),
            ("Backup", "backup and archive storage", "storage"),
            ("Archive", "long-term archive storage", "storage"),
            ("Managed Postgres", "PostgreSQL databases", "databases"),
            ("Managed MySQL", "MySQL databases", "databases"),
            ("Kubernetes", "container platforms", "platform"),
            ("App Platform", "application hosting", "platform"),
            ("CDN", "content delivery", "content-delivery"),
            ("Edge", "web caching at the edge", "content-delivery"),
            ("Private Network", "private networks", "networking"),
            ("Firewall", "managed firewalls", "networking"),
        ],
        "what": [
            "{thing} hosted in {place}, for {audience}",
            "Managed {thing} with daily backups, hosted in {place}",
            "Pay-as-you-go {thing} for {audience}, run from data centres in {place}",
        ],
        "units": [
            ("instance", "month", 15, 900),
            ("gigabyte", "month", 0.02, 0.4),
            ("unit", "hour", 0.05, 4),
        ],
    },
    "cloud-support": {
        "products": [
            ("Migration", "moving off legacy systems", "migration"),
            ("Data Migration", "data migration", "migration"),
            (
                "Security Operations",
                "security monitoring and incident response",
                "security-services",
            ),
            ("Penetration Testing", "penetration testing", "security-services"),
            ("Training", "training staff in new software", "training"),
            ("Service Desk", "service desk support", "ongoing-support"),
            ("Managed Service", "running live services", "ongoing-support"),
            ("Onboarding", "cloud onboarding", "setup"),
            ("DevOps", "automated deployment", "setup"),
            ("Accessibility Audit", "accessibility testing", "quality-assurance"),
            ("Test Automation", "automated testing", "quality-assurance"),
            ("Cost Review", "reducing cloud costs", "ongoing-support"),
        ],
        "what": [
            "Specialists who help {audience} with {thing}",
            "{thing} for {audience}, by a team with public sector experience",
            "A fixed-price package of {thing} for {audience}",
        ],
        "units": [("unit", "day", 350, 1400), ("unit", "hour", 60, 220)],
    },
}

AUDIENCES = [
    "councils",
    "health boards",
    "central government",
    "small public bodies",
    "schools and colleges",
    "police and fire services",
    "housing associations",
    "regulators",
    "transport bodies",
    "universities",
]

FEATURES = [
    "Single sign-on",
    "Audit log of every change",
    "Accessible interface",
    "Open API",
    "Role-based access",
    "Data export in open formats",
    "Two-factor authentication",
    "Automatic backups",
    "Works on mobile devices",
    "Reports and dashboards",
    "Bulk import from spreadsheets",
    "Configurable workflows",
    "Email and SMS notifications",
    "Content in several languages",
    "Encryption at rest and in transit",
    "Usage-based billing",
]

BENEFITS = [
    "Less manual work",
    "Open standards, no lock-in",
    "Faster decisions for residents",
    "Lower running costs",
    "Fewer data errors",
    "Staff trained in a day",
    "Meets public sector security standards",
    "Clear prices, no hidden fees",
    "Scales with demand",
    "Support from a local team",
]

LICENCES = ["MIT", "AGPL-3.0", "Apache-2.0", "GPL-3.0", "MPL-2.0"]
