#include "pipeline/digest_email.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "core/json.h"

namespace leados::pipeline {
namespace {

constexpr size_t kTitleBytes = 160;
constexpr size_t kExcerptBytes = 300;

std::string FormatUtcMinute(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d} UTC", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min);
}

// What the email says about one lead, read from its payload.
struct LeadLines {
  int score = 0;
  std::string intent_class;
  std::string title;
  std::string excerpt;
  std::string author;
  std::string site;
  std::string url;  // only http(s) links become links
  std::string why;
};

LeadLines LinesOf(const DigestLead& lead) {
  LeadLines l;
  l.score = lead.record.score;
  l.intent_class = lead.record.intent_class;
  auto parsed = core::ParseJsonObject(*lead.payload_json);
  if (!parsed) return l;
  const core::json::object empty;
  const auto* signal = parsed->if_contains("signal");
  const auto* score = parsed->if_contains("score");
  const auto& s = signal && signal->is_object() ? signal->as_object() : empty;
  const auto& sc = score && score->is_object() ? score->as_object() : empty;
  const std::string body = core::StringOr(s, "body");
  l.title = ShortenUtf8(core::StringOr(s, "title"), kTitleBytes);
  if (l.title.empty()) l.title = ShortenUtf8(body, 80);
  std::string passage = core::StringOr(sc, "quoted_passage");
  l.excerpt = ShortenUtf8(passage.empty() ? body : passage, kExcerptBytes);
  l.author = core::StringOr(s, "author");
  l.site = core::StringOr(s, "site");
  const std::string url = core::StringOr(s, "url");
  if (url.starts_with("https://") || url.starts_with("http://")) l.url = url;
  l.why = core::StringOr(sc, "explanation");
  if (const auto* terms = sc.if_contains("matched_terms"); terms && terms->is_array()) {
    std::string joined;
    for (const auto& t : terms->as_array()) {
      if (!t.is_string()) continue;
      joined += (joined.empty() ? "" : ", ") + std::string(t.as_string());
    }
    if (!joined.empty()) l.why += (l.why.empty() ? "" : " ") + ("Matched: " + joined + ".");
  }
  return l;
}

std::string LeadText(int n, const LeadLines& l) {
  std::string out = fmt::format("{}. [{}] {} — {}\n", n, l.score, l.intent_class, l.title);
  if (!l.author.empty() || !l.site.empty()) {
    out += fmt::format("   by {}{}{}\n", l.author.empty() ? "someone" : l.author,
                       l.site.empty() ? "" : " on ", l.site);
  }
  if (!l.excerpt.empty() && l.excerpt != l.title) out += fmt::format("   \"{}\"\n", l.excerpt);
  if (!l.why.empty()) out += fmt::format("   Why it matched: {}\n", l.why);
  if (!l.url.empty()) out += fmt::format("   {}\n", l.url);
  return out + "\n";
}

std::string LeadHtml(const LeadLines& l) {
  using notify::HtmlEscape;
  std::string title = HtmlEscape(l.title);
  if (!l.url.empty()) title = fmt::format("<a href=\"{}\">{}</a>", HtmlEscape(l.url), title);
  std::string out =
      fmt::format("<li><p><b>{}</b> · {} — {}", l.score, HtmlEscape(l.intent_class), title);
  if (!l.author.empty() || !l.site.empty()) {
    out += fmt::format("<br>by {}{}{}", HtmlEscape(l.author.empty() ? "someone" : l.author),
                       l.site.empty() ? "" : " on ", HtmlEscape(l.site));
  }
  if (!l.excerpt.empty() && l.excerpt != l.title) {
    out += fmt::format("<br><q>{}</q>", HtmlEscape(l.excerpt));
  }
  if (!l.why.empty()) {
    out += fmt::format("<br><small>Why it matched: {}</small>", HtmlEscape(l.why));
  }
  return out + "</p></li>\n";
}

}  // namespace

std::string ShortenUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a code point.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

core::Result<notify::Email> RenderDigestEmail(const notify::EmailTemplates& templates,
                                              std::string_view to, const DigestContent& c) {
  std::string leads_text;
  std::string leads_html;
  int n = 0;
  for (const auto& lead : c.shown) {
    if (!lead.payload_json) continue;
    const LeadLines lines = LinesOf(lead);
    leads_text += LeadText(++n, lines);
    leads_html += LeadHtml(lines);
  }
  if (!leads_html.empty()) leads_html = "<ol>\n" + leads_html + "</ol>\n";
  const int more = c.total_leads - n - c.expired;
  std::string more_text;
  if (more > 0) more_text += fmt::format("… and {} more in the portal.\n", more);
  if (c.expired > 0) {
    more_text += fmt::format(
        "{} {} no longer available in detail: {} data expired from the payload store.\n", c.expired,
        c.expired == 1 ? "lead is" : "leads are", c.expired == 1 ? "its" : "their");
  }
  std::string more_html;
  if (!more_text.empty()) {
    more_html = "<p>" + notify::HtmlEscape(more_text) + "</p>\n";
    more_text += "\n";
  }
  notify::TemplateVars vars{{"lead_count", fmt::format("{} new {}", c.total_leads,
                                                       c.total_leads == 1 ? "lead" : "leads")},
                            {"campaign", c.campaign_name},
                            {"period", fmt::format("{} to {}", FormatUtcMinute(c.period_start_ms),
                                                   FormatUtcMinute(c.period_end_ms))},
                            {"leads_text", leads_text},
                            {"leads_html", leads_html},
                            {"more_text", more_text},
                            {"more_html", more_html},
                            {"portal_link", c.portal_url}};
  auto email = templates.Render("lead_digest", to, vars);
  if (!email) return core::Fail(email.error());
  email->account_id = c.account_id;
  return email;
}

}  // namespace leados::pipeline
