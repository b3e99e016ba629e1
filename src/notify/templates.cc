#include "notify/templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "notify/email_sender.h"

namespace leados::notify {
namespace {

// One service email. `reason` becomes the footer ("You received this email because …").
struct TemplateSpec {
  std::string_view name;
  std::string_view subject;
  std::string_view text;  // body before the footer
  std::string_view html;  // inner HTML before the footer (wrapped in a minimal page)
  std::string_view reason;
};

// The table: add a template by adding one entry. Placeholders are {{name}}; {{product}} and
// {{to}} are always set.
constexpr TemplateSpec kTemplates[] = {
    {
        "verification",
        "Confirm your email address for {{product}}",
        "Welcome to {{product}}.\n\n"
        "Please confirm your email address by opening this link:\n\n"
        "{{link}}\n\n"
        "If you did not create a {{product}} account, you can ignore this email.\n",
        "<p>Welcome to {{product}}.</p>\n"
        "<p>Please confirm your email address by opening this link:</p>\n"
        "<p><a href=\"{{link}}\">Confirm my email address</a></p>\n"
        "<p style=\"font-size:small\">Or copy this address into your browser: {{link}}</p>\n"
        "<p>If you did not create a {{product}} account, you can ignore this email.</p>\n",
        "someone signed up for {{product}} with this address ({{to}})",
    },
    {
        "password_reset",
        "Reset your {{product}} password",
        "Someone asked to reset the password of your {{product}} account.\n\n"
        "To choose a new password, open this link before {{expires}}:\n\n"
        "{{link}}\n\n"
        "If it was not you, ignore this email: your password stays unchanged.\n",
        "<p>Someone asked to reset the password of your {{product}} account.</p>\n"
        "<p>To choose a new password, open this link before {{expires}}:</p>\n"
        "<p><a href=\"{{link}}\">Reset my password</a></p>\n"
        "<p style=\"font-size:small\">Or copy this address into your browser: {{link}}</p>\n"
        "<p>If it was not you, ignore this email: your password stays unchanged.</p>\n",
        "a password reset was requested for the {{product}} account {{to}}",
    },
    {
        "new_sign_in",
        "New sign-in to your {{product}} account",
        "Your {{product}} account was just signed in to.\n\n"
        "Time: {{time}}\n"
        "IP address: {{ip}}\n"
        "Browser: {{user_agent}}\n\n"
        "If this was you, there is nothing to do. If not, change your password now and review\n"
        "your account's sessions and API keys.\n",
        "<p>Your {{product}} account was just signed in to.</p>\n"
        "<table>\n"
        "<tr><td>Time</td><td>{{time}}</td></tr>\n"
        "<tr><td>IP address</td><td>{{ip}}</td></tr>\n"
        "<tr><td>Browser</td><td>{{user_agent}}</td></tr>\n"
        "</table>\n"
        "<p>If this was you, there is nothing to do. If not, change your password now and review "
        "your account's sessions and API keys.</p>\n",
        "we send a notice for every new sign-in to the {{product}} account {{to}}",
    },
    {
        "signup_existing",
        "Someone tried to sign up for {{product}} with your address",
        "Someone tried to create a {{product}} account with this email address, which already\n"
        "has one. If it was you, sign in instead; if you forgot your password, reset it here:\n\n"
        "{{link}}\n\n"
        "If it was not you, you can ignore this email: nothing was changed.\n",
        "<p>Someone tried to create a {{product}} account with this email address, which already "
        "has one. If it was you, sign in instead; if you forgot your password, reset it here:</p>\n"
        "<p><a href=\"{{link}}\">Reset my password</a></p>\n"
        "<p>If it was not you, you can ignore this email: nothing was changed.</p>\n",
        "someone signed up for {{product}} with this address ({{to}})",
    },
    {
        "email_change",
        "Confirm your new email address for {{product}}",
        "You asked to use this address for your {{product}} account.\n\n"
        "To confirm, open this link within 24 hours:\n\n"
        "{{link}}\n\n"
        "If you did not ask for this, ignore this email: nothing changes.\n",
        "<p>You asked to use this address for your {{product}} account.</p>\n"
        "<p>To confirm, open this link within 24 hours:</p>\n"
        "<p><a href=\"{{link}}\">Confirm my new email address</a></p>\n"
        "<p>If you did not ask for this, ignore this email: nothing changes.</p>\n",
        "someone asked to move a {{product}} account to this address ({{to}})",
    },
    {
        "email_change_notice",
        "Your {{product}} email address is being changed",
        "Someone signed in to your {{product}} account asked to change its email address to\n"
        "{{new_email}}. The change happens when the link sent there is opened.\n\n"
        "If this was not you, change your password now.\n",
        "<p>Someone signed in to your {{product}} account asked to change its email address to "
        "{{new_email}}. The change happens when the link sent there is opened.</p>\n"
        "<p>If this was not you, change your password now.</p>\n",
        "this is the current address of a {{product}} account ({{to}})",
    },
    // A new version of the privacy policy or terms (src/accounts/policy_versions.h), sent to
    // every account holder. {{policy}} is "privacy policy" or "terms of service".
    {
        "policy_update",
        "{{product}}: our {{policy}} changed (version {{version}})",
        "We published a new version of our {{policy}}: {{version}}.\n\n"
        "What changed:\n{{summary}}\n\n"
        "Read it here: {{link}}\n\n"
        "The next time you sign in to the portal we will ask you to accept it. Your campaigns,\n"
        "webhooks and API keys keep working meanwhile.\n",
        "<p>We published a new version of our {{policy}}: <b>{{version}}</b>.</p>\n"
        "<p>What changed:</p>\n"
        "<blockquote style=\"white-space:pre-wrap\">{{summary}}</blockquote>\n"
        "<p><a href=\"{{link}}\">Read the {{policy}}</a></p>\n"
        "<p>The next time you sign in to the portal we will ask you to accept it. Your campaigns, "
        "webhooks and API keys keep working meanwhile.</p>\n",
        "you hold a {{product}} account ({{to}}) and its {{policy}} changed",
    },
    {
        "source_failing",
        "{{product}}: source \"{{source}}\" is failing",
        "The source \"{{source}}\" ({{kind}}, id {{source_id}}) has failed {{failures}} polls in a "
        "row.\n\n"
        "Last error ({{error_kind}}): {{error}}\n"
        "Last success: {{last_success}}\n"
        "Next attempt: {{next_run}}\n\n"
        "The other sources keep running. The source keeps retrying with back-off; you get this\n"
        "email once per failing streak. Details: {{console}}\n",
        "<p>The source <b>{{source}}</b> ({{kind}}, id {{source_id}}) has failed {{failures}} "
        "polls in a row.</p>\n"
        "<table>\n"
        "<tr><td>Last error ({{error_kind}})</td><td>{{error}}</td></tr>\n"
        "<tr><td>Last success</td><td>{{last_success}}</td></tr>\n"
        "<tr><td>Next attempt</td><td>{{next_run}}</td></tr>\n"
        "</table>\n"
        "<p>The other sources keep running. The source keeps retrying with back-off; you get this "
        "email once per failing streak. Details: <a href=\"{{console}}\">{{console}}</a></p>\n",
        "you are an admin of this {{product}} installation ({{to}})",
    },
    {
        // No payload contents: which endpoint, since when, the last error class and status.
        "delivery_failures",
        "{{product}}: webhook endpoint {{endpoint_url}} was disabled",
        "Your webhook endpoint {{endpoint_url}} (id {{endpoint_id}}) was disabled.\n\n"
        "Reason: {{reason}}\n"
        "Failing since: {{since}}\n"
        "Last error: {{last_error}}\n\n"
        "New events are not sent to it while it is disabled. Fix the receiver, then enable the\n"
        "endpoint again (PATCH /v1/webhook-endpoints/{{endpoint_id}} with {\"enabled\": true}, or in\n"
        "the portal) and replay what it missed (POST\n"
        "/v1/webhook-endpoints/{{endpoint_id}}/replay with {\"since\": \"{{since}}\"}).\n",
        "<p>Your webhook endpoint <b>{{endpoint_url}}</b> (id {{endpoint_id}}) was disabled.</p>\n"
        "<table>\n"
        "<tr><td>Reason</td><td>{{reason}}</td></tr>\n"
        "<tr><td>Failing since</td><td>{{since}}</td></tr>\n"
        "<tr><td>Last error</td><td>{{last_error}}</td></tr>\n"
        "</table>\n"
        "<p>New events are not sent to it while it is disabled. Fix the receiver, then enable the "
        "endpoint again (<code>PATCH /v1/webhook-endpoints/{{endpoint_id}}</code> with "
        "<code>{\"enabled\": true}</code>, or in the portal) and replay what it missed "
        "(<code>POST /v1/webhook-endpoints/{{endpoint_id}}/replay</code> with "
        "<code>{\"since\": \"{{since}}\"}</code>).</p>\n",
        "you own the {{product}} account that registered this webhook endpoint ({{to}})",
    },
    {
        // Numbers only: example matches (post titles) are personal data and stay in the payload
        // store, readable through the link for as long as they are kept.
        "supply_scan_results",
        "Supply scan: about {{leads_per_month}} leads a month for {{scan_name}}",
        "Your supply scan for {{scan_name}} has finished.\n\n"
        "Query: {{query}}\n"
        "Window: the last {{window_days}} days ({{signals}} signals read)\n"
        "Matches: {{matches}} ({{matches_per_day}} a day)\n"
        "By source: {{by_source}}\n"
        "Expected leads: about {{leads_per_month}} a month, {{credits_per_month}} credits a month\n\n"
        "Examples and the score distribution: {{link}}\n",
        "<p>Your supply scan for <b>{{scan_name}}</b> has finished.</p>\n"
        "<table>\n"
        "<tr><td>Query</td><td><code>{{query}}</code></td></tr>\n"
        "<tr><td>Window</td><td>the last {{window_days}} days ({{signals}} signals read)</td></tr>\n"
        "<tr><td>Matches</td><td>{{matches}} ({{matches_per_day}} a day)</td></tr>\n"
        "<tr><td>By source</td><td>{{by_source}}</td></tr>\n"
        "<tr><td>Expected leads</td><td>about {{leads_per_month}} a month, {{credits_per_month}} "
        "credits a month</td></tr>\n"
        "</table>\n"
        "<p><a href=\"{{link}}\">Examples and the score distribution</a></p>\n",
        "someone started a supply scan in the {{product}} account of {{to}}",
    },
    {
        // The lead digest (src/pipeline/digest_service.h). It quotes the people behind the leads,
        // so it is enqueued with its bodies in the KV store (outbox_body_store.h), never in SQL.
        // {{leads_html}} and {{more_html}} are markup built by the caller with HtmlEscape.
        "lead_digest",
        "{{product}} digest: {{lead_count}} for {{campaign}}",
        "{{lead_count}} for your campaign \"{{campaign}}\" ({{period}}).\n\n"
        "{{leads_text}}"
        "{{more_text}}"
        "See every lead in the portal: {{portal_link}}\n",
        "<p>{{lead_count}} for your campaign <b>{{campaign}}</b> ({{period}}).</p>\n"
        "{{leads_html}}"
        "{{more_html}}"
        "<p><a href=\"{{portal_link}}\">See every lead in the portal</a></p>\n",
        "the campaign \"{{campaign}}\" of your {{product}} account delivers its leads by email "
        "digest to the account's owners ({{to}})",
    },
    // Stripe payments (src/billing/stripe_webhook.h). {{reference}} is the Checkout Session id,
    // the key under which the invoice of the purchase is filed.
    {
        "purchase_receipt",
        "{{product}} receipt: {{credits}} credits",
        "Thank you for your purchase.\n\n"
        "Credits: {{credits}} (pack \"{{pack}}\"), now in your balance\n"
        "Amount paid: {{amount}}\n"
        "Date: {{date}}\n"
        "Reference: {{reference}}\n"
        "Invoice: {{invoice_number}}\n\n"
        "Download your invoice and see your payments: {{billing_link}}\n",
        "<p>Thank you for your purchase.</p>\n"
        "<table>\n"
        "<tr><td>Credits</td><td>{{credits}} (pack \"{{pack}}\"), now in your balance</td></tr>\n"
        "<tr><td>Amount paid</td><td>{{amount}}</td></tr>\n"
        "<tr><td>Date</td><td>{{date}}</td></tr>\n"
        "<tr><td>Reference</td><td>{{reference}}</td></tr>\n"
        "<tr><td>Invoice</td><td>{{invoice_number}}</td></tr>\n"
        "</table>\n"
        "<p><a href=\"{{billing_link}}\">Download your invoice and see your payments</a></p>\n",
        "you own the {{product}} account that bought these credits ({{to}})",
    },
    {
        "payment_refunded",
        "{{product}}: {{amount}} refunded",
        "{{amount}} of your purchase {{reference}} was refunded to your payment method.\n\n"
        "Credits taken back from your balance: {{credits_debited}}\n"
        "{{shortfall_text}}\n"
        "Your payments: {{billing_link}}\n",
        "<p>{{amount}} of your purchase {{reference}} was refunded to your payment method.</p>\n"
        "<p>Credits taken back from your balance: {{credits_debited}}</p>\n"
        "<p>{{shortfall_text}}</p>\n"
        "<p><a href=\"{{billing_link}}\">Your payments</a></p>\n",
        "you own the {{product}} account that made this purchase ({{to}})",
    },
    {
        "payment_failed",
        "{{product}}: your payment for {{credits}} credits failed",
        "The payment of {{amount}} for {{credits}} credits (pack \"{{pack}}\", reference\n"
        "{{reference}}) did not go through, so no credits were added.\n\n"
        "You can buy the pack again with another payment method: {{billing_link}}\n",
        "<p>The payment of {{amount}} for {{credits}} credits (pack \"{{pack}}\", reference "
        "{{reference}}) did not go through, so no credits were added.</p>\n"
        "<p><a href=\"{{billing_link}}\">Buy the pack again with another payment method</a></p>\n",
        "you own the {{product}} account that started this purchase ({{to}})",
    },
    {
        // The credit ledger (src/billing/credit_alerts.h): once each time the balance crosses
        // below the account's threshold.
        "credits_low",
        "Your {{product}} credits are running low ({{balance}} left)",
        "Your {{product}} account has {{balance}} credits left, below your alert threshold of "
        "{{threshold}}.\n\n"
        "When the credits run out, new leads are held until you top up.\n\n"
        "Buy credits: {{billing_link}}\n",
        "<p>Your {{product}} account has <b>{{balance}}</b> credits left, below your alert "
        "threshold of {{threshold}}.</p>\n"
        "<p>When the credits run out, new leads are held until you top up.</p>\n"
        "<p><a href=\"{{billing_link}}\">Buy credits</a></p>\n",
        "you own the {{product}} account whose credits went below its alert threshold ({{to}})",
    },
    {
        // The credit ledger (src/billing/charges.h): the first lead held for lack of credits
        // (again after each top-up).
        "credits_exhausted",
        "{{product}}: out of credits, {{held}} leads on hold",
        "Your {{product}} account is out of credits ({{balance}} left): {{held}} new leads are on "
        "hold.\n\n"
        "Leads on hold are delivered as soon as you top up; after {{hold_days}} days without "
        "credits they are dropped, free of charge.\n\n"
        "Buy credits: {{billing_link}}\n",
        "<p>Your {{product}} account is out of credits ({{balance}} left): <b>{{held}}</b> new "
        "leads are on hold.</p>\n"
        "<p>Leads on hold are delivered as soon as you top up; after {{hold_days}} days without "
        "credits they are dropped, free of charge.</p>\n"
        "<p><a href=\"{{billing_link}}\">Buy credits</a></p>\n",
        "you own the {{product}} account that ran out of credits ({{to}})",
    },
    {
        // Rights requests (src/privacy/rights_service.h): proves the requester controls the
        // email address a privacy request names.
        "privacy_request_verify",
        "Confirm your privacy request to {{product}}",
        "We received a request to {{action}} the data {{product}} holds about this email "
        "address (request {{request_id}}).\n\n"
        "To confirm that you made it, open this link:\n\n{{link}}\n\n"
        "If you did not make this request, ignore this email and nothing will happen.\n",
        "<p>We received a request to {{action}} the data {{product}} holds about this email "
        "address (request {{request_id}}).</p>\n"
        "<p><a href=\"{{link}}\">Confirm that you made this request</a></p>\n"
        "<p>If you did not make this request, ignore this email and nothing will happen.</p>\n",
        "someone asked {{product}} to {{action}} the data held about {{to}}",
    },
    {
        // The answer to a verified access request: counts only.
        "privacy_access_answer",
        "What {{product}} holds about you (request {{request_id}})",
        "You asked what {{product}} holds about this email address.\n\n"
        "Lead records in delivery that name you: {{payloads}} ({{by_source}}).\n"
        "On our suppression list (never processed again): {{suppressed}}.\n\n"
        "{{product}} keeps no other personal data about the people behind public posts: lead "
        "records are deleted once delivered, and after 30 days at the latest. To have them "
        "deleted now and be suppressed, make a deletion request.\n",
        "<p>You asked what {{product}} holds about this email address.</p>\n"
        "<p>Lead records in delivery that name you: <b>{{payloads}}</b> ({{by_source}}).<br>\n"
        "On our suppression list (never processed again): <b>{{suppressed}}</b>.</p>\n"
        "<p>{{product}} keeps no other personal data about the people behind public posts: lead "
        "records are deleted once delivered, and after 30 days at the latest. To have them "
        "deleted now and be suppressed, make a deletion request.</p>\n",
        "you confirmed a privacy access request for {{to}}",
    },
    {
        // A person asked for erasure: every client that received a lead about them is told
        // (with the lead ids only) so they delete their copies too.
        "lead_erasure_requested",
        "{{product}}: erasure requested for {{count}} of your leads",
        "The person behind {{count}} lead(s) you received from {{product}} asked for their "
        "personal data to be erased. We have deleted it and will not send leads about them "
        "again.\n\n"
        "Please delete your copies of these leads (names, handles, texts, links) in your own "
        "systems, as data protection law requires:\n\n{{lead_ids}}\n\n"
        "Webhook endpoints subscribed to lead.erasure_requested received the same notice.\n",
        "<p>The person behind {{count}} lead(s) you received from {{product}} asked for their "
        "personal data to be erased. We have deleted it and will not send leads about them "
        "again.</p>\n"
        "<p>Please delete your copies of these leads (names, handles, texts, links) in your own "
        "systems, as data protection law requires:</p>\n<pre>{{lead_ids}}</pre>\n"
        "<p>Webhook endpoints subscribed to lead.erasure_requested received the same notice.</p>\n",
        "you own the {{product}} account that received these leads ({{to}})",
    },
};

const TemplateSpec* FindTemplate(std::string_view name) {
  for (const auto& spec : kTemplates) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string FormatUtc(core::TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d} UTC", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min);
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

core::Result<std::string> Substitute(std::string_view tmpl, const TemplateVars& vars, bool html) {
  std::string out;
  out.reserve(tmpl.size() + 64);
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) {
      out += tmpl.substr(pos);
      break;
    }
    size_t close = tmpl.find("}}", open + 2);
    std::string_view name = close == std::string_view::npos
                                ? std::string_view()
                                : tmpl.substr(open + 2, close - open - 2);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
      out += tmpl.substr(pos, open + 2 - pos);  // not a placeholder: copy "{{" literally
      pos = open + 2;
      continue;
    }
    out += tmpl.substr(pos, open - pos);
    auto it = vars.find(name);
    if (it == vars.end()) {
      return core::InvalidArgument(
          fmt::format("email template placeholder {{{{{}}}}} has no value", name));
    }
    // A `*_html` value is markup its caller built with HtmlEscape (the digest's lead list).
    const bool markup = html && name.ends_with("_html");
    out += html && !markup ? HtmlEscape(it->second) : it->second;
    pos = close + 2;
  }
  return out;
}

EmailTemplates::EmailTemplates(std::string product_name) : product_name_(std::move(product_name)) {}

std::vector<std::string> EmailTemplates::Names() {
  std::vector<std::string> names;
  for (const auto& spec : kTemplates) names.emplace_back(spec.name);
  std::sort(names.begin(), names.end());
  return names;
}

core::Result<Email> EmailTemplates::Render(std::string_view name, std::string_view to,
                                           const TemplateVars& vars) const {
  const TemplateSpec* spec = FindTemplate(name);
  if (spec == nullptr) return core::NotFound(fmt::format("no email template named '{}'", name));
  if (!IsPlausibleAddress(to)) {
    return core::InvalidArgument(fmt::format("'{}' is not a valid email address", to));
  }
  TemplateVars all = vars;
  all.insert_or_assign("product", product_name_);
  all.insert_or_assign("to", std::string(to));

  auto subject = Substitute(spec->subject, all, false);
  if (!subject) return core::Fail(subject.error());
  auto text = Substitute(spec->text, all, false);
  if (!text) return core::Fail(text.error());
  auto html = Substitute(spec->html, all, true);
  if (!html) return core::Fail(html.error());
  auto reason_text = Substitute(spec->reason, all, false);
  if (!reason_text) return core::Fail(reason_text.error());
  auto reason_html = Substitute(spec->reason, all, true);
  if (!reason_html) return core::Fail(reason_html.error());

  Email email;
  email.to = std::string(to);
  email.subject = *subject;
  email.template_name = std::string(name);
  email.text = fmt::format("{}\n-- \n{}\nYou received this email because {}.\n", *text,
                           product_name_, *reason_text);
  email.html = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n"
      "<body style=\"font-family:sans-serif;line-height:1.5\">\n{}"
      "<hr>\n<p style=\"font-size:small;color:#666\">{} &middot; You received this email "
      "because {}.</p>\n</body></html>\n",
      HtmlEscape(*subject), *html, HtmlEscape(product_name_), *reason_html);
  return email;
}

core::Result<Email> EmailTemplates::Verification(std::string_view to, std::string_view link) const {
  return Render("verification", to, {{"link", std::string(link)}});
}

core::Result<Email> EmailTemplates::PasswordReset(std::string_view to, std::string_view link,
                                                  core::TimePoint expires_at) const {
  return Render("password_reset", to,
                {{"link", std::string(link)}, {"expires", FormatUtc(expires_at)}});
}

core::Result<Email> EmailTemplates::NewSignIn(std::string_view to, core::TimePoint when,
                                              std::string_view ip,
                                              std::string_view user_agent) const {
  return Render("new_sign_in", to,
                {{"time", FormatUtc(when)},
                 {"ip", std::string(ip)},
                 {"user_agent", std::string(user_agent)}});
}

}  // namespace leados::notify
