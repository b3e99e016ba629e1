#include "app/sources_stack.h"

#include "api/source_routes.h"
#include "app/accounts_stack.h"
#include "app/queue_signal_sink.h"
#include "core/log.h"
#include "ingest/sources_file.h"

namespace leados::app {

core::Result<std::unique_ptr<SourcesStack>> SourcesStack::Open(Runtime& rt,
                                                               accounts::AdminService& admins,
                                                               ingest::SignalSink* sink) {
  const core::Config& config = rt.config();
  std::unique_ptr<SourcesStack> s(new SourcesStack(rt));
  s->store_ = std::make_unique<ingest::SourceStore>(rt.database(), rt.clock());

  if (const std::string& file = config.GetString("ingest.sources_file"); !file.empty()) {
    auto specs = ingest::ReadSourcesFile(file);
    if (!specs) return core::InvalidArgument("ingest.sources_file: " + specs.error().message);
    auto synced = s->store_->SyncConfig(*specs);
    if (!synced) {
      return core::Fail(synced.error().code,
                        "ingest.sources_file " + file + ": " + synced.error().message);
    }
    core::log::Info("ingest.sources_synced", {{"file", file},
                                              {"created", synced->created},
                                              {"updated", synced->updated},
                                              {"removed", synced->removed}});
  }

  if (sink == nullptr) {
    s->own_sink_ = std::make_unique<QueueSignalSink>(rt.queue());
    sink = s->own_sink_.get();
  }
  s->deduper_ = std::make_unique<ingest::SignalDeduper>(
      rt.key_value(), *sink, std::chrono::hours(24 * config.GetInt("ingest.dedupe_ttl_days")));
  s->runners_ = std::make_unique<ingest::RunnerSet>(ingest::RunnerSet::Default(
      {config.GetString("reddit.client_id"), config.GetString("reddit.client_secret")}));
  s->alerts_ = std::make_unique<SourceAlertMailer>(rt.database(), admins, rt.clock(),
                                                   PublicOrigin(config) + "/admin/api/sources/");

  ingest::SchedulerOptions options;
  options.workers = static_cast<int>(config.GetInt("ingest.workers"));
  options.alert_after_failures = config.GetInt("ingest.alert_after_failures");
  options.schedule.max_backoff = std::chrono::seconds(config.GetInt("ingest.max_backoff_seconds"));
  s->scheduler_enabled_ = config.GetBool("ingest.scheduler");
  s->scheduler_ = std::make_unique<ingest::SourceScheduler>(
      *s->store_, *s->runners_, rt.fetcher(), rt.http_client(), *s->deduper_, rt.clock(), rt.metrics(),
      [mailer = s->alerts_.get()](const ingest::Source& source) { return mailer->Alert(source); },
      options);
  return s;
}

SourcesStack::~SourcesStack() {
  Stop();
}

void SourcesStack::RegisterRoutes(api::AccountsApi& api, accounts::AuditLog& audit,
                                  http::Router& router) {
  api::SourceRoutesDeps deps{*store_, audit, rt_.database(), nullptr};
  if (scheduler_enabled_) {
    deps.run_now = [this](std::string_view id) -> core::Status {
      if (auto due = store_->MakeDue(id); !due) return due;
      scheduler_->Wake();
      return core::Ok();
    };
  }
  api::AddSourceRoutes(api, router, std::move(deps));
}

void SourcesStack::StartScheduler() {
  if (!scheduler_enabled_) {
    core::log::Info("ingest.scheduler_disabled");
    return;
  }
  scheduler_->Start();
  core::log::Info("ingest.scheduler_started");
}

void SourcesStack::Stop() {
  if (scheduler_) scheduler_->Stop();
}

}  // namespace leados::app
