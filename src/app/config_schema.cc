#include "app/config_schema.h"

#include <string>

#include "billing/credit_pack.h"
#include "retention/retention_policy.h"

namespace leados::app {
namespace {

using core::ConfigKey;
using core::ConfigType;
using Strings = std::vector<std::string>;

std::optional<std::string> ValidateDatabaseUrl(const core::ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  if (s.empty() || s.rfind("sqlite:", 0) == 0 || s.rfind("postgresql://", 0) == 0 ||
      s.rfind("postgres://", 0) == 0) {
    return std::nullopt;
  }
  return "must be empty (SQLite in the data folder), sqlite:PATH or "
         "postgresql://USER@HOST:PORT/DB, got '" +
         s + "'";
}

std::optional<std::string> ValidateRedisUrl(const core::ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  if (s.empty() || s.rfind("redis://", 0) == 0) return std::nullopt;
  return "must be empty (the embedded store in the data folder) or redis://HOST:PORT[/DB], got '" +
         s + "'";
}

std::optional<std::string> ValidatePositive(const core::ConfigValue& v) {
  if (std::get<int64_t>(v) > 0) return std::nullopt;
  return "must be greater than 0";
}

std::optional<std::string> ValidatePositiveRate(const core::ConfigValue& v) {
  const double rate = std::get<double>(v);
  if (rate > 0 && rate <= 1e6) return std::nullopt;
  return "must be a number of requests per second greater than 0 (fractions allowed, e.g. 0.5)";
}

// retention.<key>_days: 1 up to the privacy policy's period (the configuration may only shorten).
std::function<std::optional<std::string>(const core::ConfigValue&)> RetentionDays(
    std::string_view key) {
  return [key](const core::ConfigValue& v) -> std::optional<std::string> {
    auto periods = retention::RetentionPeriods::FromDays({{std::string(key), std::get<int64_t>(v)}});
    if (periods) return std::nullopt;
    const std::string& m = periods.error().message;  // "retention.<key>_days: must be …"
    const size_t colon = m.find(": ");
    return colon == std::string::npos ? m : m.substr(colon + 2);
  };
}

}  // namespace

const std::vector<ConfigKey>& ConfigSchema() {
  static const std::vector<ConfigKey> schema = {
      // server
      {"server.listen", ConfigType::kString, std::string("127.0.0.1:8080"), false,
       "HOST:PORT the HTTP server binds (port 0 picks a free port)", core::ValidateHostPort},
      {"server.threads", ConfigType::kInt, int64_t{2}, false, "HTTP worker threads",
       core::ValidateRange(1, 256)},
      {"server.max_body_bytes", ConfigType::kInt, int64_t{1 << 20}, false,
       "largest request body accepted (413 above)", ValidatePositive},
      {"server.max_header_bytes", ConfigType::kInt, int64_t{16 << 10}, false,
       "largest request header block accepted (431/400 above)", ValidatePositive},
      {"server.read_timeout_seconds", ConfigType::kInt, int64_t{30}, false,
       "time a client has to send a whole request (slow clients are cut off)", ValidatePositive},
      {"server.idle_timeout_seconds", ConfigType::kInt, int64_t{75}, false,
       "keep-alive connections idle longer than this are closed", ValidatePositive},
      {"server.shutdown_grace_seconds", ConfigType::kInt, int64_t{30}, false,
       "on SIGTERM, in-flight requests get this long to finish", ValidatePositive},
      {"server.public_url", ConfigType::kString, std::string(), false,
       "the URL users reach LeadOS at (links in emails); defaults to http://LISTEN"},
      {"server.access_log", ConfigType::kBool, true, false, "one JSON log line per request"},
      {"server.static_dir", ConfigType::kString, std::string(), false,
       "folder of the built client portal served at / (web/dist); empty: the build's web/dist "
       "beside the binary when it exists; \"none\": serve the API only"},
      // tls
      {"tls.cert_file", ConfigType::kString, std::string(), false,
       "PEM certificate chain; with tls.key_file the server speaks TLS 1.2+ itself"},
      {"tls.key_file", ConfigType::kString, std::string(), false,
       "PEM private key for tls.cert_file"},
      // storage
      {"data.dir", ConfigType::kString, std::string("./var"), false,
       "folder of the embedded default: SQLite database, embedded KV/queue, files, invoices"},
      {"database.url", ConfigType::kString, std::string(), false,
       "empty: SQLite at DATA/leados.db; or postgresql://USER@HOST:PORT/DB", ValidateDatabaseUrl},
      {"database.pool_size", ConfigType::kInt, int64_t{8}, false,
       "PostgreSQL connections per process", core::ValidateRange(1, 512)},
      {"kv.url", ConfigType::kString, std::string(), false,
       "empty: embedded KV at DATA/kv.db; or redis://HOST:PORT[/DB]", ValidateRedisUrl},
      {"kv.prefix", ConfigType::kString, std::string("leados:"), false,
       "prefix of every Redis key"},
      {"queue.url", ConfigType::kString, std::string(), false,
       "empty: same backend as kv.url; or redis://HOST:PORT[/DB]", ValidateRedisUrl},
      {"queue.max_attempts", ConfigType::kInt, int64_t{8}, false,
       "a message retried this many times goes to the dead-letter list",
       core::ValidateRange(1, 1000)},
      // logs
      {"log.level", ConfigType::kString, std::string("info"), false,
       "debug, info, warn, error or off",
       core::ValidateOneOf({"debug", "info", "warn", "error", "off"})},
      // fetcher (src/ingest)
      {"fetch.allow_private", ConfigType::kBool, false, false,
       "allow outgoing requests to private, loopback and link-local addresses (tests only)"},
      {"fetch.user_agent", ConfigType::kString,
       std::string("LeadOS/0.1 (self-hosted lead intelligence; +https://github.com/leados/leados)"),
       false, "User-Agent of every outgoing request; Reddit requires a descriptive one"},
      {"fetch.timeout_seconds", ConfigType::kInt, int64_t{20}, false, "per-request timeout",
       ValidatePositive},
      {"fetch.max_body_bytes", ConfigType::kInt, int64_t{10 << 20}, false,
       "largest response body accepted", ValidatePositive},
      {"fetch.max_redirects", ConfigType::kInt, int64_t{5}, false, "redirects followed at most",
       core::ValidateRange(0, 20)},
      {"fetch.host_rate_per_second", ConfigType::kDouble, 1.0, false,
       "requests per second to one host (token bucket rate)"},
      {"fetch.host_burst", ConfigType::kInt, int64_t{5}, false, "token bucket size per host",
       ValidatePositive},
      // webhook delivery (src/deliver)
      {"deliver.dispatcher", ConfigType::kBool, true, false,
       "send due webhook deliveries inside leados serve (false: this instance only serves HTTP)"},
      {"deliver.webhook_timeout_ms", ConfigType::kInt, int64_t{15000}, false,
       "whole-request timeout of one webhook POST", core::ValidateRange(100, 120000)},
      {"deliver.endpoint_concurrency", ConfigType::kInt, int64_t{4}, false,
       "webhook requests in flight to one endpoint from this instance", core::ValidateRange(1, 64)},
      {"deliver.endpoint_rate_per_second", ConfigType::kDouble, 10.0, false,
       "webhook requests per second to one endpoint from this instance (token bucket)"},
      {"deliver.max_in_flight", ConfigType::kInt, int64_t{128}, false,
       "webhook requests in flight from this instance in all (one libcurl multi handle)",
       core::ValidateRange(1, 1024)},
      {"deliver.lease_grace_seconds", ConfigType::kInt, int64_t{45}, false,
       "a claimed delivery stays with its dispatcher for the webhook timeout plus this; a "
       "dispatcher that dies leaves its deliveries to the others after that",
       core::ValidateRange(1, 3600)},
      {"deliver.payload_ttl_days", ConfigType::kInt, int64_t{30}, false,
       "days a webhook body stays in the payload store for retries and replays",
       core::ValidateRange(1, 30)},
      {"deliver.allow_http_loopback", ConfigType::kBool, false, false,
       "accept http:// endpoints on 127.0.0.1, ::1 and localhost (tests and the demo only)"},
      // API rate limits and sign-up abuse prevention (issue 9; docs/rate-limits.md)
      {"ratelimit.enabled", ConfigType::kBool, true, false,
       "token buckets per API key and per client address in the KV store (shared through Redis); "
       "429 with Retry-After and RateLimit headers"},
      {"ratelimit.api_key_per_second", ConfigType::kDouble, 25.0, false,
       "requests per second one API key may keep up (token bucket refill)", ValidatePositiveRate},
      {"ratelimit.api_key_burst", ConfigType::kInt, int64_t{100}, false,
       "requests one API key may make at once (token bucket size)",
       core::ValidateRange(1, 1000000)},
      {"ratelimit.ip_per_second", ConfigType::kDouble, 10.0, false,
       "requests per second one client address may keep up without an API key (portal, sign-in, "
       "sign-up, the privacy form); IPv6 counts per /64",
       ValidatePositiveRate},
      {"ratelimit.ip_burst", ConfigType::kInt, int64_t{50}, false,
       "requests one client address may make at once without an API key",
       core::ValidateRange(1, 1000000)},
      {"signup.per_ip_per_day", ConfigType::kInt, int64_t{5}, false,
       "sign-ups one client address may make in 24 hours (429 beyond); 0: no limit",
       core::ValidateRange(0, 1000000)},
      {"signup.blocked_domains_file", ConfigType::kString, std::string(), false,
       "a list of free-mail domains (one per line, or a JSON array such as the npm "
       "free-email-domains list) refused when signup.require_business_email is true; disposable "
       "providers are always refused from the bundled list"},
      {"signup.require_business_email", ConfigType::kBool, false, false,
       "refuse sign-ups with an address at a domain of signup.blocked_domains_file (free mail)"},
      // credits (src/billing/README.md)
      {"billing.metered", ConfigType::kBool, true, false,
       "charge leads from the credit ledger (reserve when made, commit when delivered, refund "
       "when undeliverable, hold without credits); false: leads are free (a private installation "
       "without billing)"},
      {"billing.price.default", ConfigType::kInt, int64_t{1}, false,
       "credits one lead costs (sources not in billing.price.by_source)",
       core::ValidateRange(0, 1000000)},
      {"billing.price.by_source", ConfigType::kString, std::string(), false,
       "credits per lead by source kind, e.g. reddit=2,hn=1 (hn, reddit, rss, greenhouse, lever, "
       "ashby, press, jobpage)"},
      {"billing.price.by_enrichment", ConfigType::kString, std::string(), false,
       "credits added per lead by enrichment level, e.g. company=1,full=2 (basic: no company "
       "found; company: company known; full: company and role known)"},
      {"billing.hold_days", ConfigType::kInt, int64_t{7}, false,
       "days a lead waits for credits (or for its campaign's daily cap) before it is dropped "
       "free of charge; never more than pipeline.payload_ttl_days",
       core::ValidateRange(1, 30)},
      {"billing.low_credit_threshold", ConfigType::kInt, int64_t{50}, false,
       "default balance below which the account's owners get one low-credit email per crossing "
       "(accounts may set their own; 0: no email)",
       core::ValidateRange(0, 1000000000)},
      {"billing.release_interval_seconds", ConfigType::kInt, int64_t{60}, false,
       "how often held leads are released (daily caps, missed top-ups), expired and re-handed "
       "to delivery after a crash",
       core::ValidateRange(1, 3600)},
      // the email digest channel (src/pipeline/README.md "Email digest")
      {"digest.enabled", ConfigType::kBool, true, false,
       "run the email digest scheduler inside leados serve and leados worker --role deliver (one "
       "instance at a time holds its lease; false: this instance never sends digests)"},
      {"digest.daily_hour_utc", ConfigType::kInt, int64_t{8}, false,
       "hour of the day (UTC, 0-23) when daily digests go out, with the leads of the 24 hours "
       "before it",
       core::ValidateRange(0, 23)},
      {"digest.max_leads_per_email", ConfigType::kInt, int64_t{25}, false,
       "leads shown in detail in one digest email; the others are counted (\"and N more in the "
       "portal\")",
       core::ValidateRange(1, 200)},
      {"digest.tick_seconds", ConfigType::kInt, int64_t{60}, false,
       "how often the digest scheduler looks for due digests", core::ValidateRange(5, 3600)},
      {"digest.body_ttl_hours", ConfigType::kInt, int64_t{168}, false,
       "hours a rendered digest (personal data) waits in the KV store to be sent before it "
       "expires and its email fails; at most the payload TTL",
       core::ValidateRange(1, 720)},
      {"digest.portal_url", ConfigType::kString, std::string(), false,
       "link to the lead inbox at the end of each digest (empty: server.public_url + /leads)"},
      // sources and their scheduler (src/ingest, docs/operations.md "Sources")
      {"ingest.scheduler", ConfigType::kBool, true, false,
       "poll the enabled sources inside leados serve (false: this instance only serves HTTP)"},
      {"ingest.workers", ConfigType::kInt, int64_t{2}, false,
       "sources polled at the same time by this instance", core::ValidateRange(1, 64)},
      {"ingest.sources_file", ConfigType::kString, std::string(), false,
       "TOML (or .json) file of [[source]] tables synced into the sources table at start; those "
       "sources are read-only over the API (empty: sources come from the API only)"},
      {"ingest.alert_after_failures", ConfigType::kInt, int64_t{5}, false,
       "consecutive failed polls of one source before the admins get one email for the streak",
       core::ValidateRange(1, 1000)},
      {"ingest.max_backoff_seconds", ConfigType::kInt, int64_t{6 * 3600}, false,
       "cap of a failing source's exponential back-off (interval x 2^(failures-1))",
       ValidatePositive},
      {"ingest.dedupe_ttl_days", ConfigType::kInt, int64_t{90}, false,
       "how long a signal key is remembered to drop repeats (restarted whenever seen again)",
       core::ValidateRange(1, 3650)},
      {"reddit.client_id", ConfigType::kString, std::string(), false,
       "Reddit app-only OAuth client id (script or web app at reddit.com/prefs/apps); needed by "
       "reddit sources"},
      {"reddit.client_secret", ConfigType::kString, std::string(), true,
       "Reddit OAuth client secret (never logged)"},
      // admin and security
      {"admin.allow_ips", ConfigType::kStringList, Strings{}, false,
       "IPs/CIDRs allowed to reach /admin (empty: nobody)"},
      {"admin.trusted_proxies", ConfigType::kStringList, Strings{}, false,
       "IPs/CIDRs whose X-Forwarded-For is believed"},
      {"security.master_key", ConfigType::kString, std::string(), true,
       "base64 of 32 bytes wrapping the field-encryption keys (prefer master_key_file)"},
      {"security.master_key_file", ConfigType::kString, std::string(), false,
       "file holding the master key (base64 of 32 bytes)"},
      {"security.master_key_source", ConfigType::kString, std::string(), true,
       "where the master key is, when set this wins: base64:KEY, file:PATH or "
       "aws-secretsmanager:SECRET_ID (empty: master_key, then master_key_file, then for the "
       "embedded SQLite default a key generated once into DATA/master.key)",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         const auto& s = std::get<std::string>(v);
         for (const char* prefix : {"base64:", "file:", "aws-secretsmanager:"}) {
           if (s.empty() || (s.rfind(prefix, 0) == 0 && s.size() > std::string(prefix).size())) {
             return std::nullopt;
           }
         }
         return "must be empty, base64:KEY, file:PATH or aws-secretsmanager:SECRET_ID";
       }},
      {"security.aws_region", ConfigType::kString, std::string(), false,
       "AWS region of the aws-secretsmanager master key source (empty: AWS_REGION or "
       "AWS_DEFAULT_REGION; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"},
      {"security.aws_secretsmanager_endpoint", ConfigType::kString, std::string(), false,
       "Secrets Manager base URL (empty: https://secretsmanager.REGION.amazonaws.com; set for a "
       "VPC endpoint or a local stand-in)"},
      {"security.fingerprint_secret", ConfigType::kString, std::string(), true,
       "HMAC key for lead fingerprints and suppression hashes"},
      // supply scans and scoring (src/campaigns/supply_scan_service.h)
      {"scan.recent_signal_days", ConfigType::kInt, int64_t{7}, false,
       "days the recent-signal window (payload store) keeps signals for supply scans; at most 7",
       core::ValidateRange(1, 7)},
      {"scan.hn_search_url", ConfigType::kString, std::string("https://hn.algolia.com/api/v1"),
       false, "Hacker News search API (Algolia) used by supply scans; empty: do not search HN"},
      {"scan.reddit_api_url", ConfigType::kString, std::string("https://oauth.reddit.com"), false,
       "Reddit API used by supply scans to search the last week (needs reddit.client_id and "
       "reddit.client_secret); empty: do not search Reddit"},
      {"score.model_path", ConfigType::kString, std::string(), false,
       "intent model file (leados model train); empty: <data.dir>/intent.ftz when it exists, "
       "else scans report no score distribution"},
      // LLM re-ranking (src/score/llm_reranker.h, docs/scoring.md "LLM re-ranking")
      {"llm.enabled", ConfigType::kBool, false, false,
       "re-score the best candidates with an OpenAI-compatible chat-completions endpoint, only "
       "for campaigns that opted in (llm_rerank): it sends their title and text excerpt to a "
       "third party"},
      {"llm.base_url", ConfigType::kString, std::string("https://api.openai.com/v1"), false,
       "OpenAI-compatible API base URL; requests go to BASE/chat/completions (a server on a "
       "private or loopback address also needs fetch.allow_private)",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         const auto& s = std::get<std::string>(v);
         if (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0) return std::nullopt;
         return "must be an http:// or https:// URL, got '" + s + "'";
       }},
      {"llm.api_key", ConfigType::kString, std::string(), true,
       "API key sent as Authorization: Bearer (never logged); empty: no Authorization header"},
      {"llm.model", ConfigType::kString, std::string("gpt-4o-mini"), false,
       "model name sent with every request",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         if (!std::get<std::string>(v).empty()) return std::nullopt;
         return "must not be empty";
       }},
      {"llm.top_n", ConfigType::kInt, int64_t{5}, false,
       "only the N highest model scores of a batch are sent", core::ValidateRange(1, 100)},
      {"llm.calls_per_minute", ConfigType::kInt, int64_t{30}, false,
       "cost guard: calls in any 60 s across the process; a candidate over it keeps the model's "
       "score",
       core::ValidateRange(1, 100000)},
      {"llm.timeout_ms", ConfigType::kInt, int64_t{8000}, false,
       "per call; without an answer by then the model's score is kept",
       core::ValidateRange(100, 120000)},
      {"llm.max_input_bytes", ConfigType::kInt, int64_t{2000}, false,
       "bytes of title + text excerpt sent per candidate, cut on a UTF-8 character boundary",
       core::ValidateRange(100, 100000)},
      // pipeline (src/pipeline, src/app/pipeline_stack.h)
      {"pipeline.enabled", ConfigType::kBool, true, false,
       "turn signals from the queue into leads inside this process (false: this instance does "
       "not run the pipeline workers)"},
      {"pipeline.workers", ConfigType::kInt, int64_t{2}, false,
       "pipeline worker threads in this process", core::ValidateRange(1, 64)},
      {"pipeline.batch", ConfigType::kInt, int64_t{32}, false,
       "signals a worker claims at once (in flight: workers x batch)", core::ValidateRange(1, 1000)},
      {"pipeline.batch_commit", ConfigType::kBool, true, false,
       "commit the leads of a claimed batch in one database transaction (a savepoint per "
       "signal) instead of one transaction per write; false goes back to per-write commits"},
      {"pipeline.visibility_seconds", ConfigType::kInt, int64_t{120}, false,
       "a claimed signal stays with its pipeline worker this long; a worker that dies leaves its "
       "signals to the others after that (keep it well above a batch's processing time)",
       core::ValidateRange(1, 3600)},
      {"pipeline.fingerprint_secret", ConfigType::kString, std::string(), true,
       "key of the lead fingerprints (HMAC-SHA-256), at least 16 bytes, the same in every process; "
       "empty: a random key kept in DATA/fingerprint.key (embedded default only: required with "
       "database.url)"},
      {"pipeline.campaign_refresh_seconds", ConfigType::kInt, int64_t{5}, false,
       "how often `leados worker --role pipeline` checks for campaign changes made through "
       "another process's API", core::ValidateRange(1, 3600)},
      {"pipeline.payload_ttl_days", ConfigType::kInt, int64_t{30}, false,
       "days a lead's payload (its personal data) is kept at most", core::ValidateRange(1, 30)},
      // billing
      {"billing.credits_per_lead", ConfigType::kDouble, 1.0, false,
       "credits one delivered lead costs (used by supply-scan estimates)",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         const double d = std::get<double>(v);
         if (d < 0 || d > 1e6) return "must be between 0 and 1000000";
         return std::nullopt;
       }},
      {"billing.packs", ConfigType::kStringList, Strings(billing::DefaultCreditPackSpecs()), false,
       "credit packs for sale through Stripe Checkout, each \"ID:CREDITS:AMOUNT:CURRENCY\" with "
       "AMOUNT in the currency's minor unit (cents), optionally \":price_…\" to use a price made "
       "in the Stripe dashboard instead of an inline price",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         auto packs = billing::ParseCreditPacks(std::get<std::vector<std::string>>(v));
         if (packs) return std::nullopt;
         return packs.error().message;
       }},
      {"stripe.timeout_ms", ConfigType::kInt, int64_t{20000}, false,
       "whole-request timeout of one Stripe API call (a timed-out call is retried once with the "
       "same Idempotency-Key)",
       core::ValidateRange(100, 120000)},
      {"billing.object_store", ConfigType::kString, std::string("folder"), false,
       "where invoice PDFs are kept: folder (billing.object_store_folder) or s3 (billing.s3.*)",
       core::ValidateOneOf({"folder", "s3"})},
      {"billing.object_store_folder", ConfigType::kString, std::string(), false,
       "billing.object_store=folder: the folder (empty: <data.dir>/objects); back it up, invoices "
       "are kept 7 years"},
      {"billing.s3.endpoint", ConfigType::kString, std::string(), false,
       "billing.object_store=s3: the S3 endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or "
       "http://minio:9000"},
      {"billing.s3.region", ConfigType::kString, std::string("us-east-1"), false,
       "billing.object_store=s3: the region used in the SigV4 signature"},
      {"billing.s3.bucket", ConfigType::kString, std::string(), false,
       "billing.object_store=s3: the bucket"},
      {"billing.s3.prefix", ConfigType::kString, std::string(), false,
       "billing.object_store=s3: a key prefix ending in '/', e.g. leados/ (empty: none)"},
      {"billing.s3.url_style", ConfigType::kString, std::string("path"), false,
       "billing.object_store=s3: path (https://endpoint/bucket/key, any S3-compatible store) or "
       "virtual (https://bucket.endpoint/key)",
       core::ValidateOneOf({"path", "virtual"})},
      {"billing.s3.access_key_id", ConfigType::kString, std::string(), false,
       "billing.object_store=s3: the access key id"},
      {"billing.s3.secret_access_key", ConfigType::kString, std::string(), true,
       "billing.object_store=s3: the secret access key (never logged)"},
      {"billing.invoice_prefix", ConfigType::kString, std::string("LO"), false,
       "invoice numbers are <prefix>-<year>-<000001>; change it only at the start of a year",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         const auto& s = std::get<std::string>(v);
         if (s.empty() || s.size() > 12) return "must be 1 to 12 characters";
         for (char c : s) {
           if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
             return "must be upper-case letters and digits only (e.g. LO)";
           }
         }
         return std::nullopt;
       }},
      {"billing.invoice_font", ConfigType::kString,
       std::string("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), false,
       "TrueType font for invoice PDFs (UTF-8 text; a <name>-Bold.ttf beside it is used for "
       "headings)"},
      {"billing.seller.name", ConfigType::kString, std::string("LeadOS"), false,
       "the seller printed on invoices: legal name"},
      {"billing.seller.address", ConfigType::kString, std::string(), false,
       "the seller's postal address, lines separated by newlines (TOML multi-line string)"},
      {"billing.seller.vat_id", ConfigType::kString, std::string(), false,
       "the seller's VAT id printed on invoices (empty: none)"},
      {"billing.seller.email", ConfigType::kString, std::string(), false,
       "billing contact printed on invoices (empty: none)"},
      {"stripe.api_key", ConfigType::kString, std::string(), true, "Stripe secret API key (sk_…)"},
      {"stripe.webhook_secret", ConfigType::kString, std::string(), true,
       "Stripe webhook signing secret (whsec_…)"},
      {"stripe.base_url", ConfigType::kString, std::string("https://api.stripe.com"), false,
       "Stripe API base URL (a local stand-in in tests)"},
      // retention (src/retention/README.md, docs/privacy.md): the privacy policy's periods;
      // a value may only shorten one
      {"retention.account_data_days", ConfigType::kInt, int64_t{30}, false,
       "days a closed account can be reopened before its data is deleted (policy: 30)",
       RetentionDays("account_data")},
      {"retention.billing_days", ConfigType::kInt, int64_t{2557}, false,
       "days the credit ledger and billing records are kept (policy: 7 years = 2557 days)",
       RetentionDays("billing")},
      {"retention.audit_logs_days", ConfigType::kInt, int64_t{731}, false,
       "days audit events and sent service emails are kept (policy: 2 years = 731 days)",
       RetentionDays("audit_logs")},
      {"retention.delivery_metadata_days", ConfigType::kInt, int64_t{365}, false,
       "days lead and webhook delivery metadata is kept (policy: 1 year)",
       RetentionDays("delivery_metadata")},
      {"retention.fingerprints_days", ConfigType::kInt, int64_t{90}, false,
       "days a dedup fingerprint may live in the KV store (policy: 90; the fingerprint TTL is 90)",
       RetentionDays("fingerprints")},
      {"retention.payloads_days", ConfigType::kInt, int64_t{30}, false,
       "days a lead payload may live in the KV store (policy: 30); pipeline.payload_ttl_days, "
       "deliver.payload_ttl_days and digest.body_ttl_hours must not be longer",
       RetentionDays("payloads")},
      {"retention.daily_job", ConfigType::kBool, true, false,
       "run the retention engine once a day in `leados serve` (once across all processes)"},
      // anomaly flags for admins (src/oversight/README.md has why each default is what it is)
      {"anomaly.burn_factor", ConfigType::kDouble, 5.0, false,
       "flag an account whose lead spend in 24 h is above this many times its daily mean over "
       "the 30 days before",
       [](const core::ConfigValue& v) -> std::optional<std::string> {
         if (std::get<double>(v) >= 1.0) return std::nullopt;
         return "must be at least 1 (below 1 it flags accounts spending less than usual)";
       }},
      {"anomaly.burn_min_credits", ConfigType::kInt, int64_t{100}, false,
       "credit burn is flagged only above this many credits in 24 h", ValidatePositive},
      {"anomaly.burn_new_account_credits", ConfigType::kInt, int64_t{500}, false,
       "an account without lead spend in the last 30 days is flagged above this many credits in "
       "24 h",
       ValidatePositive},
      {"anomaly.failed_signins_per_hour", ConfigType::kInt, int64_t{20}, false,
       "flag more failed sign-ins than this in one hour, per account and per IP address",
       ValidatePositive},
      {"anomaly.keys_per_day", ConfigType::kInt, int64_t{10}, false,
       "flag an account that creates more API keys than this in 24 h", ValidatePositive},
      {"anomaly.hourly_job", ConfigType::kBool, true, false,
       "scan for anomalies once an hour in `leados serve` (once across all processes)"},
      // usage tracking (src/usage/README.md)
      {"usage.flush_interval_seconds", ConfigType::kInt, int64_t{5}, false,
       "seconds between two batch writes of the buffered usage events", core::ValidateRange(1, 300)},
      {"usage.buffer_size", ConfigType::kInt, int64_t{10000}, false,
       "usage events buffered in memory between writes; more are dropped and counted",
       core::ValidateRange(1, 1000000)},
      {"usage.raw_retention_days", ConfigType::kInt, int64_t{90}, false,
       "days raw usage events are kept (their daily totals: retention.audit_logs_days)",
       core::ValidateRange(1, 731)},
      {"usage.rollup_job", ConfigType::kBool, true, false,
       "roll finished days' usage events up into daily totals every hour in `leados serve`"},
      // email
      {"email.sender", ConfigType::kString, std::string("file"), false, "file, smtp or resend",
       core::ValidateOneOf({"file", "smtp", "resend"})},
      {"email.from", ConfigType::kString, std::string("LeadOS <no-reply@leados.invalid>"), false,
       "From header of service emails"},
      {"email.file_dir", ConfigType::kString, std::string(), false,
       "email.sender=file: folder for the .eml files (empty: <data.dir>/mail)"},
      {"email.smtp_url", ConfigType::kString, std::string(), false,
       "email.sender=smtp: smtp://host:587 (STARTTLS) or smtps://host:465"},
      {"email.smtp_username", ConfigType::kString, std::string(), false,
       "SMTP login (empty: no AUTH)"},
      {"email.smtp_password", ConfigType::kString, std::string(), true, "SMTP password"},
      {"email.smtp_starttls", ConfigType::kString, std::string("required"), false,
       "required, opportunistic or off (off only for a relay on localhost)",
       core::ValidateOneOf({"required", "opportunistic", "off"})},
      {"email.resend_api_key", ConfigType::kString, std::string(), true,
       "email.sender=resend: Resend API key (re_…)"},
      {"email.resend_base_url", ConfigType::kString, std::string("https://api.resend.com"), false,
       "Resend API base URL (a local stand-in in tests)"},
  };
  return schema;
}

}  // namespace leados::app
