#include "app/serve.h"

#include <csignal>
#include <filesystem>
#include <iostream>

#include "accounts/account_directory.h"
#include "api/admin_account_routes.h"
#include "api/admin_health_routes.h"
#include "app/accounts_stack.h"
#include "app/billing_stack.h"
#include "app/campaigns_stack.h"
#include "app/deliver_stack.h"
#include "app/digest_stack.h"
#include "app/invoices_stack.h"
#include "app/oversight_stack.h"
#include "app/retention_stack.h"
#include "app/pipeline_stack.h"
#include "app/privacy_stack.h"
#include "app/queue_signal_sink.h"
#include "app/runtime.h"
#include "app/sources_stack.h"
#include "app/stripe_stack.h"
#include "app/usage_stack.h"
#include "app/window_signal_sink.h"
#include "core/log.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/system_routes.h"

namespace leados::app {
namespace {

// The portal's folder: server.static_dir, or (empty) the source tree's web/dist found from the
// binary's place in the build tree (build/<preset>/leados → ../../web/dist), or "" when there is
// none ("none", or nothing built): then only the API is served.
std::filesystem::path PortalDir(const core::Config& config) {
  const std::string configured = config.GetString("server.static_dir");
  if (configured == "none") return {};
  if (!configured.empty()) return configured;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto dist = exe.parent_path().parent_path().parent_path() / "web" / "dist";
  return std::filesystem::is_regular_file(dist / "index.html", ec) ? dist : std::filesystem::path();
}

}  // namespace

int RunServe(const CommonOptions& opts, const std::string& listen_override) {
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  if (!listen_override.empty()) {
    if (auto bad = core::ValidateHostPort(listen_override)) {
      return ConfigError(core::Error{core::ErrorCode::kInvalidArgument, "--listen: " + *bad});
    }
    config->Set("server.listen", listen_override, "flag --listen");
  }
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));

  auto runtime = Runtime::Open(*config);
  if (!runtime) {
    std::cerr << "leados: cannot start: " << runtime.error().message << "\n";
    return 1;
  }
  Runtime& rt = **runtime;

  auto accounts = AccountsStack::Open(rt);
  if (!accounts) {
    std::cerr << "leados: cannot start: " << accounts.error().message << "\n";
    return 1;
  }

  auto campaigns = CampaignsStack::Open(rt, (*accounts)->audit(), (*accounts)->accounts());
  if (!campaigns) {
    std::cerr << "leados: cannot start: " << campaigns.error().message << "\n";
    return 1;
  }

  auto deliver = DeliverStack::Open(rt, (*accounts)->cipher(), (*accounts)->accounts());
  if (!deliver) {
    std::cerr << "leados: cannot start: " << deliver.error().message << "\n";
    return 1;
  }

  // New signals go to the pipeline's queue and to the supply scans' recent-signal window.
  QueueSignalSink queue_sink(rt.queue());
  WindowSignalSink signal_sink(queue_sink, (*campaigns)->recent_signals(), rt.metrics());
  auto sources = SourcesStack::Open(rt, (*accounts)->admins(), &signal_sink);
  if (!sources) {
    std::cerr << "leados: cannot start: " << sources.error().message << "\n";
    return 1;
  }

  auto billing = BillingStack::Open(rt, **accounts, deliver->get());
  if (!billing) {
    std::cerr << "leados: cannot start: " << billing.error().message << "\n";
    return 1;
  }
  auto invoices = InvoicesStack::Open(rt, (*accounts)->accounts());
  if (!invoices) {
    std::cerr << "leados: cannot start: " << invoices.error().message << "\n";
    return 1;
  }
  // The purchase receipt carries its invoice PDF: serve's outbox worker resolves it (a
  // `leados worker` process has no invoices and leaves those emails to serve).
  (*accounts)->outbox_worker().SetAttachmentSource(&(*invoices)->attachments());

  // Stripe purchases grant through BillingStack's ledger, so a purchase releases held leads, and
  // issue their invoice through InvoicesStack in the same transaction.
  auto stripe = StripeStack::Open(rt, (*accounts)->accounts(), (*billing)->ledger(),
                                  (*invoices)->invoices());
  if (!stripe) {
    std::cerr << "leados: cannot start: " << stripe.error().message << "\n";
    return 1;
  }

  auto pipeline = PipelineStack::Open(rt, **campaigns, deliver->get(), billing->get());
  if (!pipeline) {
    std::cerr << "leados: cannot start: " << pipeline.error().message << "\n";
    return 1;
  }

  // Rights requests (issue 9): the leads and payloads of the pipeline, the webhook events of
  // deliver.
  auto privacy = PrivacyStack::Open(rt, (*accounts)->cipher(), (*accounts)->accounts(), **pipeline,
                                    deliver->get());
  if (!privacy) {
    std::cerr << "leados: cannot start: " << privacy.error().message << "\n";
    return 1;
  }

  auto digest = DigestStack::Open(rt, (*accounts)->audit(), (*accounts)->accounts(),
                                  (*accounts)->outbox_worker());
  if (!digest) {
    std::cerr << "leados: cannot start: " << digest.error().message << "\n";
    return 1;
  }

  // Usage tracking (issue 9): API calls, campaigns created, webhook outcomes, credits consumed
  // and the portal's beacon go to one recorder; its routes are registered below.
  auto usage = UsageStack::Open(rt);
  if (!usage) {
    std::cerr << "leados: cannot start: " << usage.error().message << "\n";
    return 1;
  }
  (*usage)->ConnectDeliveries((*deliver)->recorder());
  (*pipeline)->SetUsageSink(&(*usage)->recorder());

  auto retention = RetentionStack::Open(rt, **accounts);
  if (!retention) {
    std::cerr << "leados: cannot start: " << retention.error().message << "\n";
    return 1;
  }
  // Invoices past the billing period lose their PDFs too, not only their rows.
  (*retention)->engine().SetObjectStore(&(*invoices)->objects());

  // Anomaly flags for admins (src/oversight): the hourly scan and the console's routes.
  OversightStack oversight(rt, (*accounts)->audit());

  // The portal (static files) first: a configured folder that cannot be loaded stops the start.
  std::unique_ptr<http::StaticFiles> portal;
  if (const auto dir = PortalDir(*config); !dir.empty()) {
    auto loaded = http::StaticFiles::Load({.root = dir});
    if (!loaded) {
      std::cerr << "leados: cannot start: server.static_dir: " << loaded.error().message << "\n";
      return 1;
    }
    portal = std::move(*loaded);
    core::log::Info("serve.portal", {{"dir", dir.string()},
                                     {"files", static_cast<int64_t>(portal->file_count())},
                                     {"bytes", static_cast<int64_t>(portal->total_bytes())}});
  }

  http::Router router;
  // Outermost, so every answer (also the middleware's own 401/404) carries the CSP.
  router.Use(http::SecurityHeaders());
  (*accounts)->RegisterRoutes(router);
  (*campaigns)->RegisterRoutes((*accounts)->api(), router);
  (*sources)->RegisterRoutes((*accounts)->api(), (*accounts)->audit(), router);
  (*pipeline)->RegisterRoutes((*accounts)->api(), router);
  (*deliver)->RegisterRoutes((*accounts)->api(), router);
  (*billing)->RegisterRoutes((*accounts)->api(), router, (*accounts)->audit());
  (*stripe)->RegisterRoutes((*accounts)->api(), router);
  (*invoices)->RegisterRoutes((*accounts)->api(), router);
  // The admin console's account routes (issue 10): suspending or reinstating reloads the active
  // campaigns, so a suspended account's campaigns stop matching at once.
  // Suspension and closure both change which campaigns are active: one reload, errors logged.
  CampaignsStack* campaigns_stack = campaigns->get();
  auto reload_campaigns = [campaigns_stack] {
    if (auto reloaded = campaigns_stack->Reload(); !reloaded) {
      core::log::Error("campaigns.reload_failed", {{"error", reloaded.error().message}});
    }
  };
  accounts::AccountDirectory directory(rt.database(), rt.clock(), (*accounts)->audit());
  api::AddAdminAccountRoutes((*accounts)->api(), router,
                             {directory, (*billing)->ledger(), (*campaigns)->store(),
                              &(*stripe)->checkout(), (*accounts)->audit(), rt.database(),
                              reload_campaigns});
  api::AddAdminHealthRoutes((*accounts)->api(), router, rt.database(), rt.clock(),
                            (*sources)->store());
  (*privacy)->RegisterRoutes((*accounts)->api(), router, (*accounts)->audit());
  oversight.RegisterRoutes((*accounts)->api(), router);
  (*retention)->RegisterAdminRoutes((*accounts)->api(), router);
  // A closure pauses the account's campaigns in SQL: reload the live matcher at once, and forget
  // the account's cached API keys so they answer account_closed now.
  (*retention)->RegisterRoutes(
      (*accounts)->api(), router,
      [reload_campaigns, a = accounts->get()](const std::string& account_id) {
        reload_campaigns();
        if (!account_id.empty()) a->api_keys().ForgetAccount(account_id);
      });
  (*usage)->RegisterRoutes((*accounts)->api(), router);
  http::OpenApiInfo info;
  info.title = "LeadOS API";
  info.version = LEADOS_VERSION;
  http::AddSystemRoutes(
      router, rt.metrics(), [&rt] { return rt.Ready(); }, info);
  // Innermost: only requests no route matched reach the portal's files and SPA fallback.
  if (portal) router.Use(portal->Fallback());

  http::ServerOptions options;
  options.listen = config->GetString("server.listen");
  options.threads = static_cast<int>(config->GetInt("server.threads"));
  options.max_body_bytes = static_cast<size_t>(config->GetInt("server.max_body_bytes"));
  options.max_header_bytes = static_cast<size_t>(config->GetInt("server.max_header_bytes"));
  options.read_timeout = std::chrono::seconds(config->GetInt("server.read_timeout_seconds"));
  options.idle_timeout = std::chrono::seconds(config->GetInt("server.idle_timeout_seconds"));
  options.shutdown_grace = std::chrono::seconds(config->GetInt("server.shutdown_grace_seconds"));
  options.access_log = config->GetBool("server.access_log");
  const bool tls = !config->GetString("tls.cert_file").empty();
  if (tls) {
    options.tls =
        http::TlsOptions{config->GetString("tls.cert_file"), config->GetString("tls.key_file")};
  }

  http::Server server(options, router, rt.metrics(), rt.clock());
  if (auto st = server.Start(); !st) {
    std::cerr << "leados: cannot listen on " << options.listen << ": " << st.error().message
              << "\n";
    return 1;
  }
  server.StopOnSignals({SIGTERM, SIGINT});
  (*accounts)->StartWorkers();
  (*campaigns)->StartWorkers();
  (*sources)->StartScheduler();
  (*pipeline)->Start();
  (*billing)->Start();
  (*deliver)->StartWorkers();
  (*digest)->Start();
  (*invoices)->Start();
  (*retention)->Start();
  oversight.Start();
  (*usage)->Start();
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  const std::string url =
      (tls ? "https://" : "http://") + host + ":" + std::to_string(server.port());
  core::log::Info("serve.started", {{"url", url}, {"backends", rt.Describe()}});
  std::cout << "LeadOS listening on " << url << "  (" << rt.Describe() << ")" << std::endl;
  server.Wait();
  (*sources)->Stop();
  (*billing)->Stop();
  (*pipeline)->Stop();
  (*digest)->Stop();
  (*invoices)->Stop();
  (*retention)->Stop();
  oversight.Stop();
  (*deliver)->Stop();
  (*usage)->Stop();  // after the workers that record: flushes the last events
  core::log::Info("serve.stopped");
  return 0;
}

}  // namespace leados::app
