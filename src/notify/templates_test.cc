#include "notify/templates.h"

#include <gtest/gtest.h>

namespace leados::notify {
namespace {

const std::string kLink = "https://app.leados.test/verify?token=abc&u=1";

TEST(Templates, VerificationHasLinkInTextAndEscapedInHtmlAndAFooter) {
  EmailTemplates templates;
  auto email = templates.Verification("ana@example.com", kLink);
  ASSERT_TRUE(email) << email.error().message;
  EXPECT_EQ(email->to, "ana@example.com");
  EXPECT_EQ(email->template_name, "verification");
  EXPECT_EQ(email->subject, "Confirm your email address for LeadOS");
  EXPECT_NE(email->text.find(kLink), std::string::npos);
  EXPECT_NE(email->html.find("https://app.leados.test/verify?token=abc&amp;u=1"),
            std::string::npos);
  EXPECT_EQ(email->html.find("abc&u=1"), std::string::npos) << "raw & must be escaped in HTML";
  EXPECT_NE(email->text.find("You received this email because someone signed up for LeadOS "
                             "with this address (ana@example.com)."),
            std::string::npos);
  EXPECT_NE(email->html.find("You received this email because"), std::string::npos);
}

TEST(Templates, PasswordResetShowsExpiry) {
  EmailTemplates templates("Acme Leads");
  auto email = templates.PasswordReset("bo@example.com", kLink,
                                       core::TimePoint(std::chrono::seconds(1'767'229'200)));
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "Reset your Acme Leads password");
  EXPECT_NE(email->text.find("before 2026-01-01 01:00 UTC"), std::string::npos);
  EXPECT_NE(email->text.find(kLink), std::string::npos);
}

TEST(Templates, NewSignInEscapesUserSuppliedValuesInHtmlOnly) {
  EmailTemplates templates;
  auto email =
      templates.NewSignIn("bo@example.com", core::TimePoint(std::chrono::seconds(1'767'225'600)),
                          "203.0.113.9", "Evil <script>alert(1)</script>");
  ASSERT_TRUE(email);
  EXPECT_NE(email->text.find("Browser: Evil <script>alert(1)</script>"), std::string::npos);
  EXPECT_EQ(email->html.find("<script>"), std::string::npos);
  EXPECT_NE(email->html.find("Evil &lt;script&gt;"), std::string::npos);
  EXPECT_NE(email->text.find("Time: 2026-01-01 00:00 UTC"), std::string::npos);
  EXPECT_NE(email->text.find("IP address: 203.0.113.9"), std::string::npos);
}

TEST(Templates, ErrorsNameWhatIsWrong) {
  EmailTemplates templates;
  auto missing = templates.Render("verification", "a@b.co", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(missing.error().message.find("{{link}}"), std::string::npos);
  auto unknown = templates.Render("nope", "a@b.co", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
  auto bad_to = templates.Verification("not an address", kLink);
  ASSERT_FALSE(bad_to);
  EXPECT_EQ(bad_to.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(EmailTemplates::Names(),
            (std::vector<std::string>{
                "credits_exhausted", "credits_low", "delivery_failures", "email_change",
                "email_change_notice", "lead_digest", "lead_erasure_requested", "new_sign_in",
                "password_reset", "payment_failed", "payment_refunded", "policy_update",
                "privacy_access_answer", "privacy_request_verify", "purchase_receipt",
                "signup_existing", "source_failing", "supply_scan_results", "verification"}));
}

TEST(Templates, DeliveryFailuresSaysWhichEndpointSinceWhenAndHowToReenable) {
  EmailTemplates templates;
  auto email = templates.Render("delivery_failures", "owner@example.com",
                                {{"endpoint_url", "https://hooks.example.com/in"},
                                 {"endpoint_id", "we_01"},
                                 {"reason", "every delivery failed for 5 days"},
                                 {"since", "2026-01-01T00:00:00Z"},
                                 {"last_error", "http_5xx (HTTP 503)"}});
  ASSERT_TRUE(email) << email.error().message;
  EXPECT_EQ(email->subject, "LeadOS: webhook endpoint https://hooks.example.com/in was disabled");
  for (const char* part : {"Failing since: 2026-01-01T00:00:00Z", "Last error: http_5xx (HTTP 503)",
                           "PATCH /v1/webhook-endpoints/we_01", "\"enabled\": true"}) {
    EXPECT_NE(email->text.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(email->text.find("{{"), std::string::npos);
}

TEST(Templates, SubstituteLeavesNonPlaceholdersAlone) {
  auto out = Substitute("a {{ b }} {{x}} {{", {{"x", "<1>"}}, true);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "a {{ b }} &lt;1&gt; {{");
}

TEST(Templates, MarkupPlaceholdersAreInsertedAsIsOnlyInTheHtmlPart) {
  auto html = Substitute("<p>{{name}}</p>{{list_html}}",
                         {{"name", "<b>"}, {"list_html", "<ul></ul>"}}, true);
  ASSERT_TRUE(html);
  EXPECT_EQ(*html, "<p>&lt;b&gt;</p><ul></ul>");
  auto text = Substitute("{{list_html}}", {{"list_html", "<ul>"}}, false);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "<ul>");
}

}  // namespace
}  // namespace leados::notify
