#!/usr/bin/env python3
"""Writes data/intent/train.jsonl: the LeadOS intent training corpus.

Python 3 standard library only, seeded, so the output is reproducible:
    python3 data/intent/generate.py > data/intent/train.jsonl

The corpus mixes four kinds of lines:
  * hand-written sentences (HAND_* lists below), used as they are;
  * hand-written posts in written/<label>.txt (one per line, "TITLE || BODY" for a body), each
    emitted as written, with its "Ask HN:" prefix toggled, and lower-cased (gen_written);
  * slot-filled templates over product categories, vendors, roles, cities and investors,
    in several registers (terse Hacker News titles, long Reddit posts, job ads from ATS boards,
    formal press releases);
  * light noise (lower-casing, dropped punctuation, common typos) so the model does not learn
    capitalisation or perfect spelling.

Labels: seeking, switching, hiring, company_event, none (see docs/scoring.md for the guideline).
Hard negatives (label none) are deliberately close to the intent classes: how-to questions,
"what do you use" asked as a poll with no category, book and course requests, open-source
release announcements, job seekers and freelancers offering services, news about companies
that is not a funding/expansion/launch/acquisition, jokes and rants.

No dev-set post (../shared/data/posts-dev.jsonl) is copied here: that set is for evaluation.
"""

import json
import os
import random
import sys

RNG = random.Random(20261129)


def pick(xs):
    return RNG.choice(xs)


# ---------------------------------------------------------------- vocabulary

# (category phrase, plural/generic, example vendors) across many domains.
CATEGORIES = [
    ("CRM", "CRMs", ["Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Close"]),
    ("help desk tool", "help desk tools", ["Zendesk", "Freshdesk", "Help Scout", "Intercom"]),
    ("project management tool", "project management tools", ["Jira", "Asana", "Trello", "Monday", "ClickUp", "Linear"]),
    ("password manager", "password managers", ["1Password", "LastPass", "Bitwarden", "Dashlane", "KeePass"]),
    ("VPN provider", "VPNs", ["NordVPN", "ExpressVPN", "Mullvad", "ProtonVPN"]),
    ("hosting provider", "hosts", ["DigitalOcean", "Linode", "Hetzner", "Heroku", "Vultr", "OVH"]),
    ("payment processor", "payment providers", ["Stripe", "Braintree", "Adyen", "PayPal", "Paddle"]),
    ("email marketing platform", "email tools", ["Mailchimp", "Sendgrid", "Klaviyo", "ConvertKit", "Brevo"]),
    ("transactional email service", "email APIs", ["Postmark", "Mailgun", "SES", "SendGrid"]),
    ("accounting software", "bookkeeping tools", ["QuickBooks", "Xero", "FreshBooks", "Wave", "Sage"]),
    ("payroll provider", "payroll services", ["Gusto", "ADP", "Rippling", "Deel", "Paychex"]),
    ("HRIS", "HR systems", ["BambooHR", "Workday", "Personio", "HiBob", "Namely"]),
    ("applicant tracking system", "ATS tools", ["Greenhouse", "Lever", "Workable", "Ashby"]),
    ("error monitoring tool", "monitoring tools", ["Sentry", "Rollbar", "Bugsnag", "Datadog", "New Relic"]),
    ("log management service", "logging tools", ["Splunk", "Loggly", "Papertrail", "Elastic", "Graylog"]),
    ("CI service", "CI tools", ["CircleCI", "Travis CI", "Jenkins", "GitHub Actions", "GitLab CI", "Buildkite"]),
    ("static site generator", "SSGs", ["Hugo", "Jekyll", "Gatsby", "Eleventy"]),
    ("headless CMS", "CMSes", ["Contentful", "Strapi", "Sanity", "WordPress", "Ghost"]),
    ("e-commerce platform", "shop builders", ["Shopify", "WooCommerce", "BigCommerce", "Magento"]),
    ("analytics tool", "analytics platforms", ["Google Analytics", "Mixpanel", "Amplitude", "Plausible", "Heap"]),
    ("A/B testing tool", "experimentation tools", ["Optimizely", "VWO", "LaunchDarkly"]),
    ("SEO agency", "SEO agencies", ["a local SEO shop", "Moz", "Ahrefs", "Semrush"]),
    ("digital marketing agency", "marketing agencies", ["our current agency", "a big agency", "a freelancer"]),
    ("PR firm", "PR agencies", ["a boutique PR firm", "our old PR agency"]),
    ("web design agency", "design agencies", ["a studio in Berlin", "a Webflow agency"]),
    ("branding agency", "branding studios", ["a small branding studio"]),
    ("video production company", "video agencies", ["a production house"]),
    ("dev shop", "outsourcing firms", ["Toptal", "an offshore team", "a nearshore agency"]),
    ("penetration testing firm", "pentest vendors", ["a pentest shop", "NCC Group", "Bishop Fox"]),
    ("SOC 2 compliance platform", "compliance tools", ["Vanta", "Drata", "Secureframe"]),
    ("endpoint security product", "EDR tools", ["CrowdStrike", "SentinelOne", "Sophos", "Defender"]),
    ("SIEM", "SIEMs", ["Splunk", "QRadar", "Sumo Logic", "Elastic SIEM"]),
    ("identity provider", "SSO providers", ["Okta", "Auth0", "OneLogin", "Azure AD"]),
    ("backup solution", "backup tools", ["Backblaze", "Veeam", "CrashPlan", "Acronis"]),
    ("NAS", "NAS boxes", ["Synology", "QNAP", "TrueNAS"]),
    ("3PL", "fulfillment partners", ["ShipBob", "Flexport", "ShipMonk"]),
    ("freight forwarder", "forwarders", ["Flexport", "DHL Global Forwarding", "Kuehne+Nagel"]),
    ("fleet management software", "telematics systems", ["Samsara", "Geotab", "Verizon Connect"]),
    ("warehouse management system", "WMS products", ["Manhattan", "Fishbowl", "NetSuite WMS"]),
    ("inventory management tool", "inventory apps", ["Cin7", "inFlow", "Zoho Inventory"]),
    ("ERP", "ERP systems", ["NetSuite", "SAP Business One", "Odoo", "Dynamics 365"]),
    ("contract management software", "CLM tools", ["Ironclad", "DocuSign CLM", "PandaDoc"]),
    ("e-signature tool", "e-sign services", ["DocuSign", "HelloSign", "Adobe Sign"]),
    ("law firm", "lawyers", ["our current counsel", "a big-law firm"]),
    ("immigration lawyer", "immigration attorneys", ["a visa agency"]),
    ("bookkeeper", "accountants", ["our current CPA", "Bench", "Pilot"]),
    ("tax accountant", "CPAs", ["H&R Block", "a local CPA"]),
    ("business bank", "banks for startups", ["Mercury", "Brex", "SVB", "Chase", "Wise"]),
    ("corporate card", "spend management tools", ["Brex", "Ramp", "Divvy", "Expensify"]),
    ("expense tool", "expense apps", ["Expensify", "Ramp", "Pleo"]),
    ("invoicing tool", "invoicing apps", ["FreshBooks", "Invoice Ninja", "Harvest"]),
    ("time tracking app", "time trackers", ["Toggl", "Harvest", "Clockify"]),
    ("scheduling tool", "booking tools", ["Calendly", "Acuity", "SavvyCal"]),
    ("video conferencing tool", "meeting tools", ["Zoom", "Google Meet", "Teams", "Whereby"]),
    ("team chat", "chat apps", ["Slack", "Teams", "Mattermost", "Discord"]),
    ("knowledge base", "wiki tools", ["Confluence", "Notion", "Slab", "Guru"]),
    ("note-taking app", "notes apps", ["Evernote", "Notion", "Obsidian", "OneNote", "Bear"]),
    ("diagramming tool", "whiteboard apps", ["Miro", "Lucidchart", "draw.io", "Excalidraw"]),
    ("design tool", "UI design apps", ["Figma", "Sketch", "Adobe XD"]),
    ("screen recording tool", "screen recorders", ["Loom", "CleanShot", "OBS"]),
    ("survey tool", "form builders", ["Typeform", "SurveyMonkey", "Google Forms", "Tally"]),
    ("customer feedback tool", "feedback platforms", ["Canny", "UserVoice", "Productboard"]),
    ("live chat widget", "chat widgets", ["Intercom", "Drift", "Crisp", "tawk.to"]),
    ("call center software", "cloud phone systems", ["Aircall", "Talkdesk", "RingCentral", "Dialpad"]),
    ("SMS API", "messaging APIs", ["Twilio", "Vonage", "MessageBird", "Plivo"]),
    ("feature flag service", "feature flag tools", ["LaunchDarkly", "Unleash", "Flagsmith"]),
    ("database hosting", "managed databases", ["RDS", "PlanetScale", "Supabase", "Neon", "Aiven"]),
    ("search service", "search engines", ["Algolia", "Elasticsearch", "Typesense", "Meilisearch"]),
    ("CDN", "CDNs", ["Cloudflare", "Fastly", "Akamai", "BunnyCDN"]),
    ("DNS provider", "DNS hosts", ["Route 53", "Cloudflare DNS", "DNSimple"]),
    ("object storage provider", "S3-compatible stores", ["S3", "Backblaze B2", "Wasabi", "R2"]),
    ("Kubernetes platform", "container platforms", ["EKS", "GKE", "OpenShift", "Rancher"]),
    ("secrets manager", "secret stores", ["Vault", "Doppler", "AWS Secrets Manager"]),
    ("code review tool", "code quality tools", ["SonarQube", "CodeClimate", "Codacy"]),
    ("API gateway", "API management platforms", ["Kong", "Apigee", "Tyk"]),
    ("data warehouse", "warehouses", ["Snowflake", "BigQuery", "Redshift", "ClickHouse"]),
    ("ETL tool", "data pipeline tools", ["Fivetran", "Airbyte", "Stitch", "Segment"]),
    ("BI tool", "dashboard tools", ["Tableau", "Looker", "Metabase", "Power BI"]),
    ("LLM API", "AI APIs", ["OpenAI", "Anthropic", "Cohere"]),
    ("web scraping service", "scraping APIs", ["ScraperAPI", "Bright Data", "Apify"]),
    ("status page service", "status page tools", ["Statuspage", "Instatus", "Better Uptime"]),
    ("uptime monitor", "uptime checkers", ["Pingdom", "UptimeRobot", "StatusCake"]),
    ("on-call tool", "paging tools", ["PagerDuty", "Opsgenie", "incident.io"]),
    ("mobile SDK for push notifications", "push services", ["OneSignal", "Firebase", "Airship"]),
    ("ad network", "ad platforms", ["AdSense", "Carbon Ads", "Ezoic"]),
    ("affiliate platform", "affiliate networks", ["Impact", "PartnerStack", "Rewardful"]),
    ("subscription billing tool", "billing platforms", ["Chargebee", "Recurly", "Paddle", "Chargify"]),
    ("sales engagement tool", "outreach tools", ["Outreach", "Salesloft", "Apollo", "Lemlist"]),
    ("lead enrichment tool", "data providers", ["ZoomInfo", "Clearbit", "Apollo", "Lusha"]),
    ("social media scheduler", "social tools", ["Buffer", "Hootsuite", "Later", "Sprout Social"]),
    ("LMS", "learning platforms", ["Moodle", "TalentLMS", "Docebo", "Teachable"]),
    ("point of sale system", "POS systems", ["Square", "Toast", "Lightspeed", "Clover"]),
    ("restaurant POS", "restaurant systems", ["Toast", "Square for Restaurants", "TouchBistro"]),
    ("dental practice software", "practice management systems", ["Dentrix", "Open Dental", "Curve"]),
    ("EHR", "EMR systems", ["Epic", "athenahealth", "Cerner", "DrChrono"]),
    ("property management software", "landlord tools", ["Buildium", "AppFolio", "Yardi"]),
    ("construction management software", "construction apps", ["Procore", "Buildertrend", "Fieldwire"]),
    ("field service app", "dispatch tools", ["Jobber", "ServiceTitan", "Housecall Pro"]),
    ("3D printer", "3D printers", ["Prusa", "Bambu Lab", "Ultimaker", "Creality"]),
    ("laptop for development", "dev laptops", ["MacBook Pro", "ThinkPad", "Dell XPS", "Framework"]),
    ("mechanical keyboard", "keyboards", ["Keychron", "Das Keyboard", "HHKB"]),
    ("standing desk", "desks", ["Uplift", "Fully Jarvis", "IKEA Bekant"]),
    ("office chair", "chairs", ["Herman Miller", "Steelcase", "Secretlab"]),
    ("label printer", "thermal printers", ["Zebra", "Rollo", "Dymo"]),
    ("barcode scanner", "scanners", ["Zebra", "Honeywell"]),
    ("security camera system", "camera systems", ["Ubiquiti", "Verkada", "Hikvision"]),
    ("Wi-Fi access point", "mesh systems", ["Ubiquiti", "Eero", "Meraki"]),
    ("coworking space", "coworking spaces", ["WeWork", "Regus", "a local hub"]),
    ("translation agency", "localization vendors", ["Lokalise", "Smartling", "a freelance translator"]),
    ("recruiting agency", "recruiters", ["a contingency recruiter", "Hired"]),
    ("employer of record", "EOR services", ["Deel", "Remote", "Oyster"]),
    ("cyber insurance", "insurers", ["Coalition", "Vouch", "Embroker"]),
    ("health insurance broker", "benefits brokers", ["Justworks", "a local broker"]),
    ("print shop", "printers", ["Vistaprint", "a local print shop"]),
    ("packaging supplier", "packaging vendors", ["Packlane", "Uline", "noissue"]),
    ("commercial cleaning service", "cleaning companies", ["our current cleaners"]),
    ("IT managed service provider", "MSPs", ["our current MSP", "a local IT firm"]),
    ("website builder", "site builders", ["Squarespace", "Wix", "Webflow", "Framer"]),
    ("domain registrar", "registrars", ["GoDaddy", "Namecheap", "Porkbun", "Gandi"]),
    ("newsletter platform", "newsletter tools", ["Substack", "Beehiiv", "Ghost", "Buttondown"]),
    ("podcast host", "podcast platforms", ["Libsyn", "Transistor", "Buzzsprout"]),
    ("RSS reader", "feed readers", ["Feedly", "Inoreader", "NewsBlur", "Miniflux"]),
    ("photo backup service", "photo storage", ["Google Photos", "iCloud", "SmugMug"]),
    ("home security system", "alarm systems", ["SimpliSafe", "Ring", "ADT"]),
    ("mesh router", "routers", ["Eero", "Orbi", "Asus"]),
    ("GPS tracker", "trackers", ["Tile", "AirTag", "Jiobit"]),
    ("budgeting app", "personal finance apps", ["YNAB", "Mint", "Monarch", "Copilot"]),
    ("bank for freelancers", "online banks", ["Wise", "Revolut", "N26"]),
    ("tax software", "tax tools", ["TurboTax", "TaxAct", "FreeTaxUSA"]),
    ("IDE", "editors", ["VS Code", "IntelliJ", "Sublime Text", "Vim", "Emacs"]),
    ("terminal emulator", "terminals", ["iTerm2", "Alacritty", "kitty", "WezTerm"]),
    ("git GUI", "git clients", ["SourceTree", "GitKraken", "Tower", "Fork"]),
    ("load testing tool", "load testers", ["k6", "Gatling", "JMeter", "Locust"]),
    ("end-to-end testing framework", "E2E tools", ["Cypress", "Playwright", "Selenium"]),
    ("mobile app framework", "cross-platform frameworks", ["React Native", "Flutter", "Ionic"]),
    ("web framework", "backend frameworks", ["Django", "Rails", "Laravel", "Express", "Phoenix"]),
    ("ORM", "ORMs", ["Prisma", "SQLAlchemy", "Hibernate", "TypeORM"]),
    ("message queue", "queues", ["RabbitMQ", "Kafka", "SQS", "NATS"]),
    ("video hosting platform", "video hosts", ["Vimeo", "Wistia", "Mux", "YouTube"]),
    ("stock photo service", "stock sites", ["Shutterstock", "Unsplash", "Getty"]),
    ("font foundry", "fonts", ["a type foundry", "Google Fonts"]),
]

CATEGORY_CONTEXT = [
    "for a 12 person startup", "for our small agency", "for a team of about 40", "for a bootstrapped SaaS",
    "for a nonprofit", "for a dental clinic", "for a law office", "for an e-commerce store doing ~$2M/yr",
    "for a remote team spread across 5 time zones", "for a B2B marketplace", "for our Shopify store",
    "for a side project", "for my consulting business", "for a school district", "for a logistics company",
    "for a manufacturing plant", "for a 200-person company", "in the EU (GDPR matters)", "in Canada",
    "in India", "in the UK", "in Germany", "for a hardware startup", "for a fintech", "for healthcare (HIPAA)",
    "for a freelance designer", "for a real estate brokerage", "for a restaurant group", "for home use",
    "for my parents", "that works offline", "with a decent API", "that is self-hosted", "under $50/month",
    "that supports SSO", "with good Linux support", "",
]

PAINS = [
    "our current setup is a mess of spreadsheets", "we keep losing track of things",
    "pricing went up 40% at renewal", "support takes days to answer", "it keeps going down",
    "we outgrew the free tier", "the UI is painful and nobody on the team uses it",
    "we need something that integrates with Slack", "audit season is coming",
    "our investors asked for proper reporting", "we just hired 10 people", "we are moving off on-prem",
    "the old vendor was acquired and is sunsetting the product", "it does not scale past a few thousand users",
    "we need better reporting", "the contract is up in March", "we are opening a second location",
]

ROLES = [
    ("Senior Backend Engineer", "engineering"), ("Staff Software Engineer", "engineering"),
    ("Frontend Developer (React)", "engineering"), ("DevOps Engineer", "engineering"),
    ("Site Reliability Engineer", "engineering"), ("Data Engineer", "data"), ("Data Scientist", "data"),
    ("Machine Learning Engineer", "data"), ("Security Engineer", "security"), ("Head of Security", "security"),
    ("Product Designer", "design"), ("UX Researcher", "design"), ("Product Manager", "product"),
    ("Account Executive", "sales"), ("Sales Development Representative", "sales"),
    ("VP of Sales", "sales"), ("Customer Success Manager", "customer success"),
    ("Support Engineer", "support"), ("Marketing Manager", "marketing"),
    ("Content Marketing Lead", "marketing"), ("Growth Marketer", "marketing"),
    ("Demand Generation Manager", "marketing"), ("Controller", "finance"), ("Staff Accountant", "finance"),
    ("Head of Finance", "finance"), ("People Operations Manager", "HR"), ("Technical Recruiter", "HR"),
    ("Office Manager", "operations"), ("Supply Chain Analyst", "logistics"), ("Warehouse Supervisor", "logistics"),
    ("Logistics Coordinator", "logistics"), ("Hardware Engineer", "hardware"), ("Firmware Engineer", "hardware"),
    ("Embedded Systems Engineer", "hardware"), ("Legal Counsel", "legal"), ("Paralegal", "legal"),
    ("IT Administrator", "IT"), ("Salesforce Administrator", "sales ops"), ("RevOps Manager", "sales ops"),
    ("Solutions Architect", "engineering"), ("Mobile Engineer (iOS)", "engineering"),
    ("QA Automation Engineer", "engineering"), ("Compliance Manager", "legal"),
]

COMPANIES = [
    "Acme Analytics", "Northwind Logistics", "Brightpath Health", "Lumen Labs", "Fernwood Legal",
    "Quantum Ledger", "Harbor Freight Tech", "Tidewater Robotics", "Parcelly", "Stackwise", "Orbital Metrics",
    "Greenleaf Foods", "Kestrel Security", "Bluefin Payments", "Cobalt HR", "Driftwood Design", "Sable Systems",
    "Pinecone Ventures", "Arbor Insurance", "Vantage Dental", "Helio Energy", "Marlow & Finch", "Nimbus Cloud",
    "Copperline Manufacturing", "Atlas Freight", "Juniper Learning", "Redwood Bio", "Meridian Retail",
    "Foxglove Studio", "Granite Data", "Lattice Works", "Polaris Mobility", "Silverline Fintech", "Waypoint AI",
    "Beacon Telehealth", "Cinder Games", "Ironbark Construction", "Mosaic Commerce", "Quill Docs", "Riverbend Farms",
]

CITIES = [
    "Austin", "Berlin", "London", "Toronto", "Singapore", "Sydney", "Dublin", "Lisbon", "Bangalore", "Denver",
    "Chicago", "Paris", "Amsterdam", "Stockholm", "Warsaw", "Mexico City", "Sao Paulo", "Tokyo", "Nairobi",
    "Lagos", "Boston", "Seattle", "Atlanta", "Manchester", "Munich", "Barcelona", "Tel Aviv", "Dubai",
]
REGIONS = ["EMEA", "North America", "APAC", "Latin America", "the Nordics", "DACH", "the UK", "Southeast Asia"]
INVESTORS = [
    "Sequoia", "Accel", "Index Ventures", "a16z", "Lightspeed", "General Catalyst", "Balderton", "Point Nine",
    "Y Combinator", "Insight Partners", "Tiger Global", "Bessemer", "Northzone", "LocalGlobe", "First Round",
]
AMOUNTS = ["$3M", "$4.5M", "$8M", "$12M", "$15 million", "$22M", "$30 million", "$45M", "$60M", "$110 million",
           "EUR 6M", "GBP 10m", "$2.1M", "$500K", "$1.2 billion"]
ROUNDS = ["seed", "pre-seed", "Series A", "Series B", "Series C", "growth", "Series D"]

TOPICS = ["Rust", "Postgres", "Kubernetes", "SQLite", "WebAssembly", "React", "Linux", "Go", "Python", "TLS",
          "DNS", "Unicode", "floating point", "garbage collection", "CRDTs", "Bloom filters", "the JVM",
          "GPUs", "RISC-V", "ext4", "HTTP/3", "OAuth", "Git", "Emacs", "TCP congestion control", "B-trees",
          "the Apollo guidance computer", "COBOL", "spreadsheets", "accounting", "supply chains", "lithium batteries",
          "the shipping container", "solar panels", "nuclear fusion", "typography", "urban planning", "bees"]

LANGS = ["Rust", "Go", "Haskell", "Elixir", "Clojure", "OCaml", "Zig", "Kotlin", "Scala", "Julia", "Nim", "C++"]
HOBBIES = ["chess", "woodworking", "running", "baking sourdough", "rock climbing", "painting", "gardening"]


def noise(text):
    """Lower-case, drop punctuation or add a typo now and then."""
    r = RNG.random()
    if r < 0.12:
        text = text.lower()
    elif r < 0.18:
        text = text.replace("?", "").replace(",", "")
    elif r < 0.24:
        typos = [("recommend", "reccomend"), ("looking", "lookign"), ("alternative", "alternitive"),
                 ("software", "sofware"), ("anyone", "any1"), ("the ", "teh "), ("for ", "fo "),
                 ("suggestions", "suggestons"), ("which", "wich"), ("hiring", "hirng")]
        a, b = pick(typos)
        text = text.replace(a, b, 1)
    return text


# ---------------------------------------------------------------- seeking

SEEK_TITLES = [
    "Ask HN: What {cat} do you use?", "Ask HN: Which {cat} would you recommend {ctx}?",
    "Ask HN: Best {cat} {ctx}?", "Ask HN: Recommendations for a {cat}?", "Ask HN: Good {plural} in 2024?",
    "Ask HN: Can anyone recommend a {cat} {ctx}?", "Ask HN: Looking for a {cat} {ctx}",
    "Ask HN: What are you using for {use}?", "Ask HN: How do you pick a {cat}? Shopping for one now",
    "Ask HN: Is there a {cat} that {feature}?", "Ask HN: Any {cat} that does {feature2}?",
    "Ask HN: Suggestions for a {cat}?", "Ask HN: What's the best {cat} for a small team?",
    "Ask HN: Which {plural} are worth paying for?", "Ask HN: Need a {cat}, where do I start?",
    "Ask HN: Who do you use for {use}?", "Ask HN: Affordable {cat} {ctx}?",
    "Recommend a {cat}?", "Looking for {cat} recommendations", "Need recommendations: {cat} {ctx}",
    "Which {cat} should we buy?", "[Question] best {cat} {ctx}", "What {cat} does your company use?",
    "Shopping for a {cat} - what should I look at?", "Any good {plural} out there?",
    "Help me choose a {cat}", "Request: {cat} recommendations {ctx}", "{cat} recommendations?",
    "Seeking a reliable {cat} {ctx}", "We need a {cat}. Suggestions welcome",
    "Ask HN: What do you use for {use}?", "Ask HN: Favorite {cat} {ctx}?",
    "Ask HN: What {cat} do you trust with {thing}?",
]
USES = {
    "default": ["this", "that"],
}
FEATURES = ["supports SSO and audit logs", "has a real API", "does not cost an arm and a leg",
            "works well on Linux", "can be self-hosted", "handles multiple currencies", "integrates with Slack",
            "is GDPR compliant", "has a decent mobile app", "supports teams over 50 people"]
THINGS = ["customer data", "payroll", "our production logs", "client files", "our source code", "family photos"]

SEEK_BODY_OPEN = [
    "Hi all,", "Hey everyone!", "Long time lurker, first post.", "Throwaway for obvious reasons.", "",
    "Posting here because the other sub was dead.", "Quick question for the hive mind.", "Hello r/{sub},",
]
SEEK_BODY_MID = [
    "We are a {size} {biz} and {pain}.", "I run a {biz} and {pain}.", "Our team ({size}) is evaluating options because {pain}.",
    "I'm the only IT person at a {biz} and I've been asked to find a {cat}.",
    "My boss asked me to put together a shortlist of {plural} by Friday.",
    "We've been doing this by hand for two years and it's time to pay for a proper {cat}.",
    "I'm setting up a {biz} and need a {cat} {ctx}.",
]
SEEK_BODY_ASK = [
    "What are you all using and would you recommend it?", "Any recommendations?",
    "Which {cat} would you pick today, and why?", "Budget is around ${budget}/month. What should I look at?",
    "Open to paid options, we just want something that works.", "Is there a vendor you'd actually recommend?",
    "Who would you hire for this?", "Looking for real experiences, not affiliate lists.",
    "Happy to get on a call with vendors if anyone knows a good one.",
    "Would love a recommendation for a {cat} that {feature}.",
]
SEEK_BODY_CLOSE = ["Thanks in advance!", "TIA", "Cheers.", "", "Thanks!", "Edit: thanks for all the suggestions so far."]
SIZES = ["5-person", "15 person", "30-person", "80 employee", "small", "mid-sized", "two-person", "300-seat"]
BIZ = ["SaaS startup", "marketing agency", "accounting firm", "dental practice", "law firm", "e-commerce brand",
       "logistics company", "nonprofit", "manufacturing shop", "design studio", "property management company",
       "restaurant", "clinic", "construction company", "university lab", "fintech", "game studio", "retail store"]
SUBS = ["smallbusiness", "sysadmin", "startups", "SaaS", "ecommerce", "msp", "Entrepreneur", "webdev", "devops",
        "accounting", "humanresources", "marketing", "legaltech", "logistics"]

VENDOR_SEEK = [
    "Looking for an agency to run our {svc}. Anyone worked with someone good?",
    "We're looking to hire an agency for {svc} - recommendations?",
    "Can anyone recommend a freelancer or agency for {svc}? Budget is flexible.",
    "Need a {vendor} for {svc} {ctx}", "Who do you use for {svc}?",
    "Any recommendations for a good {vendor}? We need help with {svc}.",
    "RFP: seeking a {vendor} for {svc}", "Searching for a {vendor} that specialises in {svc}",
    "Looking to outsource {svc}. Where do people find good vendors?",
    "Our company is looking for a partner for {svc}; who should we talk to?",
    "Recommend me a {vendor}? We need {svc} done before Q3.",
    "We want to bring in consultants for {svc}. Any firms you've had good experiences with?",
]
SERVICES = [
    ("SEO", "SEO agency"), ("paid social", "marketing agency"), ("Google Ads", "PPC agency"),
    ("our website redesign", "web design agency"), ("a mobile app build", "dev shop"),
    ("bookkeeping", "bookkeeper"), ("year-end taxes", "accounting firm"), ("a SOC 2 audit", "auditor"),
    ("a penetration test", "security firm"), ("trademark filing", "IP lawyer"),
    ("employment contracts", "employment lawyer"), ("our brand refresh", "branding agency"),
    ("a product video", "video production company"), ("cloud migration", "AWS consultant"),
    ("Salesforce implementation", "Salesforce partner"), ("data engineering", "data consultancy"),
    ("PR for our launch", "PR firm"), ("translation into 6 languages", "translation agency"),
    ("warehousing and fulfillment", "3PL"), ("customs brokerage", "customs broker"),
    ("recruiting engineers", "recruiting agency"), ("office IT support", "managed service provider"),
    ("content writing", "content agency"), ("UX research", "UX consultancy"), ("GDPR compliance", "privacy consultant"),
]

HAND_SEEKING = [
    "What do you use for invoicing clients? FreshBooks is getting expensive and I'm shopping around.",
    "Our Jira instance is fine, but we need a proper test case management tool. What do QA teams here use?",
    "Ask HN: Which bank do you use for your LLC?",
    "Looking for a bookkeeper who understands SaaS revenue recognition. Anyone you'd vouch for?",
    "Any recommendations for an accountant familiar with Delaware C-corps and foreign founders?",
    "I need a good laptop for data science under $2000, any advice on models?",
    "Best way to accept payments in Nigeria? Looking for a processor that actually works there.",
    "What's a good tool to send SMS reminders to patients? Small clinic, HIPAA matters.",
    "Ask HN: Who do you use for cheap, reliable GPU servers?",
    "Can someone recommend a solid open-source status page we can host ourselves?",
    "Shopping for an ATS. We hire ~30 people a year. Greenhouse feels like overkill.",
    "We need a payroll provider that handles contractors in 8 countries. Suggestions?",
    "Does anyone know a good agency that does Webflow sites for B2B companies?",
    "Looking for a law firm that does seed rounds for a fixed fee, US based.",
    "Need a tool to track OKRs across 6 teams, ideally with Slack integration. What do you use?",
    "Our office needs a new printer/copier lease. Who do you go with?",
    "Recommendations for a 3PL in the Midwest that handles small parcel and Amazon FBA prep?",
    "Ask HN: Good error tracking for a Phoenix app?",
    "Is there a service that converts scanned invoices into structured data? We process ~5k a month.",
    "Can anyone suggest a managed Postgres with point-in-time recovery in the EU?",
    "We're shopping for a data catalog tool. Tried the open source ones, need something supported.",
    "Any good tools for generating SOC 2 evidence automatically?",
    "Where do you buy refurbished enterprise servers? Need 10 for a lab.",
    "Which HR software would you recommend for a 60 person company in Germany?",
    "Looking for a developer-friendly feature flag service, budget ~$200/mo",
    "Anyone have a recommendation for a cleaning company for a 3000 sq ft office in Denver?",
    "We want to buy a CRM for our real estate team. What works for agents?",
    "Which vendor do you use for background checks? Ours is painfully slow.",
    "Looking for a translation service for legal documents (Spanish to English), certified.",
    "Please recommend a time-series database for IoT sensor data, managed preferred.",
    "need a cheap but decent webcam for meetings, recommendations?",
    "what's the go-to tool for cold email these days? starting outbound next month",
    "Looking for a PCB assembly house for a 500-unit run. Who do you use?",
    "Ask HN: Where do you get your logos designed?",
    "Best insurance for a small software consultancy (E&O + cyber)?",
    "Anybody know a good EOR for hiring one engineer in Brazil?",
    "Is there a tool that keeps our docs in sync with the codebase? Willing to pay.",
    "Recommendations for a customer data platform that isn't Segment?",
    "Our school needs a new learning management system. What are other districts using?",
    "Need an API for address validation in Europe. What have you used?",
    "What POS do small coffee shops use these days?",
    "Looking for a managed WordPress host that doesn't fall over under traffic.",
    "Any recommendation for an online notary service for business documents?",
    "Good vendors for custom branded merch for a 200-person offsite?",
    "Which observability platform gives the best bang for buck for ~50 services?",
]

# ---------------------------------------------------------------- switching

SWITCH_TEMPLATES = [
    "Ask HN: Alternatives to {v}?", "Ask HN: What are you using instead of {v}?",
    "Ask HN: Anyone moved off {v}? What did you switch to?", "Ask HN: {v} vs {v2} in 2024?",
    "Alternatives to {v} {ctx}?", "Looking for a {v} alternative", "Best {v} alternative for a small team?",
    "We're leaving {v}. What should we move to?", "Migrating from {v} to {v2} - worth it?",
    "Has anyone switched from {v} to {v2}? How did it go?", "Replacing {v}: what are the options?",
    "Fed up with {v}. What else is out there?", "{v} just raised prices again. What are people moving to?",
    "Cheaper alternative to {v}?", "Open source alternative to {v}?", "Moving away from {v}, need suggestions",
    "Is {v2} a good replacement for {v}?", "Evaluating {v2} and {v3} to replace {v}",
    "Our {v} contract ends next quarter and we're shopping for a replacement",
    "Thinking of ditching {v} for {v2}. Anyone regret it?", "What's the closest thing to {v} but self-hosted?",
    "Comparing {v}, {v2} and {v3} for our team - experiences?", "{v} is sunsetting, where do we go now?",
    "Anything like {v} that doesn't cost a fortune?", "Ask HN: Is there something like {v} for {ctx2}?",
]
SWITCH_BODIES = [
    "We've been on {v} for {years} years but {pain}. Looking at {v2} and {v3}. Anyone made the move?",
    "{v} worked fine when we were small, but {pain}. What are similar teams using now?",
    "Our renewal with {v} came in at almost double. I've been asked to find alternatives before we sign. Any experience with {v2}?",
    "Long time {v} user here. The last update broke half our workflows and support is useless. Considering {v2}. Thoughts?",
    "We're a {size} {biz} and {v} is just too clunky. Shortlist so far: {v2}, {v3}. What else should I evaluate?",
    "Management wants to consolidate tools and drop {v}. What did you migrate to and how painful was the migration?",
]
HAND_SWITCHING = [
    "After the latest pricing change we're actively looking to move off Heroku. Render or Fly?",
    "Slack is getting too expensive for our 120 person org, considering Mattermost or Teams. Anyone done this?",
    "We're evaluating Linear as a replacement for Jira. Would love to hear from teams who switched.",
    "Looking to replace Zendesk with something cheaper, we only have 3 agents.",
    "Our Mailchimp bill tripled. Is Brevo actually good or should we look elsewhere?",
    "Is Bitwarden a good enough replacement for LastPass for a 50 person company?",
    "Thinking of switching our accounting from QuickBooks Desktop to Xero. Pitfalls?",
    "We migrated from Datadog to Grafana Cloud last month, AMA - but also: anyone found something cheaper still?",
    "Time to get off Google Workspace? Considering Microsoft 365 for compliance reasons.",
    "Alternatives to Calendly that support round robin for a sales team?",
    "Need to get off our legacy on-prem Exchange. Which hosted email would you pick?",
    "Anyone left Salesforce for HubSpot and regretted it?",
    "ditching evernote, what notes app are you using now?",
    "Replacing our in-house ETL scripts with Fivetran vs Airbyte - which one did you go with?",
    "Our contract with ADP ends in June. Rippling, Gusto or Justworks for 70 people?",
    "Shopify Plus or BigCommerce? We're moving off Magento 1.",
    "We're unhappy with our current SEO agency after 9 months. How did you find a better one?",
    "Looking to switch PR firms - the current one hasn't landed a single story this year.",
]

# ---------------------------------------------------------------- hiring

JOB_INTROS = [
    "{co} is hiring a {role} to join our {team} team in {city}.",
    "About the role: As a {role} at {co}, you will own {duty}.",
    "We're looking for a {role} ({mode}) to help us {goal}.",
    "{co} is growing fast and we need a {role} who can take over {duty2}.",
    "Join {co} as our first {role}! You'll report to the {boss} and build {goal2}.",
    "The {team} team at {co} is looking for an experienced {role}.",
]
JOB_RESP = [
    "Responsibilities: {duty}; partner with {team2} on {goal2}; mentor junior colleagues.",
    "What you'll do: design and run {duty2}, own {duty}, and improve our processes.",
    "You will: build {goal2}, work closely with {team2}, and help us scale to {n}x our current volume.",
    "In this role you'll be responsible for {duty} and {duty2}.",
]
JOB_REQS = [
    "Requirements: {years}+ years of experience as a {role} or similar; strong communication skills.",
    "What we look for: experience with {tool}, comfort with ambiguity, {years}+ years in {team}.",
    "You have shipped {goal2} before and know {tool} well.",
    "Nice to have: experience at a {biz}, familiarity with {tool}.",
]
JOB_PERKS = ["We offer competitive salary, equity and 25 days of holiday.", "Salary range: ${lo}k-${hi}k + equity.",
             "Benefits include health insurance, a learning budget and a home office stipend.",
             "Remote-friendly within {region}.", "Visa sponsorship available.", "", "Apply via the link below."]
DUTIES = ["our payments infrastructure", "the data platform", "outbound pipeline generation", "month-end close",
          "our SOC 2 program", "warehouse operations", "vendor onboarding", "the design system",
          "customer onboarding", "our hiring process", "the firmware for our sensors", "the sales playbook",
          "contract negotiations", "our cloud costs", "demand generation campaigns", "the mobile app"]
GOALS = ["scale our platform", "open our European market", "build out our sales team", "modernise our stack",
         "automate our finance processes", "launch our second product", "cut shipping times in half"]
TOOLS = ["Kubernetes", "Salesforce", "NetSuite", "Terraform", "dbt", "Figma", "HubSpot", "SAP", "Python",
         "React", "Go", "Workday", "Excel", "Snowflake", "AWS"]
HIRING_POSTS = [
    "We're hiring! {co} is looking for a {role} - remote OK. DM me or apply at our careers page.",
    "[Hiring] {role} at {co} ({city} or remote)", "{co} ({city}) | {role} | Full-time | {mode}",
    "Hiring: {role} for a {size} {biz}, {mode}", "Ask HN: Looking for a {role} for our startup - how do we find one?",
    "We need to hire a {role} ASAP. Where do you find good ones?",
    "Our team is growing - we're hiring {n} {role}s in {city}.",
    "Looking for a freelance {role} for a 3 month contract, paid well.",
    "My company is looking for a {role}. If you know anyone, send them my way.",
    "{co} is expanding the {team} team: open roles for {role} and {role2}.",
    "Seeking a part-time {role} to help our {biz} with {duty}.",
    "Job: {role} at {co}, {city}. Apply by end of month.",
]
HAND_HIRING = [
    "We're a small agency hiring our first in-house bookkeeper. Part time is fine.",
    "Hiring a contract Rust developer to help us port a parser, 3-4 months.",
    "Our clinic is looking for a front desk coordinator who knows Dentrix.",
    "Looking for a Shopify developer to rebuild our store theme, paid project.",
    "We have budget for two senior SREs this quarter. Anyone looking?",
    "Startup in fintech hiring a compliance officer with AML experience.",
    "Need a part-time CFO for a seed-stage startup. Recommendations or DMs welcome.",
    "Our warehouse in Reno is hiring forklift operators and a shift lead.",
    "Hiring: data analyst for a growing e-commerce company, SQL + Looker.",
    "We're looking for a sales lead to open the DACH market. German speaker, based in Berlin.",
]

# ---------------------------------------------------------------- company events

EVENT_TEMPLATES = [
    "{co} raises {amt} {round} led by {inv}",
    "{co} Raises {amt} in {round} Funding to Expand {goal2}",
    "{city}-based {co} closes {amt} {round} round",
    "{co} secures {amt} from {inv} and {inv2}",
    "{co} announces {amt} {round} to accelerate growth in {region}",
    "{co} acquires {co2}", "{co} to acquire {co2} for {amt}", "{co} completes acquisition of {co2}",
    "{co} opens new office in {city}", "{co} expands into {region}", "{co} launches in {city}",
    "{co} opens {n} new distribution centers", "{co} doubles headcount, opens {city} hub",
    "{co} launches {prod}, a new {cat} for {ctx2}", "Introducing {prod}: {co}'s new {cat}",
    "{co} unveils {prod} for {ctx2}", "{co} announces general availability of {prod}",
    "{co} and {co2} merge to form {prod}", "{co} names new CEO as it prepares to expand into {region}",
    "Launch HN: {prod} (YC {batch}) - {cat} for {ctx2}",
    "{co} lands {amt} to build {goal2}", "{co} gets {amt} {round} as demand for {cat} grows",
]
EVENT_BODIES = [
    "{city}, {month} {day} -- {co}, a provider of {cat} for {ctx2}, today announced it has raised {amt} in {round} funding led by {inv}, with participation from {inv2}. The company will use the funds to expand its team and enter {region}.",
    "FOR IMMEDIATE RELEASE. {co} today announced the opening of a new office in {city}, its third location, and plans to hire {n}0 people over the next year.",
    "{co} today announced that it has signed a definitive agreement to acquire {co2}. The acquisition strengthens {co}'s {cat} offering. Terms were not disclosed.",
    "{co} today launched {prod}, a {cat} built for {ctx2}. {prod} is available today in {region}, with a free tier for small teams.",
    "PRESS RELEASE: {co} expands to {region} after a record year; new headquarters in {city} will house sales, support and engineering.",
    "{co} has closed a {amt} {round} round. \"This funding lets us double down on {goal2},\" said the CEO. The round was led by {inv}.",
]
HAND_EVENTS = [
    "Acme Robotics announces $40M Series B to scale warehouse automation across Europe",
    "Today we're launching our new mobile app for field technicians, available on iOS and Android.",
    "We just closed our seed round! Thanks to everyone who supported us along the way.",
    "Big news: we've been acquired by a larger logistics company and will keep operating as a standalone brand.",
    "Company X opens its first US office in Austin and plans to hire 150 people by 2026.",
    "Our bakery chain is opening three new locations this spring.",
    "The firm announced a merger with its largest regional competitor, creating the biggest accounting practice in the state.",
    "Startup raises pre-seed to build AI bookkeeping for restaurants",
    "Press release: Northwind completes acquisition of a Dutch cold-chain operator, expanding into the Benelux.",
    "We are thrilled to announce our Series A and the general availability of our platform.",
]

# ---------------------------------------------------------------- none (hard negatives and chaff)

NONE_TEMPLATES = [
    # how-to and technical questions
    "Ask HN: How do you structure a large {lang} codebase?", "How do I configure {v} to {task}?",
    "Ask HN: How does {topic} actually work?", "Why is my {v} setup so slow?", "How to debug {topic} issues in production?",
    "Ask HN: How do you handle {task2} in your team?", "Is it possible to {task} with {v}?",
    "{v} keeps throwing a 403 when I {task}", "[Help] {v} config question", "Question about {topic} internals",
    "Ask HN: How do you stay focused while working from home?", "Ask HN: What are you working on this month?",
    "Ask HN: What's the hardest bug you've ever fixed?", "Ask HN: How did you learn {lang}?",
    "Ask HN: Is {lang} worth learning in 2024?", "Ask HN: {lang} or {lang2} for a first language?",
    "Ask HN: Best books on {topic}?", "Ask HN: Good resources to learn {topic}?", "Ask HN: Courses on {topic} you'd recommend?",
    "Ask HN: What podcasts do you listen to?", "Ask HN: What blogs do you read about {topic}?",
    "Ask HN: Should I quit my job to start a startup?", "Ask HN: How do you deal with burnout?",
    "Ask HN: How do I negotiate a raise?", "Ask HN: Is a CS degree still worth it?",
    "Ask HN: Switching careers from {biz2} to software at 35?", "Ask HN: How do you price a freelance project?",
    "Ask HN: What apps can't you live without?", "Ask HN: What's on your desk?", "Ask HN: What's your tech stack?",
    "Ask HN: What does your company use for {use2}? Just curious how others do it",
    "Ask HN: Why do companies still use {v}?", "Ask HN: Is {v} dying?", "Ask HN: What happened to {v}?",
    "Ask HN: Would you pay for a {cat}?", "Ask HN: I built a {cat}, would love feedback",
    "Ask HN: How would you market a {cat}?", "Ask HN: How do you find your first customers for a {cat}?",
    "Ask HN: Who is hiring? (monthly thread)", "Ask HN: Who wants to be hired?", "Ask HN: Freelancer? Seeking freelancer? (monthly)",
    "Ask HN: How do I get hired at a FAANG company?", "Ask HN: Is it normal for interviews to have 8 rounds?",
    # show / launch of open source, side projects
    "Show HN: {prod} - an open-source {cat} written in {lang}", "Show HN: I made a tiny {cat} in a weekend",
    "Show HN: {prod}, a {lang} library for {topic}", "{prod} {ver} released", "{prod} {ver}: what's new",
    "Announcing {prod} {ver}", "Release notes for {prod} {ver}", "Introducing {prod}, a toy {cat} for hackers",
    "My side project: a free {cat} for students", "I open-sourced my {cat}",
    # news and essays
    "The history of {topic}", "Why {topic} is harder than it looks", "A deep dive into {topic}",
    "{topic} explained with pictures", "What I learned building a {cat}", "How we cut our {v} bill by 70%",
    "Lessons from ten years of {topic}", "The surprising economics of {topic}", "An interview with the creator of {lang}",
    "{co} reports quarterly earnings below expectations", "{co} lays off 12% of staff", "{co} CEO steps down",
    "{co} shares fall after weak guidance", "{co} sued over data breach", "{co} fined by regulators in {region}",
    "{co} outage takes down thousands of sites", "{co} changes its logo again", "Regulators open probe into {co}",
    "{co} delays product launch to next year", "Rumor: {co} may be exploring a sale",
    "Government announces plan to build {n}00 km of high-speed rail", "City council votes on new zoning rules",
    "Scientists discover new species of {animal}", "{animal} spotted in {city} for the first time in decades",
    # jokes, rants, personal
    "My manager asked what tool we use for productivity. I said coffee.", "What do you call a {lang} developer who {joke}?",
    "Rant: {v} ruined my weekend", "I hate {v} so much", "TIL about {topic}", "Today I learned {topic} is older than I thought",
    "TIFU by deleting the production database", "My cat walked on my keyboard and deployed to prod",
    "Unpopular opinion: {v} is fine actually", "Why does everyone hate {v}?", "Is it just me or is {v} getting worse?",
    "[Serious] What's the best advice you ever got about {hobby}?", "What hobby did you pick up this year? I started {hobby}",
    "My grandmother just learned to use {v} at 85", "I finally finished my {hobby} project after 2 years",
    "[For Hire] {role} available for contract work", "Looking for a job as a {role}, any leads?",
    "Laid off today. Looking for work as a {role} in {city}", "Offering my services: {svc} for small businesses",
    "I'm a freelance {role}, AMA", "Just got hired as a {role}!", "I got the job!! First {role} role after 8 months",
    "LF: shiny {animal} FT: rare items", "[H] keys [W] paypal", "WTS: old {cat} hardware, local pickup only",
    "We are not hiring, please stop sending resumes", "Our company is doing a hiring freeze",
    "Which {cat} is the worst you've ever used? Share horror stories", "What's the funniest {cat} bug you've seen?",
    "Anyone else think {v}'s new logo looks weird?", "Poll: tabs or spaces?", "Vim or Emacs? Fight.",
    "What do you use to relax after work? For me it's {hobby}.", "What do you use your old laptops for?",
    "Mods: please stop posting {v} recommendation threads", "Weekly recommendation thread is now closed",
    "How do I tell my boss the vendor we picked was a mistake?", "Should I tell my team I'm leaving?",
    "We raised our prices and nobody complained", "I raised $5 for charity by running a marathon",
    "My kid raised a caterpillar into a butterfly", "The company picnic was launched into chaos by a rogue goose",
    "Acquired taste: why I learned to love {lang}", "Funding for public libraries cut again in {city}",
    "Launch day for the new {animal} exhibit at the zoo", "SpaceX launches another batch of satellites",
    "NASA funding bill passes the house", "University receives grant to study {topic}",
    "Open letter to the maintainers of {prod}", "{prod} maintainer steps down after 10 years",
    "Bug: {prod} crashes when {task}", "Feature request: dark mode for {prod}", "Changelog: {prod} now supports {topic}",
]
ANIMALS = ["frog", "owl", "beetle", "wolf", "octopus", "seal", "bat", "lynx", "moth", "heron"]
JOKES = ["never sleeps", "can't find the exit", "only eats async food", "refuses to commit"]
TASKS = ["rotate logs daily", "run behind a reverse proxy", "export data as CSV", "use a custom domain",
         "authenticate with OAuth", "send mail through SMTP", "parse nested JSON", "cache API responses"]
TASKS2 = ["code review", "on-call", "technical debt", "estimates", "documentation", "onboarding", "incident postmortems"]
USES2 = ["deploys", "logging", "internal docs", "code review", "CI"]
BIZ2 = ["teaching", "nursing", "accounting", "law", "music", "the military", "retail"]
PRODUCTS = ["Gizmo", "Lighthouse", "Tern", "Pebble", "Quokka", "Sprocket", "Heron", "Tallow", "Zephyr", "Mantle",
            "Corvid", "Brisk", "Quire", "Lumen", "Fathom", "Nook", "Crate", "Ember", "Halyard", "Kiln"]
VERSIONS = ["1.0", "2.0", "3.4", "0.9", "v5", "2024.1", "4.2 LTS", "1.12"]
HAND_NONE = [
    "How do I center a div? Asking for the 1000th time.",
    "What are you working on this weekend?",
    "Ask HN: What's the best thing you bought for under $100? (just curious, not shopping)",
    "My startup failed after 3 years. Here is what I learned.",
    "Why does nobody talk about how lonely remote work is?",
    "Reddit, what's the most useless gift you ever received?",
    "What do you guys use to stay motivated? Genuinely asking, I'm in a rut.",
    "Which programming language should I learn first? I want to become a developer.",
    "Our open-source database just hit 10k stars on GitHub, thank you all!",
    "Version 3.0 of our open-source static site generator is out with faster builds.",
    "Can anyone explain how HTTPS certificates work, like I'm five?",
    "I don't need a recommendation, I just want to vent about our printer.",
    "Not looking for alternatives, just want to know if Slack is down for everyone?",
    "We're not hiring right now but feel free to send your CV for the future.",
    "Why did the startup founder bring a ladder to the pitch? To reach the next round.",
    "A CRM walks into a bar and forgets everyone's name.",
    "The best project management tool is a pencil. Change my mind.",
    "Who else remembers when software came in boxes?",
    "How do people afford rent in San Francisco?",
    "What's a good book about negotiation? Looking for reading recommendations.",
    "Recommend me a sci-fi novel for a long flight.",
    "Any podcasts about the history of computing you'd recommend?",
    "Which online course taught you the most about machine learning?",
    "Looking for a study buddy for the AWS certification exam.",
    "Looking for feedback on my resume, applying for backend roles.",
    "Looking for a co-founder with a sales background, equity only.",
    "Looking for beta testers for my open-source note-taking app.",
    "I'm looking for a subreddit about vintage synthesizers.",
    "What's the etiquette for declining a job offer after accepting?",
    "Is it rude to ask a recruiter about salary in the first call?",
    "PSA: the free tier of this API is ending, migrate your scripts.",
    "Announcement: this subreddit will be read-only during the protest.",
    "Mod post: new rules on self-promotion.",
    "Weekly discussion thread - ask anything.",
    "Stop using regex to parse HTML. Seriously.",
    "In praise of boring technology",
    "The company I work for was acquired and now everything is a meeting.",
    "My employer just raised a Series B and I still don't have a second monitor lol",
    "They launched a new coffee machine at the office and nobody knows how to use it.",
    "Alternatives to meat: my experience going vegetarian for a year",
    "Is there an alternative to sleeping? Asking for a new parent.",
    "Switching from day shift to night shift, any tips for sleep?",
    "I switched careers from chef to software engineer, AMA",
    "Migrating birds spotted over the lake this morning",
    "What's the worst advice you've received from a manager?",
    "Ask HN: How do I explain a gap in my resume?",
    "Ask HN: Is it OK to use ChatGPT to write cover letters?",
    "Does anyone actually read terms of service?",
    "Local man builds a working computer out of Lego",
    "The cost of living in Lisbon has doubled since 2019",
    "How do you say no to your boss without getting fired?",
    "What is the point of a blockchain, really?",
]

# ---------------------------------------------------------------- generation


def cat():
    return pick(CATEGORIES)


def make_fields(**extra):
    """One consistent set of slot values, shared by a title and its body."""
    c, plural, vendors = cat()
    vs = RNG.sample(vendors, min(3, len(vendors))) + ["Foo", "Bar", "Baz"]
    role, team = pick(ROLES)
    role2, _ = pick(ROLES)
    svc, vendor = pick(SERVICES)
    lang, lang2 = RNG.sample(LANGS, 2)
    co, co2 = RNG.sample(COMPANIES, 2)
    inv, inv2 = RNG.sample(INVESTORS, 2)
    fields = dict(
        cat=c, plural=plural, ctx=pick(CATEGORY_CONTEXT), ctx2=pick(["small teams", "hospitals", "retailers",
        "developers", "law firms", "logistics teams", "schools", "restaurants", "field technicians", "banks"]),
        use=pick([plural, c + "s", plural.lower()]), feature=pick(FEATURES), feature2=pick(FEATURES), thing=pick(THINGS),
        v=vs[0], v2=vs[1], v3=vs[2], years=RNG.randint(2, 9), pain=pick(PAINS), size=pick(SIZES), biz=pick(BIZ),
        sub=pick(SUBS), budget=pick([50, 100, 300, 500, 1000, 2000]), role=role, role2=role2, team=team,
        team2=pick(["sales", "engineering", "finance", "product", "operations"]), city=pick(CITIES), region=pick(REGIONS),
        mode=pick(["Remote", "Hybrid", "Onsite", "Remote (US)", "Remote (EU)"]), goal=pick(GOALS), duty=pick(DUTIES),
        duty2=pick(DUTIES), goal2=pick(["internal tooling", "a new billing system", "our first data warehouse",
        "the partner program", "a self-serve onboarding flow", "reporting for the board"]), boss=pick(["CTO", "CEO", "VP Engineering", "COO", "CFO"]), tool=pick(TOOLS),
        n=RNG.randint(2, 9), lo=RNG.choice([80, 100, 120, 140]), hi=RNG.choice([160, 180, 200, 240]), co=co, co2=co2,
        inv=inv, inv2=inv2, amt=pick(AMOUNTS), round=pick(ROUNDS), prod=pick(PRODUCTS), batch=pick(["W24", "S23", "W22", "S21"]),
        month=pick(["Jan.", "March", "June", "Sept.", "Nov."]), day=RNG.randint(1, 28), svc=svc, vendor=vendor,
        lang=lang, lang2=lang2, topic=pick(TOPICS), task=pick(TASKS), task2=pick(TASKS2), use2=pick(USES2),
        biz2=pick(BIZ2), ver=pick(VERSIONS), animal=pick(ANIMALS), joke=pick(JOKES), hobby=pick(HOBBIES),
    )
    fields.update(extra)
    return fields


def fill(tpl, fields=None, **extra):
    fields = dict(fields) if fields else make_fields()
    fields.update(extra)
    out = tpl.format(**fields)
    return " ".join(out.split())


def emit(rows, label, source, title, text):
    title = noise(title) if title else title
    text = noise(text) if text else text
    row = {"text": text or title}
    if title and text:
        row["title"] = title
    row["source"] = source
    row["label"] = label
    rows.append(row)


def narrative():
    """Zero to two sentences of chit-chat, as real posts have around their point."""
    k = RNG.choice([0, 0, 1, 1, 2])
    return " ".join(RNG.sample(NARRATIVE[:40] + NARRATIVE[66:80], k))


def gen_seeking(rows, n):
    for _ in range(n):
        r = RNG.random()
        if r < 0.45:
            emit(rows, "seeking", "hn", None, fill(pick(SEEK_TITLES)))
        elif r < 0.75:
            f = make_fields()
            title = fill(pick(SEEK_TITLES).replace("Ask HN: ", ""), f)
            body = " ".join(x for x in [fill(pick(SEEK_BODY_OPEN), f), narrative(), fill(pick(SEEK_BODY_MID), f),
                                        narrative(), fill(pick(SEEK_BODY_ASK), f), pick(SEEK_BODY_CLOSE)] if x)
            emit(rows, "seeking", "reddit", title, body)
        else:
            emit(rows, "seeking", pick(["reddit", "hn"]), None, fill(pick(VENDOR_SEEK)))
    for s in HAND_SEEKING:
        emit(rows, "seeking", pick(["hn", "reddit"]), None, s)


def gen_switching(rows, n):
    for _ in range(n):
        f = make_fields(ctx2=pick(["small teams", "Linux", "nonprofits", "iOS", "agencies"]))
        t = fill(pick(SWITCH_TEMPLATES), f)
        if RNG.random() < 0.35:
            body = " ".join(x for x in [narrative(), fill(pick(SWITCH_BODIES), f), narrative()] if x)
            emit(rows, "switching", "reddit", t.replace("Ask HN: ", ""), body)
        else:
            if RNG.random() < 0.5 and not t.startswith("Ask HN"):
                t = "Ask HN: " + t
            emit(rows, "switching", pick(["hn", "reddit"]), None, t)
    for s in HAND_SWITCHING:
        emit(rows, "switching", pick(["hn", "reddit"]), None, s)


def gen_hiring(rows, n):
    for _ in range(n):
        if RNG.random() < 0.55:
            f = make_fields()
            title = fill(pick(["{role}", "{role} - {city}", "{role} ({mode})", "{role}, {team}"]), f)
            body = " ".join(x for x in [fill(pick(JOB_INTROS), f), fill(pick(JOB_RESP), f),
                                        fill(pick(JOB_REQS), f), fill(pick(JOB_PERKS), f)] if x)
            emit(rows, "hiring", pick(["greenhouse", "lever", "ashby"]), title, body)
        else:
            emit(rows, "hiring", pick(["hn", "reddit"]), None, fill(pick(HIRING_POSTS)))
    for s in HAND_HIRING:
        emit(rows, "hiring", pick(["hn", "reddit"]), None, s)


def gen_events(rows, n):
    for _ in range(n):
        f = make_fields()
        title = fill(pick(EVENT_TEMPLATES), f)
        if RNG.random() < 0.5:
            emit(rows, "company_event", pick(["press", "rss"]), title, fill(pick(EVENT_BODIES), f))
        else:
            emit(rows, "company_event", pick(["hn", "rss", "press"]), None, title)
    for s in HAND_EVENTS:
        emit(rows, "company_event", pick(["press", "rss", "reddit"]), None, s)


NONE_BODIES = [
    "I've been thinking about this for a while and wanted to hear what others think. {pain2}",
    "Not sure if this is the right place to ask. {pain2} Any thoughts appreciated.",
    "Context: I'm a {role} at a {biz}. {pain2}",
    "Edit: thanks everyone, this blew up.", "Title says it all.",
    "Here is my setup: {v} on a VPS, nginx in front, nightly backups. {pain2}",
    "We use {v} and {v2} at work and they're fine; I'm just curious how {topic} works under the hood.",
    "I'm not looking for product recommendations, I want to understand {topic}.",
]
PAINS2 = ["It feels like nobody talks about this.", "My coworkers disagree with me.",
          "I tried the docs but they are confusing.", "Happy to share what I found so far.",
          "This has been bugging me for weeks.", "Curious whether it's just us."]


def gen_none(rows, n):
    for _ in range(n):
        f = make_fields(pain2=pick(PAINS2))
        t = fill(pick(NONE_TEMPLATES), f)
        r = RNG.random()
        if r < 0.3:
            body = fill(pick(NONE_BODIES), f)
            emit(rows, "none", "reddit", t.replace("Ask HN: ", ""), body)
        elif r < 0.38:
            emit(rows, "none", pick(["rss", "press"]), None, t)
        else:
            emit(rows, "none", pick(["hn", "reddit"]), None, t)
    for s in HAND_NONE:
        emit(rows, "none", pick(["hn", "reddit"]), None, s)



# ---------------------------------------------------------------- diverse chaff (label none)
# Real feeds are mostly long, rambling posts and link titles about everything. Without many long
# "none" bodies the model learns "long text = job ad"; without many "Ask HN" questions that are not
# purchases it learns "Ask HN = seeking". These pools fix both.

NARRATIVE = [
    "I've been a lurker here for years and finally made an account.", "Sorry for the wall of text.",
    "English is not my first language so bear with me.", "So this happened last night and I'm still shaking.",
    "My wife thinks I'm overreacting but I don't know.", "We had a long talk about it over dinner.",
    "It started about three weeks ago when my neighbor knocked on the door.", "I called my mom right after.",
    "Anyway, that's the backstory.", "Long story short, nobody got hurt.", "I honestly don't know what to do anymore.",
    "Edit: wow, I did not expect this to blow up.", "Edit 2: to everyone asking, yes the dog is fine.",
    "Update: we talked it out and things are better now.", "TL;DR at the bottom.",
    "I was driving home from work when I saw it.", "The teacher just stared at me for a good ten seconds.",
    "My grandfather used to tell this story every Christmas.", "It was raining so hard we could barely see the road.",
    "The whole team stayed late to watch the game.", "I've lost 20 pounds since January and feel great.",
    "The patch notes say the drop rate was changed but nobody can confirm it.", "My character is level 60 now.",
    "The boss fight took us four hours and three wipes.", "Spoilers ahead for the season finale.",
    "I think the director did a great job with the ending.", "The soundtrack alone is worth it.",
    "The city council meeting went on until midnight.", "Protesters gathered outside the courthouse again.",
    "The police report still hasn't been released.", "Voting is open until Friday so make your voice heard.",
    "The senator's office did not respond to requests for comment.", "Prices at the grocery store keep going up.",
    "We just got back from a week in Portugal.", "The hike to the summit took about six hours.",
    "I'm 24, just graduated, and still live with my parents.", "My landlord raised the rent again this year.",
    "I've been learning to cook and tried making ramen from scratch.", "My cat knocked my coffee onto the keyboard.",
    "Here's the code I'm using:", "I get the following traceback when I run it:", "Any help would be appreciated.",
    "I've read the docs and searched the subreddit but couldn't find an answer.", "The script works locally but fails on the server.",
    "I'm using Python 3 and the latest version of the wrapper.", "The request returns a 403 after about an hour.",
    "It looks like the token expires but refreshing it doesn't help.", "The JSON response has way more fields than I need.",
    "I tried clearing the cache and reinstalling but it still happens.", "Solved: it was a missing header.",
    "The rate limit seems to be 60 requests per minute.", "Pagination only returns the first 1000 items.",
    "We've made some changes to how the front page is sorted.", "This change should be invisible to most users.",
    "As always, let us know in the comments if you run into bugs.", "See the code for this change on GitHub.",
    "Moderators can now choose this option in subreddit settings.", "We'll be rolling this out gradually over the next week.",
    "Thanks to everyone who gave feedback on the beta.", "We screwed up, and we're sorry.",
    "Our transparency report is published every year.", "We're updating our privacy policy, effective next month.",
    "Please keep the discussion civil and on topic.", "Posts that break the rules will be removed.",
    "I'm the creator of this show, ask me anything!", "Proof is in the sidebar.", "I'll be answering questions for the next two hours.",
    "It's been a wild year for all of us.", "Looking back, I would have done a lot of things differently.",
    "I think people underestimate how hard this is.", "Unpopular opinion, but I think the old version was better.",
    "This is the dumbest thing I've read all week.", "Can we all agree that this needs to stop?",
    "My therapist suggested I write this down.", "I finally feel like I'm making progress.",
    "The article argues that the policy made things worse.", "The study followed 3,000 participants for ten years.",
    "Researchers found no significant effect.", "The paper was published in Nature last week.",
    "The company's stock dropped 8% on the news.", "Analysts expect the trend to continue.",
    "The launch was delayed because of bad weather.", "The rocket landed safely on the drone ship.",
    "The museum reopened after a two-year renovation.", "The photo was taken at sunrise with a 50mm lens.",
    "I wrote a small bot that posts the weather every morning.", "The bot crashes after running for a day or two.",
    "I want to make a bot that replies to comments with a quote.", "I'm completely new to programming.",
    "Is this against the rules?", "Would this be considered spam?", "Does anyone else have this bug?",
    "What do you all think?", "Thoughts?", "Discuss.", "Just curious.", "Let me know what you think.",
]
CODE_LINES = [
    "r = praw.Reddit(user_agent='my_bot')", "for comment in submission.comments: print(comment.body)",
    "TypeError: 'NoneType' object is not iterable", "HTTPError: 403 Client Error: Forbidden",
    "curl -H 'Authorization: bearer TOKEN' https://oauth.example.com/api/v1/me", "SELECT * FROM users WHERE id = 1;",
    "npm ERR! code ELIFECYCLE", "Segmentation fault (core dumped)", "git rebase -i HEAD~3", "docker-compose up -d",
    "def main(): return 0", "if __name__ == '__main__':", "$ sudo apt-get install build-essential",
]
NONE_LONG_TITLES = [
    "{story_open}", "TIFU by {tifu}", "{person} of Reddit, what {question}?", "[Serious] {person}, what {question}?",
    "What's the {superl} thing you've ever {pverb}?", "Why do {group} {habit}?", "My {relative} {event}. What now?",
    "I'm {celeb}. AMA!", "[reddit change] {feature_change}", "Moderators: {feature_change}", "{feature_change}",
    "Help with {techthing}", "[{lib}] {techproblem}", "{techproblem}", "Question about {techthing}",
    "Is it just me or {opinion}?", "PSA: {psa}", "Update on {topic}", "Reddit, {question}?", "ELI5: {eli5}",
    "{game} {gamepost}", "LPT: {lpt}", "Would you rather {wyr}?", "Showerthought: {opinion}",
]
STORY_OPEN = ["My neighbor has been stealing my packages", "I just quit my job without a plan",
              "We adopted a rescue dog and she's terrified of everything", "I found my dad's old journals",
              "Got my first tattoo today", "My flight was cancelled and the airline won't help",
              "I accidentally sent a meme to my boss", "Our basement flooded for the third time this year"]
TIFU = ["locking myself out of my own wedding", "replying all to the entire company", "eating a ghost pepper on a dare",
        "deleting my thesis the night before it was due", "calling my teacher 'mom'", "dropping my phone in a lake"]
PERSONS = ["Teachers", "Nurses", "Programmers", "Parents", "Lawyers", "Chefs", "Pilots", "Scientists", "Gamers", "Introverts"]
QUESTIONS = ["is the most overrated thing in your field", "made you realize you were an adult",
             "is something you wish you had known at 20", "is the creepiest thing that happened at work",
             "are you secretly proud of", "is a skill everyone should learn", "did you get wrong for years"]
SUPERL = ["weirdest", "best", "worst", "most expensive", "funniest", "scariest", "most useless"]
PVERB = ["eaten", "found on the street", "heard a coworker say", "seen at a wedding", "bought by accident", "done for money"]
GROUPS = ["cats", "people", "Americans", "programmers", "politicians", "teenagers", "dogs", "managers"]
HABITS = ["hate Mondays", "clap when the plane lands", "always say 'we should grab lunch'", "stand so close in lines"]
RELATIVES = ["sister", "roommate", "best friend", "dad", "girlfriend", "boss", "neighbor"]
EVENTS = ["won the lottery", "got arrested", "joined a cult", "stopped talking to me", "moved across the country"]
CELEBS = ["a professional chef", "a retired astronaut", "the developer of a popular indie game", "a wildlife photographer",
          "a former NFL player", "the CEO of this site"]
FEATURE_CHANGES = ["Comment scores are now hidden for the first hour", "New listing of gilded comments",
                   "Subreddit stylesheets moved to a new CDN", "Wiki pages now support revisions",
                   "Usernames are now autolinked", "Improved spam filter for new accounts", "Search results now show flair",
                   "Saved posts can now be sorted by date", "Live threads get permalinks", "Rate limits updated for API clients"]
TECHTHINGS = ["OAuth scopes", "the search endpoint", "rate limiting", "pagination", "webhooks", "my local install",
              "the mobile site", "JSON parsing", "unicode in titles", "bot authentication"]
LIBS = ["PRAW", "Node", "Java", "PHP", "Python", "Go", "C#", "Ruby"]
TECHPROBLEMS = ["get_comments returns duplicates", "Forbidden error when editing the sidebar",
                "Can't fetch more than 100 posts", "Bot stops replying after a day", "How to get only new posts?",
                "OAuth token keeps expiring", "Submission object has no attribute 'title'", "Error 502 on every request"]
OPINIONS = ["the new design is worse", "movies are getting too long", "everyone is on their phone all the time",
            "coffee tastes better from a mug", "nobody reads the rules", "the sequel was better than the original"]
PSAS = ["check your smoke detectors", "back up your photos", "the subreddit will be private tomorrow",
        "don't click links in DMs", "turn on two-factor authentication"]
ELI5 = ["why the sky is blue", "how vaccines work", "why ice floats", "what inflation actually is", "how GPS works"]
GAMES = ["[PS4]", "[PC]", "[Xbox]", "[FO4]", "[WoW]", "[MSEA]", "[LoL]"]
GAMEPOSTS = ["finally beat the final boss", "is this a bug?", "best build for a new player?", "LF2M raid tonight",
             "my first legendary drop!", "patch notes discussion"]
LPTS = ["set a timer when you start procrastinating", "keep a spare key at a neighbor's", "write down your passwords' hints, not the passwords"]
WYR = ["fly or be invisible", "live without music or without movies", "be always early or always late"]

HN_NONE_QUESTIONS = [
    "Ask HN: How do you {hverb} {hobj}?", "Ask HN: Why {hwhy}?", "Ask HN: Should I {hshould}?",
    "Ask HN: Is it {hadj} to {hshould}?", "Ask HN: What's the {superl} {hnoun} you've {hpverb}?",
    "Ask HN: Anyone else {hanyone}?", "Ask HN: Where do I start with {topic}?", "Ask HN: How to {hshould}?",
    "Ask HN: What do you think about {hthink}?", "Ask HN: What would you do if {hif}?", "Ask HN: Does anyone {hanyone}?",
    "Ask HN: How does {hthink} make money?", "Ask HN: Is {hthink} a bubble?", "Ask HN: Has anyone {hpverb} {hobj}?",
    "Ask HN: What are your thoughts on {hthink}?", "Ask HN: When did you {hwhen}?", "Ask HN: How much do you {hmuch}?",
    "Ask HN: What did you learn from {hlearn}?", "Ask HN: How common is {hcommon}?", "Ask HN: Can I {hshould}?",
    "Ask HN: Is it worth {hworth}?", "Ask HN: What happened to {hthink}?", "Ask HN: Who {hwho}?",
    "Ask HN: Is there a name for {hname}?", "Ask HN: How do I explain {hobj} to {hto}?",
    "Ask HN: What are some examples of {hexamples}?", "Ask HN: What's your {hyour}?",
    "Ask HN: Best resources for learning {topic}?", "Ask HN: What books changed how you think about {topic}?",
    "Ask HN: Which language should I learn after {lang}?", "Ask HN: {lang} vs {lang2} for {hproj}?",
    "Ask HN: Would you use {hwould}?", "Ask HN: Is anyone interested in {hwould}?", "Ask HN: Feedback on my {hproj}?",
    "Ask HN: How should I price {hproj}?", "Ask HN: How did you get your first {hfirst}?",
]
HVERB = ["organize", "keep track of", "manage", "deal with", "learn", "stay on top of", "find time for", "prioritize",
         "remember", "explain", "test", "document", "back up"]
HOBJ = ["side projects", "your reading list", "technical debt", "meetings", "email overload", "new concepts",
        "personal finances", "your health as a developer", "legacy code", "a large refactor", "ideas",
        "code reviews", "imposter syndrome", "a toxic coworker", "a slow-paying client", "burnout"]
HWHY = ["is software so slow today", "do so many startups fail", "is CSS so hard", "are there so few women in tech",
        "doesn't Google fix search", "do companies still use Java", "is hiring so broken", "is housing so expensive",
        "do recruiters ghost candidates", "are interviews so different from the job", "do we still use email"]
HSHOULD = ["quit my job to work on my startup", "go back to school", "learn Rust", "move to the Bay Area",
           "take a pay cut for a more interesting job", "open source my company's code", "incorporate as a freelancer",
           "tell my manager I'm interviewing", "accept a counter offer", "relocate for a job", "get a master's degree",
           "write a blog", "sell my side project", "rewrite our app from scratch", "patent my idea"]
HADJ = ["normal", "legal", "ethical", "a bad idea", "realistic", "too late"]
HNOUN = ["bug", "code", "interview question", "job", "hack", "talk", "side project", "mistake"]
HPVERB = ["seen", "written", "fixed", "shipped", "been asked", "inherited", "regretted"]
HANYONE = ["feel like tech is getting worse", "miss the old web", "work better at night", "use a paper notebook",
           "get anxious before standups", "still write Perl", "regret moving into management", "hate open offices"]
HTHINK = ["the new MacBooks", "remote work", "AI replacing programmers", "Bitcoin", "self-driving cars",
          "Google's new logo", "microservices", "the App Store rules", "YC", "Elon Musk", "net neutrality", "Angular 2"]
HIF = ["you had a year off", "you were CTO for a day", "your startup ran out of money", "you had to start over"]
HWHEN = ["start programming", "realize you were senior", "decide to quit", "feel confident as a developer"]
HMUCH = ["spend on rent", "earn as a freelancer", "sleep", "read per week", "save per month"]
HLEARN = ["your failed startup", "being laid off", "your first year as a manager", "selling your company"]
HCOMMON = ["age discrimination in tech", "working weekends", "unpaid overtime", "lying on a resume"]
HWHO = ["moderates HN", "is hiring remote juniors these days", "else is working on Christmas", "here is over 50"]
HNAME = ["this design pattern", "this kind of bug", "this cognitive bias"]
HTO = ["my parents", "a five year old", "non-technical founders", "my manager"]
HEXAMPLES = ["beautiful code", "great documentation", "good error messages", "well-designed APIs", "elegant hacks"]
HYOUR = ["morning routine", "favorite HN post", "biggest regret", "salary", "unpopular programming opinion", "home office setup"]
HPROJ = ["side project", "landing page", "startup idea", "SaaS", "web app", "open source library"]
HWOULD = ["an app that tracks your relationships", "a sports data API", "a marketplace for used servers",
          "a weekly digest of HN", "a service that alerts you about price drops"]
HFIRST = ["customer", "job in tech", "freelance client", "1000 users", "investor"]
HWORTH = ["learning Haskell", "doing a PhD", "moving to SF", "buying a house in this market", "contributing to open source"]

LINK_TITLES = [
    "{proper}: {desc}", "{proper} – {desc}", "Show HN: {proper} – {desc}", "Why {claim}", "How {proper} {achieved}",
    "{proper} {version} released", "The {adjx} guide to {topic}", "{topic} is {adjx}", "What {group} can teach us about {topic}",
    "A {adjx} look at {topic}", "{proper} shuts down", "{proper} is now open source", "In defense of {topic}",
    "{num} things I learned about {topic}", "{topic}: a retrospective", "The end of {topic}", "Rethinking {topic}",
    "{proper} says {claim}", "Study: {claim}", "{proper} fined over {scandal}", "{proper} earnings beat expectations",
    "{proper} stock falls after {scandal}", "Inside {proper}'s {adjx} {noun}", "The {noun} that {achieved}",
]
PROPERS = ["Mozilla", "Firefox", "Debian", "Tesla", "Apple", "Microsoft", "Google", "Amazon", "Netflix", "Uber",
           "GitHub", "Twitter", "Dropbox", "Stripe", "SpaceX", "NASA", "CERN", "Wikipedia", "Nix", "Guix", "Redis",
           "Postgres", "SQLite", "Linux", "FreeBSD", "Vim", "Emacs", "Kubernetes", "React", "Rust", "Go", "Swift",
           "Kotlin", "Elm", "Deno", "Zig", "OpenBSD", "LLVM", "Valve", "Nintendo", "Sony", "Intel", "AMD", "Nvidia"]
DESCS = ["a purely functional package manager", "a tiny web server in 500 lines", "fast JSON parsing in C",
         "an experimental compiler for a toy language", "simple immutable data structures", "a terminal UI for git",
         "local HTTPS for development", "a static analyzer for shell scripts", "a 3D engine in the browser",
         "a radio protocol for microcontrollers", "plotting numbers from any website", "a key-value store on SQLite"]
CLAIMS = ["the web is getting slower", "elephants rarely get cancer", "remote work is here to stay",
          "most code reviews are useless", "sleep matters more than you think", "cities should ban cars",
          "nobody understands floating point", "the four-day week works", "open offices hurt productivity"]
ACHIEVED = ["scaled to a billion requests", "survived the outage", "changed the industry", "cut build times in half",
            "rebuilt their search engine", "went from zero to one million users"]
ADJX = ["definitive", "surprising", "brief", "hidden", "unreasonable", "illustrated", "forgotten", "strange"]
NOUNS2 = ["data center", "lab", "archive", "factory", "team", "algorithm", "machine"]
SCANDALS = ["privacy violations", "a data leak", "antitrust concerns", "misleading ads", "a recall"]


def long_none_body():
    parts = RNG.sample(NARRATIVE, RNG.randint(3, 9))
    if RNG.random() < 0.25:
        parts.insert(RNG.randint(0, len(parts)), pick(CODE_LINES))
    return " ".join(parts)


def chaff_fields():
    f = make_fields()
    f.update(story_open=pick(STORY_OPEN), tifu=pick(TIFU), person=pick(PERSONS), question=pick(QUESTIONS),
             superl=pick(SUPERL), pverb=pick(PVERB), group=pick(GROUPS), habit=pick(HABITS), relative=pick(RELATIVES),
             event=pick(EVENTS), celeb=pick(CELEBS), feature_change=pick(FEATURE_CHANGES), techthing=pick(TECHTHINGS),
             lib=pick(LIBS), techproblem=pick(TECHPROBLEMS), opinion=pick(OPINIONS), psa=pick(PSAS), eli5=pick(ELI5),
             game=pick(GAMES), gamepost=pick(GAMEPOSTS), lpt=pick(LPTS), wyr=pick(WYR), hverb=pick(HVERB),
             hobj=pick(HOBJ), hwhy=pick(HWHY), hshould=pick(HSHOULD), hadj=pick(HADJ), hnoun=pick(HNOUN),
             hpverb=pick(HPVERB), hanyone=pick(HANYONE), hthink=pick(HTHINK), hif=pick(HIF), hwhen=pick(HWHEN),
             hmuch=pick(HMUCH), hlearn=pick(HLEARN), hcommon=pick(HCOMMON), hwho=pick(HWHO), hname=pick(HNAME),
             hto=pick(HTO), hexamples=pick(HEXAMPLES), hyour=pick(HYOUR), hproj=pick(HPROJ), hwould=pick(HWOULD),
             hfirst=pick(HFIRST), hworth=pick(HWORTH), proper=pick(PROPERS), desc=pick(DESCS), claim=pick(CLAIMS),
             achieved=pick(ACHIEVED), adjx=pick(ADJX), noun=pick(NOUNS2), scandal=pick(SCANDALS),
             num=RNG.randint(3, 15), version=pick(VERSIONS))
    return f


def gen_chaff(rows, n_long, n_hn, n_links):
    for _ in range(n_long):
        f = chaff_fields()
        emit(rows, "none", "reddit", fill(pick(NONE_LONG_TITLES), f), long_none_body())
    for _ in range(n_hn):
        emit(rows, "none", "hn", None, fill(pick(HN_NONE_QUESTIONS), chaff_fields()))
    for _ in range(n_links):
        emit(rows, "none", pick(["hn", "rss", "reddit"]), None, fill(pick(LINK_TITLES), chaff_fields()))


# ---------------------------------------------------------------- generic English (label none)
# A small grammar over broad word lists, so that everyday vocabulary is common in "none" and the
# model has to look at the few words that carry intent.

G_NOUNS = """dog cat car house city school teacher student kid parent friend brother sister wife husband
girlfriend boyfriend neighbor doctor nurse police officer lawyer judge president senator mayor council
government law bill vote election protest court trial prison game player team coach season match score
movie show episode actor director song album band concert book author story chapter character plot
ending sequel trailer ticket phone laptop screen battery charger cable keyboard mouse printer camera photo
picture video stream channel subreddit post comment upvote downvote karma thread mod admin bot user
account password email message inbox notification feature update change bug error crash server database
query request response token script function variable loop class object method library wrapper module
package install build deploy release version patch commit branch merge repository code file folder
directory log config setting option button page link site website browser tab window app store review
rating price money rent job boss coworker office meeting interview salary raise promotion career degree
college university class exam test grade homework lecture professor thesis paper study research data
result experiment theory science history war army soldier empire king queen country state border island
river mountain lake ocean beach forest tree flower garden farm food pizza burger coffee tea beer wine
dinner lunch breakfast recipe kitchen restaurant bar party wedding birthday holiday vacation trip flight
airport hotel train bus bike road traffic accident hospital surgery medicine pill disease virus vaccine
health sleep dream nightmare ghost monster dragon sword armor quest level boss raid guild server map
planet star moon space rocket satellite telescope universe energy power electricity solar battery oil
gas climate weather rain snow storm winter summer spring morning night weekend week month year decade
century minute hour time day life death family baby child grandmother grandfather uncle aunt cousin
pet puppy kitten horse bird fish snake spider bee ant bear wolf lion tiger elephant monkey shark whale""".split()
G_VERBS_PAST = """found lost broke fixed built bought sold watched read wrote played won missed forgot remembered
called texted visited left joined quit started finished tried learned taught saw heard noticed realized
decided refused agreed argued laughed cried yelled walked drove flew ran cooked ate drank cleaned painted
moved changed updated deleted posted shared downloaded installed deployed tested reported banned removed
approved ignored followed opened closed locked dropped carried threw caught kept gave took""".split()
G_ADJS = """old new big small weird funny sad happy angry tired lazy busy quiet loud cheap expensive broken
perfect terrible amazing awful strange scary beautiful ugly simple complex slow fast hot cold wet dry
dark bright long short early late real fake free local public private official random popular famous
rare common huge tiny serious stupid smart honest crazy normal""".split()
G_PATTERNS = [
    "My {n1} {v} the {n2} yesterday.", "The {a} {n1} {v} my {n2}.", "I {v} a {a} {n1} at the {n2}.",
    "Last {time}, we {v} the {n1} and it was {a}.", "Has anyone else {v} a {n1} like this?",
    "Why does every {n1} have to be so {a}?", "The {n1} was {a}, but the {n2} was even more {a}.",
    "I can't believe the {n1} {v} the {n2} again.", "So my {n1} and I {v} the {n2} for the first time.",
    "Apparently the {n1} {v} the {n2} and nobody {v2} it.", "It turns out the {n1} is {a} after all.",
    "Is it {a} that my {n1} {v} the {n2}?", "We {v} the {n1}, then the {n2} {v2} everything.",
    "Nobody told me the {n1} would be this {a}.", "The {a} part is that the {n1} still works.",
    "What would you do if your {n1} {v} your {n2}?", "What is the most {a} {n1} you have ever seen?",
    "Every {time} the {n1} gets more {a}.", "Honestly the {n1} is the best {n2} I have.",
    "Our {n1} {v} the {n2} and now the whole {n3} is {a}.", "They {v} the {n1} without telling the {n2}.",
    "If the {n1} is {a}, the {n2} will be too.", "The {n1} in the {n2} {v} a {a} {n3}.",
]
G_TIMES = ["week", "night", "year", "summer", "month", "weekend", "season", "morning"]


def generic_sentence():
    n1, n2, n3 = RNG.sample(G_NOUNS, 3)
    v, v2 = RNG.sample(G_VERBS_PAST, 2)
    text = pick(G_PATTERNS).format(n1=n1, n2=n2, n3=n3, v=v, v2=v2, a=pick(G_ADJS), time=pick(G_TIMES))
    return text[0].upper() + text[1:]


def generic_body(k_min=2, k_max=8):
    parts = [generic_sentence() for _ in range(RNG.randint(k_min, k_max))]
    if RNG.random() < 0.5:
        parts.insert(RNG.randint(0, len(parts)), pick(NARRATIVE))
    return " ".join(parts)


HN_RECOMMEND_NEGATIVES = [
    "Ask HN: What {media} do you recommend {mctx}?", "Ask HN: Recommend {media} about {topic}?",
    "Ask HN: Best {media} on {topic}?", "Ask HN: Any {media} you would recommend?",
    "Ask HN: Suggestions for {media} {mctx}?", "Ask HN: {media} recommendations for {mperson}?",
    "Ask HN: What {media} changed your life?", "Ask HN: Which {media} do you follow?",
    "Ask HN: Recommendations for {advice}?", "Ask HN: Any advice on {advice}?", "Ask HN: Suggestions on {advice}?",
    "Ask HN: What would you recommend for {advice}?", "Ask HN: Which {lang_or_field} should I study?",
    "Ask HN: Switching from {field} to {field2}?", "Ask HN: Making the switch from {field} to {field2}",
]
MEDIA = ["books", "podcasts", "newsletters", "blogs", "talks", "YouTube channels", "documentaries", "papers",
         "courses", "bootcamps", "online classes", "MOOCs", "textbooks", "novels", "movies", "video games",
         "websites to read", "subreddits", "conferences", "meetups", "tutorials", "articles"]
MCTX = ["for a new manager", "for a beginner", "for a long flight", "for kids", "to a new grad", "this year",
        "for learning math", "for a new dad", "for self-taught developers", "for founders"]
MPERSON = ["a junior developer", "my teenage son", "a CS student", "a new CTO", "a designer learning to code"]
ADVICE = ["a noisy open office", "staying healthy at a desk job", "negotiating salary", "moving to Berlin",
          "a first-time speaker", "selling into developing markets", "dealing with a difficult cofounder",
          "learning to draw", "weight loss for developers", "improving my focus", "a career change at 40",
          "raising a seed round", "pricing my product", "writing a resume", "visiting San Francisco"]
LANG_OR_FIELD = ["language", "math topic", "field", "framework paradigm", "degree"]
ABSTRACT = ["the credit rating agencies", "capitalism", "the 9 to 5", "college", "working for someone else",
            "the App Store model", "advertising as a business model", "the patent system", "a CS degree"]
FIELDS = ["physics", "finance", "teaching", "law", "academia", "sales", "backend", "frontend", "management", "QA"]


def gen_generic(rows, n_bodies, n_hn_neg):
    for _ in range(n_bodies):
        f = chaff_fields()
        title = fill(pick(NONE_LONG_TITLES), f) if RNG.random() < 0.6 else generic_sentence()
        emit(rows, "none", pick(["reddit", "reddit", "rss"]), title, generic_body())
    for _ in range(n_hn_neg):
        f = chaff_fields()
        f.update(media=pick(MEDIA), mctx=pick(MCTX), mperson=pick(MPERSON), advice=pick(ADVICE),
                 lang_or_field=pick(LANG_OR_FIELD), abstract=pick(ABSTRACT), field=pick(FIELDS), field2=pick(FIELDS))
        emit(rows, "none", "hn", None, fill(pick(HN_RECOMMEND_NEGATIVES), f))


# Terse product requests, as Hacker News titles often are ("Ask HN: Cheap tablet?").
PRODUCT_NOUNS = """tablet laptop phone headphones headset monitor router webcam microphone keyboard mouse chair
desk printer scanner NAS server VPS GPU camera drone e-reader smartwatch light bulb thermostat doorbell
editor IDE terminal shell database ORM framework library SDK API plugin extension app tool service platform
provider host solution software suite CRM ERP CMS wiki tracker monitor dashboard scheduler calendar planner
notes app todo app diary app budgeting app password manager VPN backup service email client RSS reader
feed reader chat app messenger video player screen recorder diagram tool file editor hex editor diff tool
test runner CI server build tool linter profiler debugger logger queue cache CDN DNS host registrar
payment gateway payout API invoicing tool accounting app payroll service bank card insurance broker
consultant contractor agency freelancer designer developer studio firm vendor supplier manufacturer""".split("\n")
PRODUCT_NOUNS = [w for line in PRODUCT_NOUNS for w in line.split()]
PRODUCT_ADJS = ["Cheap", "Free", "Good", "Best", "Reliable", "Simple", "Lightweight", "Open-source", "Self-hosted",
                "Paid", "Affordable", "Decent", "Minimal", "Privacy-friendly", "Fast", "Offline", "Collaborative",
                "EU-based", "UK based", "Linux-friendly", "Secure", "Hosted", "Managed"]
TERSE_SEEK = [
    "Ask HN: {padj} {pnoun}?", "Ask HN: {padj} {pnoun} for {pfor}?", "Ask HN: {pnoun} for {pfor}?",
    "Ask HN: {padj} {pnoun} that {feature}", "Ask HN: The best {pnoun} to {pto}", "Ask HN: A {pnoun} to {pto}?",
    "Ask HN: Your recommended {pnoun}?", "Ask HN: What is your recommended {pnoun}", "Ask HN: Favorite {pnoun} for {pfor}?",
    "Ask HN: Is {v} good enough to use?", "Ask HN: Have you tried {v}? Worth it?", "Ask HN: {pnoun} like {v} but {pbut}?",
    "Ask HN: Which {pnoun} should I use for {pfor}?", "Ask HN: What {pnoun} should we use?", "{padj} {pnoun}?",
    "Ask HN: Anyone using {v}? Thinking of buying", "Ask HN: {v} or {v2}?", "Ask HN: Is there a {pnoun} that {feature}?",
    "Ask HN: Looking for a {pnoun} for {pfor}", "Ask HN: Need a {padj} {pnoun}", "Ask HN: Recommend a {pnoun}?",
]
PFOR = ["a small team", "new projects", "my parents", "Windows", "Linux", "a side project", "home", "the office",
        "our startup", "iOS", "Node.js", "Python", "a nonprofit", "remote work", "freelancers", "students", "my shop"]
PTO = ["keep a work diary", "track expenses", "plan projects", "take notes", "share files with clients",
       "monitor servers", "send newsletters", "back up photos", "manage passwords", "record podcasts"]
PBUT = ["cheaper", "self-hosted", "open source", "for Linux", "without the bloat"]

EVENT_EXTRA = [
    "All new {proper} {gadget}", "{proper} {gadget} [beta]", "{proper} for {platform} [beta]", "Introducing {proper} {offering}",
    "{proper} launches {offering}", "{proper} {offering} is now generally available", "{proper} for {platform}",
    "{founder} secures VC funding for {venture}", "{founder}'s startup raises money to build {venture}",
    "{proper} and {proper2} are building {infra}", "{proper} to build {infra}", "{proper} opens {infra}",
    "{proper} buys {proper2}", "{proper} snaps up {proper2} to expand into {venture}",
    "{startup} (YC {batch}) helps {ctx2} with {venture}", "{startup} (YC {batch}) is launching today",
]
GADGETS = ["Echo", "tablet", "smart speaker", "watch", "headphones", "e-reader", "router", "camera"]
PLATFORMS = ["Web", "Android", "iOS", "Linux", "ChromeBooks", "Windows", "Mac", "Visual Studio Code", "Slack"]
OFFERINGS = ["Documentation", "a payments API", "Teams", "Cloud Functions", "a business plan", "a developer program",
             "an enterprise tier", "a marketplace", "C/C++ extension", "a new data center region"]
FOUNDERS = ["A famous hacker", "Former Google engineer", "Ex-Uber executive", "Two teenagers", "A Stanford dropout"]
VENTURES = ["self-driving cars", "cheap satellites", "home robots", "AI bookkeeping", "vertical farming", "budget tools"]
INFRA = ["a giant undersea cable", "a new data center in Ireland", "a solar farm", "a chip factory in Arizona",
         "an office in Singapore", "a research lab in Toronto"]
STARTUPS = ["Flowly", "Stackbird", "Pennywise", "Tidal Labs", "Mintcraft", "Roomly", "Quokka Health"]


def gen_terse(rows, n_seek, n_event):
    for _ in range(n_seek):
        f = make_fields()
        f.update(padj=pick(PRODUCT_ADJS), pnoun=pick(PRODUCT_NOUNS), pfor=pick(PFOR), pto=pick(PTO), pbut=pick(PBUT))
        emit(rows, "seeking", "hn", None, fill(pick(TERSE_SEEK), f))
    for _ in range(n_event):
        f = make_fields()
        p1, p2 = RNG.sample(PROPERS, 2)
        f.update(proper=p1, proper2=p2, gadget=pick(GADGETS), platform=pick(PLATFORMS), offering=pick(OFFERINGS),
                 founder=pick(FOUNDERS), venture=pick(VENTURES), infra=pick(INFRA), startup=pick(STARTUPS))
        emit(rows, "company_event", pick(["hn", "rss", "press"]), None, fill(pick(EVENT_EXTRA), f))


# More "none" that shares surface cues with the intent classes: comparisons that are articles, money
# in the news that is not funding, site announcements, and "which/best" questions about non-products.
NEAR_MISS = [
    "{proper} vs. {proper2}: a benchmark", "{lang} vs {lang2} performance comparison", "{proper} vs {proper2} in court",
    "Advanced {proper} vs. {proper2}", "{proper} and {proper2} shed ${num}bn of value", "{proper} shares jump {num}%",
    "{proper} buyback plan angers employees", "{proper} posts record loss of ${num}M", "{proper} earnings swing to profit",
    "Why {proper} is worth ${num} billion", "{proper} founder files for bankruptcy", "{proper} pays ${num}M to settle lawsuit",
    "Introducing new {policy}", "We are updating our {policy}", "Our {year} transparency report", "An update on {policy}",
    "{proper} in {year}: a look back", "Out with {year}, in with {year2}", "Changes to the {policy}",
    "Which {nonproduct} would you choose and why?", "What is the best {nonproduct} of all time?",
    "Best {nonproduct} you have ever seen?", "Which {nonproduct} is the most underrated?",
    "What {nonproduct} should I watch next?", "Recommend me {nonproduct2}", "What's a {nonproduct} everyone should try once?",
    "Looking back on {lang} {num} and ahead to {lang} {num2}", "{proper} moves closer to building {infra}",
    "New {science} promises order-of-magnitude speedups", "Scientists build {science}", "Researchers unveil {science}",
    "{proper} launches investigation into {scandal}", "Government launches program to fund {science}",
    "{proper} is hiring fewer engineers this year, report says", "{proper} hiring freeze extends to {year2}",
    "Who is hiring? Tech layoffs tracker for {year}", "The hiring process at {proper} is broken, says ex-employee",
    "{proper} acquires a taste for {science}", "How to raise money for your school club",
]
POLICIES = ["API terms", "content policy", "privacy policy", "moderator guidelines", "rules for bots", "ad policy",
            "user agreement", "community guidelines", "API rate limits"]
NONPRODUCT = ["country", "movie", "band", "album", "pizza topping", "superpower", "TV show", "season", "city to live in",
              "video game", "holiday", "dog breed", "sport", "board game", "meme", "book series"]
NONPRODUCT2 = ["a movie for tonight", "a song that cheers you up", "a good documentary", "a novel", "a hiking trail"]
SCIENCE = ["a 3-D printed rocket engine", "an artificial leaf", "molecular nanomachines", "a quantum computer",
           "a new optimization algorithm", "a battery that lasts a week", "a fusion reactor prototype"]


def gen_near_miss(rows, n):
    for _ in range(n):
        f = make_fields()
        p1, p2 = RNG.sample(PROPERS, 2)
        f.update(proper=p1, proper2=p2, num=RNG.randint(2, 90), num2=RNG.randint(2, 9), policy=pick(POLICIES),
                 year=RNG.randint(2010, 2024), year2=RNG.randint(2011, 2025), nonproduct=pick(NONPRODUCT),
                 nonproduct2=pick(NONPRODUCT2), infra=pick(INFRA), science=pick(SCIENCE), scandal=pick(SCANDALS))
        title = fill(pick(NEAR_MISS), f)
        if RNG.random() < 0.4:
            emit(rows, "none", "reddit", title, generic_body(1, 5))
        else:
            emit(rows, "none", pick(["hn", "rss", "reddit"]), None, title)


G_QUESTIONS = [
    "Why does every {n1} have to be so {a}?", "Is it {a} that my {n1} {v} the {n2}?", "What would you do if your {n1} {v} your {n2}?",
    "How do you deal with a {a} {n1}?", "Should I tell my {n1} about the {n2}?", "Is a {a} {n1} worth it?",
    "When did the {n1} become so {a}?", "What have you {v} this {time}?", "Does anyone else think the {n1} is {a}?",
    "How common is a {a} {n1}?", "Can we talk about the {n1}?", "Is the {n1} really {a}?", "Where did the {n1} go?",
    "Who else {v} a {n1} this {time}?", "How did you {v0} your first {n1}?", "What is the deal with the {n1}?",
    "Worth it to {v0} a {n1} at 30?", "Any tips for a {a} {n1}?", "Best way to {v0} a {n1}?", "{a} {n1}?",
]
V0 = ["find", "fix", "learn", "start", "build", "sell", "explain", "handle", "organize", "avoid", "quit", "value"]


def generic_question():
    n1, n2 = RNG.sample(G_NOUNS, 2)
    v, = RNG.sample(G_VERBS_PAST, 1)
    q = pick(G_QUESTIONS).format(n1=n1, n2=n2, v=v, v0=pick(V0), a=pick(G_ADJS), time=pick(G_TIMES))
    return q[0].upper() + q[1:]


def gen_generic_questions(rows, n):
    for _ in range(n):
        q = generic_question()
        r = RNG.random()
        if r < 0.6:
            emit(rows, "none", "hn", None, "Ask HN: " + q)
        elif r < 0.8:
            emit(rows, "none", "reddit", q, generic_body(1, 4))
        else:
            emit(rows, "none", "reddit", None, q)


# ---------------------------------------------------------------- hand-written posts (written/*.txt)
# About 1,500 posts written by the team one by one (not from templates): the templates above give
# volume, these give the variety of real phrasing and of the nouns people ask about. Each line is
# emitted as written, with its "Ask HN:" prefix toggled (so the prefix itself is no class cue) and
# once more through noise().

WRITTEN_LABELS = ["seeking", "switching", "hiring", "company_event", "none"]
ASK_PREFIX = "Ask HN: "


def read_written(label):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "written", label + ".txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            title, _, body = line.partition(" || ")
            yield title.strip(), body.strip()


# Cross-validation (data/intent/cv.py): `generate.py --exclude-fold K/N` leaves out the written
# posts of fold K of N, so a model can be scored on posts it never saw. Without the option every
# post is used and the output is the committed train.jsonl.
EXCLUDE_FOLD = None


def written_fold(title, body, folds):
    """The fold of a written post: FNV-1a of "TITLE || BODY" (or TITLE) modulo `folds`."""
    line = title + (" || " + body if body else "")
    h = 1469598103934665603
    for c in line.encode("utf-8"):
        h ^= c
        h = (h * 1099511628211) % (1 << 64)
    return h % folds


def gen_written(rows):
    for label in WRITTEN_LABELS:
        for title, body in read_written(label):
            if EXCLUDE_FOLD and written_fold(title, body, EXCLUDE_FOLD[1]) == EXCLUDE_FOLD[0]:
                continue
            if title.startswith("Press release: "):
                emit(rows, label, "press", title[len("Press release: "):], body)
                continue
            if body:
                emit(rows, label, "reddit", title, body)
                emit(rows, label, pick(["reddit", "hn"]), title, body)
                continue
            source = "hn" if title.split(":")[0] in ("Ask HN", "Show HN", "Launch HN") else pick(["hn", "reddit"])
            emit(rows, label, source, None, title)
            if title.startswith(ASK_PREFIX):
                emit(rows, label, pick(["hn", "reddit"]), None, title[len(ASK_PREFIX):])
            elif title.endswith("?"):
                emit(rows, label, "hn", None, ASK_PREFIX + title)
            emit(rows, label, source, None, title.lower().rstrip("?!."))


def main():
    global EXCLUDE_FOLD
    if len(sys.argv) == 3 and sys.argv[1] == "--exclude-fold":
        k, n = sys.argv[2].split("/")
        EXCLUDE_FOLD = (int(k), int(n))
    elif len(sys.argv) != 1:
        sys.exit("usage: generate.py [--exclude-fold K/N] > train.jsonl")
    rows = []
    gen_seeking(rows, 1050)
    gen_switching(rows, 520)
    gen_hiring(rows, 520)
    gen_events(rows, 540)
    gen_none(rows, 1500)
    gen_chaff(rows, n_long=700, n_hn=900, n_links=700)
    gen_generic(rows, n_bodies=900, n_hn_neg=300)
    gen_terse(rows, n_seek=700, n_event=300)
    gen_near_miss(rows, 700)
    gen_generic_questions(rows, 900)
    gen_written(rows)
    # Deduplicate on text, keep the first occurrence, then shuffle deterministically.
    seen, unique = set(), []
    for row in rows:
        key = (row.get("title", ""), row["text"].lower())
        if key in seen:
            continue
        seen.add(key)
        unique.append(row)
    RNG.shuffle(unique)
    for row in unique:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
