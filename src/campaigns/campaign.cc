#include "campaigns/campaign.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "match/query_ast.h"
#include "match/query_parser.h"
#include "match/text_tokens.h"

namespace leados::campaigns {
namespace {

std::unexpected<core::Error> Invalid(std::string_view field, std::string message) {
  return core::InvalidArgument(fmt::format("{}: {}", field, message));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <size_t N>
std::string OneOf(const std::string_view (&values)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += values[i];
  }
  return out;
}

template <size_t N>
bool Contains(const std::string_view (&values)[N], std::string_view v) {
  return std::find(std::begin(values), std::end(values), v) != std::end(values);
}

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

core::Status CheckCount(std::string_view field, const std::vector<std::string>& values) {
  if (values.size() > kMaxFilterValues) {
    return Invalid(field,
                   fmt::format("at most {} values (got {})", kMaxFilterValues, values.size()));
  }
  return core::Ok();
}

// A closed list: values are lower-cased and must be among `allowed`.
template <size_t N>
core::Status NormaliseClosed(std::string_view field, std::string_view what,
                             std::vector<std::string>& values,
                             const std::string_view (&allowed)[N]) {
  if (auto ok = CheckCount(field, values); !ok) return ok;
  for (std::string& v : values) {
    v = AsciiLower(Trim(v));
    if (!Contains(allowed, v)) {
      return Invalid(field, fmt::format("unknown {} '{}': use {}", what, v, OneOf(allowed)));
    }
  }
  SortUnique(values);
  return core::Ok();
}

// Free text: trimmed, 1..kMaxFilterValueChars code points, no control characters. Duplicates
// that differ only in ASCII case are kept once (the first spelling in sorted order).
core::Status NormaliseFree(std::string_view field, std::vector<std::string>& values) {
  if (auto ok = CheckCount(field, values); !ok) return ok;
  for (std::string& v : values) {
    v = std::string(Trim(v));
    const size_t chars = match::CodePointCount(v);
    if (chars == 0 || chars > kMaxFilterValueChars) {
      return Invalid(field, fmt::format("each value must be 1 to {} characters (got {})",
                                        kMaxFilterValueChars, chars));
    }
    if (HasControlChar(v)) return Invalid(field, "values must not contain control characters");
  }
  SortUnique(values);
  std::vector<std::string> seen;
  std::erase_if(values, [&](const std::string& v) {
    std::string key = AsciiLower(v);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return true;
    seen.push_back(std::move(key));
    return false;
  });
  return core::Ok();
}

core::Status NormaliseLanguages(std::vector<std::string>& values) {
  constexpr std::string_view kField = "filters.languages";
  if (auto ok = CheckCount(kField, values); !ok) return ok;
  for (std::string& v : values) {
    v = AsciiLower(Trim(v));
    const bool letters =
        std::all_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (v.size() < 2 || v.size() > 3 || !letters) {
      return Invalid(kField, fmt::format("'{}' is not a 2- or 3-letter ISO 639 language code "
                                         "(e.g. en, de, fil)",
                                         v));
    }
  }
  SortUnique(values);
  return core::Ok();
}

core::Status CheckSize(std::string_view field, std::optional<int64_t> v) {
  if (v && (*v < 0 || *v > kMaxCompanySize)) {
    return Invalid(field,
                   fmt::format("must be between 0 and {} employees (got {})", kMaxCompanySize, *v));
  }
  return core::Ok();
}

}  // namespace

std::string_view CampaignStatusName(CampaignStatus status) {
  switch (status) {
    case CampaignStatus::kDraft: return "draft";
    case CampaignStatus::kActive: return "active";
    case CampaignStatus::kPaused: return "paused";
    case CampaignStatus::kDeleted: return "deleted";
  }
  return "draft";
}

std::optional<CampaignStatus> ParseCampaignStatus(std::string_view name) {
  for (auto s : {CampaignStatus::kDraft, CampaignStatus::kActive, CampaignStatus::kPaused,
                 CampaignStatus::kDeleted}) {
    if (CampaignStatusName(s) == name) return s;
  }
  return std::nullopt;
}

CampaignSpec ApplyPatch(CampaignSpec spec, const CampaignPatch& p) {
  if (p.name) spec.name = *p.name;
  if (p.query) spec.query = *p.query;
  if (p.sources) spec.filters.sources = *p.sources;
  if (p.languages) spec.filters.languages = *p.languages;
  if (p.regions) spec.filters.regions = *p.regions;
  if (p.company_size_min) spec.filters.company_size_min = *p.company_size_min;
  if (p.company_size_max) spec.filters.company_size_max = *p.company_size_max;
  if (p.industries) spec.filters.industries = *p.industries;
  if (p.roles) spec.filters.roles = *p.roles;
  if (p.seniority) spec.filters.seniority = *p.seniority;
  if (p.min_score) spec.min_score = *p.min_score;
  if (p.channels) spec.channels = *p.channels;
  if (p.daily_credit_cap) spec.daily_credit_cap = *p.daily_credit_cap;
  if (p.status) spec.status = *p.status;
  if (p.llm_rerank) spec.llm_rerank = *p.llm_rerank;
  if (p.digest) spec.digest = *p.digest;
  return spec;
}

core::Result<CampaignSpec> ValidateCampaign(CampaignSpec spec) {
  spec.name = std::string(Trim(spec.name));
  const size_t name_chars = match::CodePointCount(spec.name);
  if (name_chars == 0 || name_chars > kMaxNameChars) {
    return Invalid("name",
                   fmt::format("must be 1 to {} characters (got {})", kMaxNameChars, name_chars));
  }
  if (HasControlChar(spec.name)) return Invalid("name", "must not contain control characters");

  auto parsed = match::ParseQuery(spec.query);
  if (!parsed) return Invalid("query", parsed.error().message);
  spec.query = match::FormatQuery(*parsed);

  CampaignFilters& f = spec.filters;
  if (auto ok = NormaliseClosed("filters.sources", "source", f.sources, kSources); !ok) {
    return core::Fail(ok.error());
  }
  if (auto ok = NormaliseLanguages(f.languages); !ok) return core::Fail(ok.error());
  if (auto ok = NormaliseFree("filters.regions", f.regions); !ok) return core::Fail(ok.error());
  if (auto ok = CheckSize("filters.company_size.min", f.company_size_min); !ok) {
    return core::Fail(ok.error());
  }
  if (auto ok = CheckSize("filters.company_size.max", f.company_size_max); !ok) {
    return core::Fail(ok.error());
  }
  if (f.company_size_min && f.company_size_max && *f.company_size_min > *f.company_size_max) {
    return Invalid("filters.company_size", fmt::format("min ({}) must not be more than max ({})",
                                                       *f.company_size_min, *f.company_size_max));
  }
  if (auto ok = NormaliseFree("filters.industries", f.industries); !ok) {
    return core::Fail(ok.error());
  }
  if (auto ok = NormaliseClosed("filters.roles", "role", f.roles, kRoles); !ok) {
    return core::Fail(ok.error());
  }
  if (auto ok = NormaliseClosed("filters.seniority", "seniority", f.seniority, kSeniorities); !ok) {
    return core::Fail(ok.error());
  }

  if (!(spec.min_score >= 0.0 && spec.min_score <= 1.0)) {
    return Invalid("min_score", fmt::format("must be between 0 and 1 (got {})", spec.min_score));
  }
  if (auto ok = NormaliseClosed("channels", "channel", spec.channels, kChannels); !ok) {
    return core::Fail(ok.error());
  }
  if (spec.channels.empty()) {
    return Invalid("channels", fmt::format("name at least one of {}", OneOf(kChannels)));
  }
  if (std::find(std::begin(kDigestFrequencies), std::end(kDigestFrequencies), spec.digest) ==
      std::end(kDigestFrequencies)) {
    return Invalid("digest", fmt::format("must be hourly or daily (got '{}')", spec.digest));
  }
  if (spec.daily_credit_cap &&
      (*spec.daily_credit_cap < 1 || *spec.daily_credit_cap > kMaxDailyCreditCap)) {
    return Invalid("daily_credit_cap",
                   fmt::format("must be between 1 and {}, or null for no cap (got {}); to stop "
                               "deliveries, pause the campaign",
                               kMaxDailyCreditCap, *spec.daily_credit_cap));
  }
  if (spec.status == CampaignStatus::kDeleted) {
    return Invalid("status",
                   "must be draft, active or paused (delete a campaign with "
                   "DELETE /v1/campaigns/{id})");
  }
  return spec;
}

}  // namespace leados::campaigns
