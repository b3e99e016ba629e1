#pragma once
// EmailTemplates: renders the service emails (verification, password reset, new sign-in …) from
// small inline templates with {{name}} placeholders into a text and an HTML part. Values are
// HTML-escaped in the HTML part; every email ends with a footer saying why it was sent.
// Adding a template is one entry in the table in templates.cc. Thread-safe (immutable).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "notify/email.h"

namespace leados::notify {

using TemplateVars = std::map<std::string, std::string, std::less<>>;

class EmailTemplates {
 public:
  // `product_name` fills {{product}} (the product's name in subjects and footers).
  explicit EmailTemplates(std::string product_name = "LeadOS");

  // Renders template `name` for recipient `to`. {{product}} and {{to}} are always available.
  // kNotFound for an unknown template; kInvalidArgument when a placeholder has no value or `to`
  // is not a plausible address.
  core::Result<Email> Render(std::string_view name, std::string_view to,
                             const TemplateVars& vars) const;

  // The names of every template, sorted.
  static std::vector<std::string> Names();

  // Convenience wrappers for the templates of issue 3.
  // "Confirm your email address": the link verifies the address.
  core::Result<Email> Verification(std::string_view to, std::string_view link) const;
  // "Reset your password": `expires_at` is shown in UTC.
  core::Result<Email> PasswordReset(std::string_view to, std::string_view link,
                                    core::TimePoint expires_at) const;
  // "New sign-in to your account": when, from which IP address and browser (user agent).
  core::Result<Email> NewSignIn(std::string_view to, core::TimePoint when, std::string_view ip,
                                std::string_view user_agent) const;

 private:
  std::string product_name_;
};

// Replaces every {{name}} in `tmpl` (names: letters, digits, '_') by its value, HTML-escaped
// when `html` — except names ending in "_html", whose values are markup the caller built (and
// escaped) itself and are inserted as they are. kInvalidArgument naming the first placeholder
// without a value.
core::Result<std::string> Substitute(std::string_view tmpl, const TemplateVars& vars, bool html);

// & < > " ' escaped for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace leados::notify
