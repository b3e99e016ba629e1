#pragma once
// SourceAlertMailer: the scheduler's alert (ingest::SourceAlert) as service email — one
// "source_failing" email (src/notify/templates.cc) to every active admin, enqueued in the
// notify outbox in one transaction, sent by the outbox worker. Thread-safe.

#include <string>

#include "accounts/admin_service.h"
#include "core/result.h"
#include "ingest/source.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"

namespace leados::app {

class SourceAlertMailer {
 public:
  // Every reference must outlive the mailer. `console_url` is where admins see the sources
  // ("https://leads.example.com/admin/api/sources/").
  SourceAlertMailer(store::Database& db, accounts::AdminService& admins, const core::Clock& clock,
                    std::string console_url);

  // Enqueues the email to every admin. kFailedPrecondition when there is no admin to tell;
  // otherwise the database's or the template's errors.
  core::Status Alert(const ingest::Source& source);

 private:
  store::Database& db_;
  accounts::AdminService& admins_;
  notify::Outbox outbox_;
  notify::EmailTemplates templates_;
  const std::string console_url_;
};

}  // namespace leados::app
