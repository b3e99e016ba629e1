// Buying credits end to end below HTTP, on SQLite and PostgreSQL: StripeCheckout against a fake
// Stripe, then signed events through StripeWebhookHandler, with the ledger stood in for by
// SqlTestCreditGrants (entries in the same transaction).
#include "billing/stripe_webhook.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "billing/ledger.h"
#include "billing/ledger_credit_grants.h"
#include "billing/stripe_checkout.h"
#include "billing/test_credit_grants.h"
#include "store/test_support.h"

namespace leados::billing {
namespace {

using testing::SqlTestCreditGrants;

constexpr const char* kSecret = "whsec_unit_test_secret";
constexpr const char* kAccount = "acct_buyer";
constexpr const char* kOwner = "owner@buyer.example";

// A CreditGrants that fails after the real one ran, to show nothing is half-applied.
class FailingGrants final : public CreditGrants {
 public:
  explicit FailingGrants(CreditGrants& inner) : inner_(inner) {}
  core::Status Grant(store::SqlSession& tx, std::string_view a, int64_t c,
                     std::string_view s) override {
    if (auto st = inner_.Grant(tx, a, c, s); !st) return st;
    return core::Unavailable("ledger went away");
  }
  core::Result<int64_t> Revoke(store::SqlSession& tx, std::string_view a, int64_t c,
                               std::string_view k) override {
    return inner_.Revoke(tx, a, c, k);
  }

 private:
  CreditGrants& inner_;
};

class StripeWebhookTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable)
      GTEST_SKIP() << fresh.error().message;
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    ASSERT_TRUE(SqlTestCreditGrants::Install(db()));
    for (const char* id : {kAccount, "acct_other"}) {
      ASSERT_TRUE(db().Exec(
          "INSERT INTO accounts (id, company_name, billing_address_enc, "
          "created_at) VALUES (?, ?, ?, ?)",
          {std::string(id), std::string("Buyer Ltd"), std::string("x"), clock_.NowUnixMillis()}));
    }
    auto packs = ParseCreditPacks(DefaultCreditPackSpecs());
    ASSERT_TRUE(packs);
    checkout_ = std::make_unique<StripeCheckout>(
        db(), clock_, stripe_,
        StripeCheckoutOptions{*packs, "https://leados.test/billing?checkout=success",
                              "https://leados.test/billing?checkout=cancelled"});
    handler_ = MakeHandler(grants_);
  }

  std::unique_ptr<StripeWebhookHandler> MakeHandler(CreditGrants& grants) {
    return std::make_unique<StripeWebhookHandler>(
        db(), clock_, grants,
        [](std::string_view) { return core::Result<std::vector<std::string>>({kOwner}); },
        StripeWebhookOptions{.webhook_secret = kSecret,
                             .billing_url = "https://leados.test/billing"});
  }

  store::Database& db() { return fresh_->db(); }

  std::string Buy(const std::string& pack = "starter") {
    auto started = checkout_->CreateCheckoutSession(kAccount, pack);
    EXPECT_TRUE(started) << started.error().message;
    return started ? started->id : "";
  }

  static std::string SessionEvent(const std::string& evt, const std::string& type,
                                  const std::string& session, const std::string& payment_status,
                                  const std::string& intent = "pi_1") {
    return fmt::format(
        R"({{"id":"{}","object":"event","type":"{}","api_version":"2024-06-20","created":1767225600,)"
        R"("data":{{"object":{{"id":"{}","object":"checkout.session","mode":"payment",)"
        R"("payment_status":"{}","status":"complete","client_reference_id":"{}",)"
        R"("payment_intent":"{}","amount_total":2000,"currency":"usd"}}}}}})",
        evt, type, session, payment_status, kAccount, intent);
  }

  static std::string RefundEvent(const std::string& evt, int64_t refunded,
                                 const std::string& intent = "pi_1") {
    return fmt::format(
        R"({{"id":"{}","object":"event","type":"charge.refunded","data":{{"object":{{"id":"ch_1",)"
        R"("object":"charge","amount":2000,"amount_refunded":{},"currency":"usd","payment_intent":"{}",)"
        R"("refunded":{}}}}}}})",
        evt, refunded, intent, refunded == 2000 ? "true" : "false");
  }

  core::Result<StripeWebhookResult> Deliver(const std::string& body,
                                            StripeWebhookHandler* handler = nullptr) {
    const std::string header = StripeSignatureHeaderFor(kSecret, clock_.NowUnixSeconds(), body);
    return (handler ? handler : handler_.get())->Handle(header, body);
  }

  int64_t Balance() { return *SqlTestCreditGrants::Balance(db(), kAccount); }
  int64_t Count(const std::string& sql) { return (*db().Query(sql))[0].Int(0); }
  int64_t Emails(const std::string& tmpl) {
    return Count(fmt::format(
        "SELECT COUNT(*) FROM notify_outbox WHERE template = '{}' AND to_address = '{}'", tmpl,
        kOwner));
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  FakeStripeClient stripe_;
  SqlTestCreditGrants grants_;
  std::unique_ptr<StripeCheckout> checkout_;
  std::unique_ptr<StripeWebhookHandler> handler_;
};

TEST_P(StripeWebhookTest, CheckoutCreatesTheCustomerOnceAndRecordsAnOpenSession) {
  const std::string first = Buy("starter");
  const std::string second = Buy("scale");
  ASSERT_EQ(stripe_.customer_requests().size(), 1u);
  EXPECT_EQ(stripe_.customer_requests()[0].idempotency_key, "leados-customer-acct_buyer");
  auto customer = checkout_->CustomerId(kAccount);
  ASSERT_TRUE(customer && *customer);
  auto reqs = stripe_.checkout_requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].customer_id, **customer);
  EXPECT_EQ(reqs[1].customer_id, **customer);
  EXPECT_NE(reqs[0].idempotency_key, reqs[1].idempotency_key);
  auto s = checkout_->GetSession(second);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, "open");
  EXPECT_EQ(s->credits, 2000);
  EXPECT_EQ(s->amount, 30000);
  EXPECT_EQ(Balance(), 0);
}

TEST_P(StripeWebhookTest, UnknownPackAndStripeErrorsStoreNothing) {
  auto bad = checkout_->CreateCheckoutSession(kAccount, "mega");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "pack: unknown pack 'mega'; use one of starter, growth, scale");
  Buy();  // creates the customer
  stripe_.FailNext({core::ErrorCode::kUnavailable, "Stripe 500 api_error: boom"});
  auto down = checkout_->CreateCheckoutSession(kAccount, "starter");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stripe_checkout_sessions"), 1);
}

TEST_P(StripeWebhookTest, TheSameEventFiveTimesGrantsOnce) {
  const std::string cs = Buy();
  const std::string body = SessionEvent("evt_paid_1", "checkout.session.completed", cs, "paid");
  for (int i = 0; i < 5; ++i) {
    auto r = Deliver(body);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->duplicate, i > 0);
    EXPECT_EQ(r->outcome, i == 0 ? "fulfilled" : "duplicate");
    clock_.Advance(std::chrono::seconds(30));
  }
  EXPECT_EQ(Balance(), 100);
  EXPECT_EQ(*SqlTestCreditGrants::EntryCount(db(), kAccount), 1);
  EXPECT_EQ(Emails("purchase_receipt"), 1);
  auto s = checkout_->GetSession(cs);
  EXPECT_EQ(s->status, "fulfilled");
  EXPECT_EQ(s->payment_intent.value_or(""), "pi_1");
  EXPECT_TRUE(s->fulfilled_at_ms);
  // A different event for the same session (Stripe may send completed and
  // async_payment_succeeded) does not grant again either.
  auto again =
      Deliver(SessionEvent("evt_paid_2", "checkout.session.async_payment_succeeded", cs, "paid"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, "ignored: already fulfilled");
  EXPECT_EQ(Balance(), 100);
  EXPECT_EQ(Emails("purchase_receipt"), 1);
  auto receipt = db().Query(
      "SELECT body_text, attachment_refs FROM notify_outbox WHERE template = 'purchase_receipt'");
  const std::string text = (*receipt)[0].Text(0);
  // The invoice PDF goes with the receipt (resolved when sent; here no invoice service: none).
  EXPECT_EQ((*receipt)[0].Text(1), "");
  for (const std::string& part :
       std::vector<std::string>{"Credits: 100", "Amount paid: 20.00 USD", "Reference: " + cs,
                                "https://leados.test/billing"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " in\n" << text;
  }
}

TEST_P(StripeWebhookTest, UnpaidCompletionWaitsForTheAsyncResult) {
  const std::string paid_later = Buy();
  ASSERT_TRUE(Deliver(SessionEvent("evt_a", "checkout.session.completed", paid_later, "unpaid")));
  EXPECT_EQ(checkout_->GetSession(paid_later)->status, "awaiting_payment");
  EXPECT_EQ(Balance(), 0);
  auto ok = Deliver(
      SessionEvent("evt_b", "checkout.session.async_payment_succeeded", paid_later, "paid"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->outcome, "fulfilled");
  EXPECT_EQ(Balance(), 100);

  const std::string failed = Buy("growth");
  ASSERT_TRUE(
      Deliver(SessionEvent("evt_c", "checkout.session.completed", failed, "unpaid", "pi_2")));
  auto f = Deliver(
      SessionEvent("evt_d", "checkout.session.async_payment_failed", failed, "unpaid", "pi_2"));
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->outcome, "failed");
  EXPECT_EQ(checkout_->GetSession(failed)->status, "failed");
  EXPECT_EQ(Emails("payment_failed"), 1);
  EXPECT_EQ(Balance(), 100);

  const std::string abandoned = Buy();
  auto e = Deliver(SessionEvent("evt_e", "checkout.session.expired", abandoned, "unpaid", ""));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->outcome, "expired");
  EXPECT_EQ(checkout_->GetSession(abandoned)->status, "expired");
}

TEST_P(StripeWebhookTest, RefundTakesBackWhatIsLeftAndRecordsTheShortfall) {
  const std::string cs = Buy();  // 100 credits for 20.00
  ASSERT_TRUE(Deliver(SessionEvent("evt_p", "checkout.session.completed", cs, "paid")));
  ASSERT_TRUE(SqlTestCreditGrants::Spend(db(), kAccount, 30, "lead_1"));  // 70 left

  // Half refunded: 50 credits owed back, 50 available.
  auto half = Deliver(RefundEvent("evt_r1", 1000));
  ASSERT_TRUE(half) << half.error().message;
  EXPECT_EQ(half->outcome, "partially refunded");
  EXPECT_EQ(Balance(), 20);
  EXPECT_EQ(checkout_->GetSession(cs)->status, "fulfilled");

  // The rest: 50 more owed, only 20 left: take 20, never go negative, 30 short.
  auto rest = Deliver(RefundEvent("evt_r2", 2000));
  ASSERT_TRUE(rest) << rest.error().message;
  EXPECT_EQ(rest->outcome, "refunded");
  EXPECT_EQ(Balance(), 0);
  auto s = checkout_->GetSession(cs);
  EXPECT_EQ(s->status, "refunded");
  EXPECT_EQ(s->amount_refunded, 2000);
  EXPECT_EQ(s->credits_refunded, 70);
  EXPECT_EQ(s->refund_shortfall, 30);
  auto refunds = checkout_->ListRefunds("", 10);
  ASSERT_TRUE(refunds);
  ASSERT_EQ(refunds->size(), 2u);
  EXPECT_EQ(refunds->at(0).credits_debited + refunds->at(1).credits_debited, 70);
  EXPECT_EQ(refunds->at(0).credits_shortfall + refunds->at(1).credits_shortfall, 30);
  EXPECT_EQ(Emails("payment_refunded"), 2);
  auto last = db().Query(
      "SELECT body_text FROM notify_outbox WHERE template = 'payment_refunded' ORDER BY created_at "
      "DESC, id DESC");
  EXPECT_NE((*last)[0].Text(0).find("30 credits of this purchase had already been used"),
            std::string::npos)
      << (*last)[0].Text(0);

  // Redelivered or stale refund events change nothing.
  ASSERT_TRUE(Deliver(RefundEvent("evt_r2", 2000)));
  auto stale = Deliver(RefundEvent("evt_r3", 1000));
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->outcome, "ignored: nothing new refunded");
  EXPECT_EQ(Balance(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stripe_refunds"), 2);
}

TEST_P(StripeWebhookTest, BadSignaturesChangeNothing) {
  const std::string cs = Buy();
  const std::string body = SessionEvent("evt_x", "checkout.session.completed", cs, "paid");
  const int64_t now = clock_.NowUnixSeconds();
  std::string tampered = body;
  tampered.replace(tampered.find("\"amount_total\":2000"), 19, "\"amount_total\":9000");
  struct Case {
    std::string header;
    std::string body;
    core::ErrorCode code;
  };
  for (const Case& c : std::vector<Case>{
           {StripeSignatureHeaderFor(kSecret, now, body), tampered,
            core::ErrorCode::kPermissionDenied},
           {StripeSignatureHeaderFor("whsec_wrong", now, body), body,
            core::ErrorCode::kPermissionDenied},
           {StripeSignatureHeaderFor(kSecret, now - 301, body), body,
            core::ErrorCode::kPermissionDenied},
           {StripeSignatureHeaderFor(kSecret, now + 301, body), body,
            core::ErrorCode::kPermissionDenied},
           {"", body, core::ErrorCode::kInvalidArgument},
       }) {
    auto r = handler_->Handle(c.header, c.body);
    ASSERT_FALSE(r) << c.header;
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stripe_events"), 0);
  EXPECT_EQ(Balance(), 0);
  // The right one still works afterwards.
  ASSERT_TRUE(handler_->Handle(StripeSignatureHeaderFor(kSecret, now - 300, body), body));
  EXPECT_EQ(Balance(), 100);
}

TEST_P(StripeWebhookTest, ALedgerFailureRollsEverythingBackAndTheRedeliveryGrants) {
  const std::string cs = Buy();
  const std::string body = SessionEvent("evt_f", "checkout.session.completed", cs, "paid");
  FailingGrants failing(grants_);
  auto broken = MakeHandler(failing);
  auto r = Deliver(body, broken.get());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(Balance(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stripe_events"), 0);
  EXPECT_EQ(Emails("purchase_receipt"), 0);
  EXPECT_EQ(checkout_->GetSession(cs)->status, "open");
  auto retried = Deliver(body);
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->outcome, "fulfilled");
  EXPECT_EQ(Balance(), 100);
}

TEST_P(StripeWebhookTest, ForeignSessionsAndOtherTypesAreRecordedAndIgnored) {
  auto foreign =
      Deliver(SessionEvent("evt_1", "checkout.session.completed", "cs_not_ours", "paid"));
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->outcome, "ignored: not a LeadOS checkout session");
  auto other = Deliver(
      R"({"id":"evt_2","object":"event","type":"customer.created","data":{"object":{"id":"cus_1"}}})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->outcome, "ignored: event type not handled");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stripe_events"), 2);
  auto junk = Deliver(R"({"hello":"world"})");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Balance(), 0);
}

// The same purchase and refund through the credit ledger itself (src/billing/ledger.h).
TEST_P(StripeWebhookTest, ThroughTheLedgerFiveDeliveriesGrantOnceAndARefundNeverGoesNegative) {
  Ledger ledger(db(), clock_);
  int released = 0;
  ledger.AddCreditListener([&](const std::string& account) { released += account == kAccount; });
  LedgerCreditGrants grants(ledger);
  auto handler = MakeHandler(grants);
  const std::string cs = Buy();
  const std::string body = SessionEvent("evt_l1", "checkout.session.completed", cs, "paid");
  for (int i = 0; i < 5; ++i) {
    auto r = Deliver(body, handler.get());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->duplicate, i > 0);
  }
  EXPECT_EQ(*ledger.Balance(kAccount), 100);
  EXPECT_EQ(released, 1);
  auto page = ledger.List(kAccount, "", 50);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].reason, EntryReason::kPurchase);
  EXPECT_EQ(page->entries[0].idempotency_key, cs);
  EXPECT_EQ(page->entries[0].reference, cs);

  ASSERT_TRUE(ledger.Append({kAccount, -60, EntryReason::kLead, "lead_1", "lead:lead_1"}));
  auto refund = Deliver(RefundEvent("evt_l2", 2000), handler.get());
  ASSERT_TRUE(refund) << refund.error().message;
  EXPECT_EQ(refund->outcome, "refunded");
  EXPECT_EQ(*ledger.Balance(kAccount), 0);
  auto s = checkout_->GetSession(cs);
  EXPECT_EQ(s->credits_refunded, 40);
  EXPECT_EQ(s->refund_shortfall, 60);
  auto verify = ledger.Verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->clean());
}

INSTANTIATE_TEST_SUITE_P(Backends, StripeWebhookTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::billing
