#include "notify/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <thread>

#include "notify/file_email_sender.h"
#include "notify/outbox_worker.h"
#include "notify/templates.h"
#include "notify/test_util.h"
#include "store/memory_key_value.h"
#include "store/migrations.h"
#include "store/test_support.h"

namespace leados::notify {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Each test gets its own migrated database (store::testing::FreshDatabase).
class OutboxTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 3);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    db_ = &fresh_->db();
  }

  std::string EnqueueVerification(std::string_view to = "ana@example.com") {
    auto email = templates_.Verification(to, "https://app.leados.test/verify?t=tok123");
    EXPECT_TRUE(email);
    std::string id;
    auto status = db_->Transact([&](store::SqlSession& tx) -> core::Status {
      auto enqueued = outbox_.Enqueue(tx, *email);
      if (!enqueued) return core::Fail(enqueued.error());
      id = *enqueued;
      return core::Ok();
    });
    EXPECT_TRUE(status) << status.error().message;
    return id;
  }

  // An email like the lead digest: its bodies quote people, so they go to the KV store.
  static Email DigestLike(std::string text, std::string html) {
    Email email;
    email.to = "owner@example.com";
    email.subject = "3 new leads";
    email.text = std::move(text);
    email.html = std::move(html);
    email.template_name = "lead_digest";
    return email;
  }

  // Enqueues `email` with its bodies in `bodies` (the digest's way).
  std::string EnqueueWithKvBody(const Email& email, OutboxBodyStore& bodies) {
    std::string id;
    auto status = db_->Transact([&](store::SqlSession& tx) -> core::Status {
      auto enqueued = outbox_.Enqueue(tx, email, bodies);
      if (!enqueued) return core::Fail(enqueued.error());
      id = *enqueued;
      return core::Ok();
    });
    EXPECT_TRUE(status) << status.error().message;
    return id;
  }

  OutboxRow Load(const std::string& id) {
    auto row = LoadOutboxRow(*db_, id);
    EXPECT_TRUE(row) << row.error().message;
    return row ? *row : OutboxRow{};
  }

  store::testing::ScopedTempDir dir_;
  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  store::Database* db_ = nullptr;
  EmailTemplates templates_;
  Outbox outbox_{clock_};
};

TEST_P(OutboxTest, RowIsRolledBackWithTheCallersTransaction) {
  auto email = templates_.Verification("ana@example.com", "https://x.test/v");
  ASSERT_TRUE(email);
  std::string id;
  auto status = db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto enqueued = outbox_.Enqueue(tx, *email);
    if (!enqueued) return core::Fail(enqueued.error());
    id = *enqueued;
    return core::Fail(core::ErrorCode::kConflict, "the sign-up failed after the enqueue");
  });
  ASSERT_FALSE(status);
  ASSERT_TRUE(id.starts_with("eml_"));
  auto row = LoadOutboxRow(*db_, id);
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, core::ErrorCode::kNotFound);

  std::string committed = EnqueueVerification();
  OutboxRow stored = Load(committed);
  EXPECT_EQ(stored.status, "pending");
  EXPECT_EQ(stored.attempts, 0);
  EXPECT_EQ(stored.email.to, "ana@example.com");
  EXPECT_EQ(stored.email.template_name, "verification");
  EXPECT_EQ(stored.created_at_ms, clock_.NowUnixMillis());
}

TEST_P(OutboxTest, EnqueueRejectsABadAddress) {
  Email email{.to = "nope", .subject = "s", .text = "t", .html = "h", .template_name = "x"};
  auto status = db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto enqueued = outbox_.Enqueue(tx, email);
    if (!enqueued) return core::Fail(enqueued.error());
    return core::Ok();
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(OutboxTest, WorkerSendsThroughFileSenderAndTheEmlCarriesTheLink) {
  std::string id = EnqueueVerification();
  FileEmailSender sender(dir_.path() / "mail", "LeadOS <no-reply@leados.test>", clock_);
  OutboxWorker worker(*db_, sender, clock_);
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "mail")) {
    files.push_back(entry.path());
  }
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(files[0].filename().string().find(id), std::string::npos);
  auto eml = testing::ParseEml(testing::ReadWholeFile(files[0].string()));
  EXPECT_EQ(eml.headers["subject"], "Confirm your email address for LeadOS");
  EXPECT_EQ(eml.headers["to"], "ana@example.com");
  EXPECT_EQ(eml.headers["message-id"], "<" + id + "@leados.test>");
  EXPECT_NE(eml.text.find("https://app.leados.test/verify?t=tok123"), std::string::npos);
  EXPECT_NE(eml.html.find("href=\"https://app.leados.test/verify?t=tok123\""), std::string::npos);

  OutboxRow row = Load(id);
  EXPECT_EQ(row.status, "sent");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.sent_at_ms, clock_.NowUnixMillis());
  auto again = worker.RunOnce();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->claimed, 0) << "a sent email is never sent again";
}

TEST_P(OutboxTest, TransientFailuresBackOffThenFailAfterTheLastAttempt) {
  std::string id = EnqueueVerification();
  testing::FakeSender sender;
  sender.FailWith(core::ErrorCode::kUnavailable, "connection refused");
  OutboxWorker worker(*db_, sender, clock_);
  const std::vector<core::Duration> delays = {minutes(1), minutes(5), minutes(30), hours(2),
                                              hours(6)};
  for (size_t attempt = 1; attempt <= delays.size(); ++attempt) {
    auto stats = worker.RunOnce();
    ASSERT_TRUE(stats) << stats.error().message;
    ASSERT_EQ(stats->retried, 1) << "attempt " << attempt;
    OutboxRow row = Load(id);
    EXPECT_EQ(row.status, "pending");
    EXPECT_EQ(row.attempts, static_cast<int64_t>(attempt));
    EXPECT_EQ(
        row.next_attempt_at_ms,
        clock_.NowUnixMillis() +
            std::chrono::duration_cast<std::chrono::milliseconds>(delays[attempt - 1]).count());
    EXPECT_EQ(row.last_error, "unavailable: connection refused");
    clock_.Advance(delays[attempt - 1] - seconds(1));
    auto early = worker.RunOnce();
    ASSERT_TRUE(early);
    EXPECT_EQ(early->claimed, 0) << "not due before its back-off ends, attempt " << attempt;
    clock_.Advance(seconds(1));
  }
  auto last = worker.RunOnce();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->failed, 1);
  OutboxRow row = Load(id);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 6);
  EXPECT_EQ(sender.calls(), 6);
  clock_.Advance(hours(24));
  sender.Succeed();
  auto after = worker.RunOnce();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->claimed, 0) << "a failed email stays failed";
}

TEST_P(OutboxTest, PermanentFailureFailsAtOnceAndOthersStillSend) {
  std::string bad = EnqueueVerification("bounce@example.com");
  testing::FakeSender sender;
  sender.FailWith(core::ErrorCode::kInvalidArgument, "550 mailbox unavailable");
  OutboxWorker worker(*db_, sender, clock_);
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(Load(bad).status, "failed");
  EXPECT_EQ(Load(bad).last_error, "invalid_argument: 550 mailbox unavailable");

  sender.Succeed();
  std::string good = EnqueueVerification("ok@example.com");
  ASSERT_TRUE(worker.RunOnce());
  EXPECT_EQ(Load(good).status, "sent");
}

TEST_P(OutboxTest, AClaimWhoseWorkerDiedIsSentAfterTheLease) {
  std::string id = EnqueueVerification();
  // A worker claimed the row and died before recording the outcome.
  ASSERT_TRUE(db_->Exec(
      "UPDATE notify_outbox SET status = 'sending', attempts = 1, next_attempt_at = ? WHERE id = ?",
      {clock_.NowUnixMillis() + 600'000, id}));
  testing::FakeSender sender;
  OutboxWorker worker(*db_, sender, clock_);
  auto during = worker.RunOnce();
  ASSERT_TRUE(during);
  EXPECT_EQ(during->claimed, 0) << "a leased row is not claimed twice";
  clock_.Advance(minutes(10));
  auto after = worker.RunOnce();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->sent, 1);
  OutboxRow row = Load(id);
  EXPECT_EQ(row.status, "sent");
  EXPECT_EQ(row.attempts, 2);
}

TEST_P(OutboxTest, ConcurrentWorkersSendEachEmailOnce) {
  constexpr int kEmails = 12;
  for (int i = 0; i < kEmails; ++i) EnqueueVerification("user" + std::to_string(i) + "@x.test");
  testing::FakeSender sender;
  OutboxWorkerOptions options;
  options.batch_size = 2;
  OutboxWorker a(*db_, sender, clock_, options);
  OutboxWorker b(*db_, sender, clock_, options);
  auto drain = [](OutboxWorker& w) {
    for (int i = 0; i < 20; ++i) {
      auto stats = w.RunOnce();
      ASSERT_TRUE(stats) << stats.error().message;
    }
  };
  std::thread ta([&] { drain(a); });
  std::thread tb([&] { drain(b); });
  ta.join();
  tb.join();
  std::map<std::string, int> per_id;
  for (const auto& email : sender.Sent()) ++per_id[email.id];
  EXPECT_EQ(per_id.size(), static_cast<size_t>(kEmails));
  for (const auto& [id, count] : per_id) EXPECT_EQ(count, 1) << id;
}

TEST_P(OutboxTest, BackgroundLoopSendsAfterWakeAndStops) {
  testing::FakeSender sender;
  OutboxWorkerOptions options;
  options.poll_interval = std::chrono::minutes(10);  // only Wake() can make it run again soon
  OutboxWorker worker(*db_, sender, clock_, options);
  worker.Start();
  std::string id = EnqueueVerification();
  worker.Wake();
  EXPECT_TRUE(store::testing::WaitFor([&] { return sender.calls() == 1; }, seconds(10)));
  worker.Stop();
  EXPECT_EQ(Load(id).status, "sent");
  worker.Stop();  // idempotent
}

TEST_P(OutboxTest, KvBodiesStayOutOfSqlAndAreDeletedOnceSent) {
  store::MemoryKeyValue kv(clock_);
  OutboxBodyStore bodies(kv, hours(24));
  const Email email = DigestLike("alice_handle wrote: we are leaving our CRM",
                                 "<p>alice_handle wrote: we are leaving our CRM</p>");
  const std::string id = EnqueueWithKvBody(email, bodies);
  OutboxRow row = Load(id);
  EXPECT_TRUE(row.body_in_kv);
  EXPECT_EQ(row.email.text, "");
  EXPECT_EQ(row.email.html, "");
  EXPECT_EQ(row.email.subject, "3 new leads");

  // A worker without the KV body store leaves the row alone.
  testing::FakeSender sender;
  OutboxWorker blind(*db_, sender, clock_);
  auto skipped = blind.RunOnce();
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->claimed, 0);
  EXPECT_EQ(Load(id).status, "pending");

  OutboxWorker worker(*db_, sender, clock_, {}, &bodies);
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);
  ASSERT_EQ(sender.Sent().size(), 1u);
  EXPECT_EQ(sender.Sent()[0].text, email.text);
  EXPECT_EQ(sender.Sent()[0].html, email.html);
  EXPECT_EQ(Load(id).status, "sent");
  auto left = bodies.Get(id);
  ASSERT_TRUE(left);
  EXPECT_FALSE(*left);
}

TEST_P(OutboxTest, KvBodyThatExpiredFailsTheRow) {
  store::MemoryKeyValue kv(clock_);
  OutboxBodyStore bodies(kv, hours(1));
  const Email email = DigestLike("text", "");
  const std::string id = EnqueueWithKvBody(email, bodies);
  clock_.Advance(hours(2));
  testing::FakeSender sender;
  OutboxWorker worker(*db_, sender, clock_, {}, &bodies);
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(sender.calls(), 0);
  OutboxRow row = Load(id);
  EXPECT_EQ(row.status, "failed");
  ASSERT_TRUE(row.last_error);
  EXPECT_NE(row.last_error->find("expired"), std::string::npos);
}

// An attachment source with scripted files (invoice PDFs in production, billing's
// InvoiceAttachments).
class FakeAttachments final : public AttachmentSource {
 public:
  core::Result<Attachment> Load(const Email& email, std::string_view ref) override {
    seen_accounts.push_back(email.account_id.value_or(""));
    if (unavailable) return core::Unavailable("object store down");
    auto it = files.find(std::string(ref));
    if (it == files.end()) return core::NotFound("no such file");
    return it->second;
  }
  std::map<std::string, Attachment> files;
  bool unavailable = false;
  std::vector<std::string> seen_accounts;
};

TEST_P(OutboxTest, AttachmentsAreKeptAsReferencesAndLoadedWhenSent) {
  Email email = DigestLike("Thanks", "<p>Thanks</p>");
  email.template_name = "purchase_receipt";
  email.account_id = "acct_1";
  email.attachment_refs = {"invoice:inv_1"};
  std::string id;
  ASSERT_TRUE(db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto enqueued = outbox_.Enqueue(tx, email);
    if (!enqueued) return core::Fail(enqueued.error());
    id = *enqueued;
    return core::Ok();
  }));
  EXPECT_EQ(Load(id).email.attachment_refs, std::vector<std::string>{"invoice:inv_1"});

  // A worker without a source leaves the row to one that has it.
  testing::FakeSender sender;
  OutboxWorker blind(*db_, sender, clock_);
  auto skipped = blind.RunOnce();
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->claimed, 0);

  // The file cannot be read now: retried later, nothing sent.
  FakeAttachments files;
  files.unavailable = true;
  OutboxWorker worker(*db_, sender, clock_);
  worker.SetAttachmentSource(&files);
  auto retried = worker.RunOnce();
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->retried, 1);
  EXPECT_EQ(sender.calls(), 0);
  EXPECT_EQ(Load(id).status, "pending");

  files.unavailable = false;
  files.files["invoice:inv_1"] = {"LO-2026-000001.pdf", "application/pdf", "%PDF-1.4 bytes"};
  clock_.Advance(minutes(2));
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);
  ASSERT_EQ(sender.Sent().size(), 1u);
  ASSERT_EQ(sender.Sent()[0].attachments.size(), 1u);
  EXPECT_EQ(sender.Sent()[0].attachments[0].filename, "LO-2026-000001.pdf");
  EXPECT_EQ(sender.Sent()[0].attachments[0].content, "%PDF-1.4 bytes");
  EXPECT_EQ(files.seen_accounts.back(), "acct_1");
  EXPECT_EQ(Load(id).status, "sent");
}

TEST_P(OutboxTest, AnAttachmentThatDoesNotExistFailsTheRowAndABadReferenceIsRefused) {
  Email email = DigestLike("Thanks", "");
  email.attachment_refs = {"invoice:inv_gone"};
  std::string id;
  ASSERT_TRUE(db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto enqueued = outbox_.Enqueue(tx, email);
    if (!enqueued) return core::Fail(enqueued.error());
    id = *enqueued;
    return core::Ok();
  }));
  testing::FakeSender sender;
  FakeAttachments files;
  OutboxWorker worker(*db_, sender, clock_);
  worker.SetAttachmentSource(&files);
  auto stats = worker.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  OutboxRow row = Load(id);
  EXPECT_EQ(row.status, "failed");
  ASSERT_TRUE(row.last_error);
  EXPECT_NE(row.last_error->find("invoice:inv_gone"), std::string::npos);

  email.attachment_refs = {"two\nlines"};
  auto refused = db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto enqueued = outbox_.Enqueue(tx, email);
    if (!enqueued) return core::Fail(enqueued.error());
    return core::Ok();
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::notify
