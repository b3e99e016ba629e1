#include "billing/stripe_webhook.h"

#include <fmt/format.h>

#include <algorithm>

#include "billing/credit_pack.h"
#include "billing/invoice_attachments.h"
#include "billing/stripe_checkout.h"
#include "core/json.h"
#include "core/log.h"

namespace leados::billing {
namespace {

namespace json = core::json;

// The parts of an event we read.
struct Event {
  std::string id;
  std::string type;
  json::object object;  // data.object
};

core::Result<Event> ParseEvent(std::string_view body) {
  auto obj = core::ParseJsonObject(body);
  if (!obj) return core::InvalidArgument("the body is not a Stripe event: " + obj.error().message);
  Event e;
  e.id = core::StringOr(*obj, "id");
  e.type = core::StringOr(*obj, "type");
  if (e.id.empty() || e.type.empty()) {
    return core::InvalidArgument("the body is not a Stripe event: it has no id or type");
  }
  const auto* data = obj->if_contains("data");
  const auto* object =
      data && data->is_object() ? data->as_object().if_contains("object") : nullptr;
  if (!object || !object->is_object()) {
    return core::InvalidArgument("the body is not a Stripe event: it has no data.object");
  }
  e.object = object->as_object();
  return e;
}

bool IsSessionEvent(std::string_view type) {
  return type == "checkout.session.completed" ||
         type == "checkout.session.async_payment_succeeded" ||
         type == "checkout.session.async_payment_failed" || type == "checkout.session.expired";
}

std::string ForUpdate(store::Dialect d) {
  return d == store::Dialect::kPostgres ? " FOR UPDATE" : "";
}

std::string Day(const core::Clock& clock) {
  return core::FormatRfc3339(clock.Now()).substr(0, 10);
}

}  // namespace

StripeWebhookHandler::StripeWebhookHandler(store::Database& db, const core::Clock& clock,
                                           CreditGrants& grants, OwnerEmails owner_emails,
                                           StripeWebhookOptions options,
                                           InvoiceService* invoices)
    : db_(db),
      clock_(clock),
      grants_(grants),
      owner_emails_(std::move(owner_emails)),
      invoices_(invoices),
      options_(std::move(options)),
      outbox_(clock),
      templates_(options_.product_name),
      ids_(clock) {}

core::Result<StripeWebhookResult> StripeWebhookHandler::Handle(std::string_view signature_header,
                                                               std::string_view raw_body) {
  if (auto st = VerifyStripeSignature(options_.webhook_secret, signature_header, raw_body,
                                      clock_.Now(), options_.tolerance);
      !st) {
    return core::Fail(st.error());
  }
  auto event = ParseEvent(raw_body);
  if (!event) return core::Fail(event.error());
  const json::object& obj = event->object;
  const std::string object_id = core::StringOr(obj, "id");
  const bool session_event = IsSessionEvent(event->type);
  const bool refund_event = event->type == "charge.refunded";
  const std::string payment_intent = core::StringOr(obj, "payment_intent");

  // The owners' addresses are read before the transaction (another module's reads must not run
  // on our transaction's connection, and must not wait for it).
  std::vector<std::string> owners;
  if (session_event || (refund_event && !payment_intent.empty())) {
    auto rows =
        session_event
            ? db_.Query("SELECT account_id FROM stripe_checkout_sessions WHERE id = ?", {object_id})
            : db_.Query(
                  "SELECT account_id FROM stripe_checkout_sessions WHERE "
                  "payment_intent = ?",
                  {payment_intent});
    if (!rows) return core::Fail(rows.error());
    if (!rows->empty() && owner_emails_) {
      auto got = owner_emails_((*rows)[0].Text(0));
      if (!got) return core::Fail(got.error());
      owners = std::move(*got);
    }
  }

  StripeWebhookResult result;
  std::optional<std::string> granted_account;
  std::optional<Invoice> issued_invoice;
  result.event_id = event->id;
  result.type = event->type;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    result.duplicate = false;
    result.outcome.clear();
    granted_account.reset();
    issued_invoice.reset();
    const int64_t now = clock_.NowUnixMillis();
    auto inserted = tx.Exec(
        "INSERT INTO stripe_events (id, type, received_at, outcome) VALUES (?, ?, ?, "
        "'processing') ON CONFLICT (id) DO NOTHING",
        {event->id, event->type, now});
    if (!inserted) return core::Fail(inserted.error());
    if (*inserted == 0) {
      result.duplicate = true;
      result.outcome = "duplicate";
      return core::Ok();
    }

    // The session this event is about, locked for the rest of the transaction.
    std::optional<CheckoutRecord> session;
    if (session_event || (refund_event && !payment_intent.empty())) {
      auto rows =
          session_event
              ? tx.Query(fmt::format("SELECT {} FROM stripe_checkout_sessions WHERE id = ?{}",
                                     kCheckoutColumns, ForUpdate(tx.dialect())),
                         {object_id})
              : tx.Query(fmt::format("SELECT {} FROM stripe_checkout_sessions WHERE "
                                     "payment_intent = ?{}",
                                     kCheckoutColumns, ForUpdate(tx.dialect())),
                         {payment_intent});
      if (!rows) return core::Fail(rows.error());
      if (!rows->empty()) session = CheckoutFromRow((*rows)[0]);
    }

    auto email = [&](std::string_view name, notify::TemplateVars vars,
                     std::vector<std::string> attachments = {}) -> core::Status {
      vars["billing_link"] = options_.billing_url;
      vars["reference"] = session->id;
      for (const auto& to : owners) {
        auto rendered = templates_.Render(name, to, vars);
        if (!rendered) return core::Fail(rendered.error());
        rendered->account_id = session->account_id;
        rendered->attachment_refs = attachments;
        if (auto id = outbox_.Enqueue(tx, *rendered); !id) return core::Fail(id.error());
      }
      return core::Ok();
    };
    auto set_status = [&](std::string_view status) -> core::Status {
      auto n = tx.Exec(
          "UPDATE stripe_checkout_sessions SET status = ?, payment_intent = COALESCE(?, "
          "payment_intent), updated_at = ? WHERE id = ?",
          {std::string(status),
           payment_intent.empty() ? store::SqlValue() : store::SqlValue(payment_intent), now,
           session->id});
      if (!n) return core::Fail(n.error());
      return core::Ok();
    };
    auto fulfil = [&]() -> core::Status {
      if (session->fulfilled_at_ms) {
        result.outcome = "ignored: already fulfilled";
        return core::Ok();
      }
      if (auto g = grants_.Grant(tx, session->account_id, session->credits, session->id); !g) {
        return core::Fail(g.error());
      }
      auto n = tx.Exec(
          "UPDATE stripe_checkout_sessions SET status = 'fulfilled', fulfilled_at = ?, "
          "payment_intent = COALESCE(?, payment_intent), updated_at = ? WHERE id = ?",
          {now, payment_intent.empty() ? store::SqlValue() : store::SqlValue(payment_intent), now,
           session->id});
      if (!n) return core::Fail(n.error());
      result.outcome = "fulfilled";
      granted_account = session->account_id;
      std::string invoice_number = "(none issued)";
      std::vector<std::string> attachments;
      if (invoices_ != nullptr) {
        auto invoice = invoices_->IssuePurchaseInvoice(
            tx, {.account_id = session->account_id,
                 .reference = session->id,
                 .description = fmt::format("{} {} credits (pack \"{}\")", session->credits,
                                            options_.product_name, session->pack_id),
                 .credits = session->credits,
                 .amount_cents = session->amount,
                 .currency = session->currency});
        if (!invoice) return core::Fail(invoice.error());
        invoice_number = invoice->number;
        issued_invoice = *invoice;
        // The receipt carries the invoice PDF, read from the object store when it is sent.
        attachments.push_back(std::string(kInvoiceAttachmentPrefix) + invoice->id);
      }
      return email("purchase_receipt", {{"credits", std::to_string(session->credits)},
                                        {"pack", session->pack_id},
                                        {"amount", FormatMoney(session->amount, session->currency)},
                                        {"date", Day(clock_)},
                                        {"invoice_number", invoice_number}},
                   std::move(attachments));
    };

    core::Status effect = core::Ok();
    if ((session_event || refund_event) && !session) {
      result.outcome = "ignored: not a LeadOS checkout session";
    } else if (event->type == "checkout.session.completed") {
      if (core::StringOr(obj, "payment_status") == "paid") {
        effect = fulfil();
      } else if (session->status == "open") {
        effect = set_status("awaiting_payment");
        result.outcome = "awaiting_payment";
      } else {
        result.outcome = "ignored: session is " + session->status;
      }
    } else if (event->type == "checkout.session.async_payment_succeeded") {
      effect = fulfil();
    } else if (event->type == "checkout.session.async_payment_failed") {
      if (session->fulfilled_at_ms) {
        result.outcome = "ignored: already fulfilled";
      } else {
        effect = set_status("failed");
        result.outcome = "failed";
        if (effect) {
          effect = email("payment_failed",
                         {{"pack", session->pack_id},
                          {"credits", std::to_string(session->credits)},
                          {"amount", FormatMoney(session->amount, session->currency)}});
        }
      }
    } else if (event->type == "checkout.session.expired") {
      if (session->status == "open" || session->status == "awaiting_payment") {
        effect = set_status("expired");
        result.outcome = "expired";
      } else {
        result.outcome = "ignored: session is " + session->status;
      }
    } else if (refund_event) {
      const int64_t charged = std::max<int64_t>(core::IntOr(obj, "amount", session->amount), 1);
      const int64_t refunded = std::min(core::IntOr(obj, "amount_refunded", 0), charged);
      if (refunded <= session->amount_refunded) {
        result.outcome = "ignored: nothing new refunded";
      } else {
        // Credits owed back for everything refunded so far, minus what earlier refunds settled.
        const int64_t target = session->fulfilled_at_ms ? session->credits * refunded / charged : 0;
        const int64_t delta =
            std::max<int64_t>(0, target - session->credits_refunded - session->refund_shortfall);
        int64_t taken = 0;
        if (delta > 0) {
          auto t = grants_.Revoke(tx, session->account_id, delta, "stripe-refund-" + event->id);
          if (!t) return core::Fail(t.error());
          taken = *t;
        }
        const int64_t shortfall = delta - taken;
        const int64_t amount = refunded - session->amount_refunded;
        const std::string currency = core::StringOr(obj, "currency", session->currency);
        auto n = tx.Exec(
            "INSERT INTO stripe_refunds (id, event_id, session_id, account_id, charge_id, amount, "
            "currency, credits_debited, credits_shortfall, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {ids_.NewId("rfd"), event->id, session->id, session->account_id, object_id, amount,
             currency, taken, shortfall, now});
        if (!n) return core::Fail(n.error());
        const bool full = refunded >= charged;
        n = tx.Exec(
            "UPDATE stripe_checkout_sessions SET amount_refunded = ?, credits_refunded = "
            "credits_refunded + ?, refund_shortfall = refund_shortfall + ?, status = ?, "
            "updated_at = ? WHERE id = ?",
            {refunded, taken, shortfall, full ? std::string("refunded") : session->status, now,
             session->id});
        if (!n) return core::Fail(n.error());
        result.outcome = full ? "refunded" : "partially refunded";
        if (shortfall > 0) {
          core::log::Warn("billing.refund_shortfall", {{"session_id", session->id},
                                                       {"account_id", session->account_id},
                                                       {"credits", std::to_string(shortfall)}});
        }
        effect = email(
            "payment_refunded",
            {{"amount", FormatMoney(amount, currency)},
             {"credits_debited", std::to_string(taken)},
             {"shortfall_text",
              shortfall > 0 ? fmt::format("{} credits of this purchase had already been used and "
                                          "were not taken back.\n",
                                          shortfall)
                            : std::string()}});
      }
    } else {
      result.outcome = "ignored: event type not handled";
    }
    if (!effect) return effect;
    auto n =
        tx.Exec("UPDATE stripe_events SET outcome = ? WHERE id = ?", {result.outcome, event->id});
    if (!n) return core::Fail(n.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  if (result.outcome == "fulfilled" && granted_account) grants_.Committed(*granted_account);
  if (issued_invoice && invoices_ != nullptr) {
    // After the commit: a failure leaves the PDF pending (StorePendingPdfs and Download retry).
    if (auto pdf = invoices_->StorePdf(*issued_invoice); !pdf) {
      core::log::Warn("billing.invoice_pdf_pending",
                      {{"invoice", issued_invoice->number}, {"error", pdf.error().message}});
    }
  }
  core::log::Info(
      "billing.stripe_event",
      {{"event_id", result.event_id}, {"type", result.type}, {"outcome", result.outcome}});
  return result;
}

}  // namespace leados::billing
