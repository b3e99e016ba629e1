#include "campaigns/campaign_json.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace leados::campaigns {
namespace {

namespace json = core::json;

std::unexpected<core::Error> Invalid(std::string_view field, std::string_view message) {
  return core::InvalidArgument(fmt::format("{}: {}", field, message));
}

json::value OptIntJson(std::optional<int64_t> v) {
  return v ? json::value(*v) : json::value();
}

core::Result<std::string> ReadString(std::string_view field, const json::value& v) {
  if (!v.is_string()) return Invalid(field, "must be a string");
  return std::string(v.as_string());
}

core::Result<std::vector<std::string>> ReadStrings(std::string_view field, const json::value& v) {
  if (v.is_null()) return std::vector<std::string>();
  if (!v.is_array()) return Invalid(field, "must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) return Invalid(field, "must be a list of strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

// An integer, or null (nullopt) when `nullable`.
core::Result<std::optional<int64_t>> ReadInt(std::string_view field, const json::value& v) {
  if (v.is_null()) return std::optional<int64_t>();
  if (v.is_int64()) return std::optional<int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v.as_uint64()));
  }
  if (v.is_double() && std::trunc(v.as_double()) == v.as_double() &&
      std::fabs(v.as_double()) < 9.0e15) {
    return std::optional<int64_t>(static_cast<int64_t>(v.as_double()));
  }
  return Invalid(field, "must be a whole number or null");
}

core::Result<double> ReadNumber(std::string_view field, const json::value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  return Invalid(field, "must be a number");
}

constexpr std::array<std::string_view, 7> kFilterKeys = {
    "sources", "languages", "regions", "company_size", "industries", "roles", "seniority"};

core::Status ReadFilters(const json::value& v, CampaignPatch& p) {
  if (v.is_null()) {
    // Reset every filter.
    for (auto* list :
         {&p.sources, &p.languages, &p.regions, &p.industries, &p.roles, &p.seniority}) {
      *list = std::vector<std::string>();
    }
    p.company_size_min = std::optional<int64_t>();
    p.company_size_max = std::optional<int64_t>();
    return core::Ok();
  }
  if (!v.is_object()) return Invalid("filters", "must be an object");
  for (const auto& [key, value] : v.as_object()) {
    const std::string field = fmt::format("filters.{}", std::string_view(key));
    auto list = [&](std::optional<std::vector<std::string>>& out) -> core::Status {
      auto r = ReadStrings(field, value);
      if (!r) return core::Fail(r.error());
      out = std::move(*r);
      return core::Ok();
    };
    core::Status ok;
    if (key == "sources") {
      ok = list(p.sources);
    } else if (key == "languages") {
      ok = list(p.languages);
    } else if (key == "regions") {
      ok = list(p.regions);
    } else if (key == "industries") {
      ok = list(p.industries);
    } else if (key == "roles") {
      ok = list(p.roles);
    } else if (key == "seniority") {
      ok = list(p.seniority);
    } else if (key == "company_size") {
      p.company_size_min = std::optional<int64_t>();
      p.company_size_max = std::optional<int64_t>();
      if (value.is_null()) continue;
      if (!value.is_object()) return Invalid(field, "must be an object {\"min\":…,\"max\":…}");
      for (const auto& [bound, n] : value.as_object()) {
        const std::string bound_field = fmt::format("{}.{}", field, std::string_view(bound));
        if (bound != "min" && bound != "max") {
          return Invalid(
              field, fmt::format("unknown field '{}': use min and max", std::string_view(bound)));
        }
        auto r = ReadInt(bound_field, n);
        if (!r) return core::Fail(r.error());
        (bound == "min" ? p.company_size_min : p.company_size_max) = *r;
      }
    } else {
      return Invalid("filters", fmt::format("unknown field '{}': use sources, languages, regions, "
                                            "company_size, industries, roles or seniority",
                                            std::string_view(key)));
    }
    if (!ok) return ok;
  }
  return core::Ok();
}

}  // namespace

json::array StringsToJson(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::object CampaignFiltersToJson(const CampaignFilters& f) {
  return {{"sources", StringsToJson(f.sources)},
          {"languages", StringsToJson(f.languages)},
          {"regions", StringsToJson(f.regions)},
          {"company_size", json::object{{"min", OptIntJson(f.company_size_min)},
                                        {"max", OptIntJson(f.company_size_max)}}},
          {"industries", StringsToJson(f.industries)},
          {"roles", StringsToJson(f.roles)},
          {"seniority", StringsToJson(f.seniority)}};
}

json::object CampaignSpecToJson(const CampaignSpec& s) {
  return {{"name", s.name},
          {"query", s.query},
          {"filters", CampaignFiltersToJson(s.filters)},
          {"min_score", s.min_score},
          {"channels", StringsToJson(s.channels)},
          {"daily_credit_cap", OptIntJson(s.daily_credit_cap)},
          {"status", CampaignStatusName(s.status)},
          {"llm_rerank", s.llm_rerank},
          {"digest", s.digest}};
}

core::Result<CampaignPatch> CampaignPatchFromJson(const json::object& body) {
  CampaignPatch p;
  for (const auto& [key_sv, value] : body) {
    const std::string_view key = key_sv;
    if (key == "name" || key == "query") {
      auto s = ReadString(key, value);
      if (!s) return core::Fail(s.error());
      (key == "name" ? p.name : p.query) = std::move(*s);
    } else if (key == "filters") {
      if (auto ok = ReadFilters(value, p); !ok) return core::Fail(ok.error());
    } else if (key == "min_score") {
      auto n = ReadNumber(key, value);
      if (!n) return core::Fail(n.error());
      p.min_score = *n;
    } else if (key == "channels") {
      if (!value.is_array()) return Invalid(key, "must be a list of strings");
      auto list = ReadStrings(key, value);
      if (!list) return core::Fail(list.error());
      p.channels = std::move(*list);
    } else if (key == "daily_credit_cap") {
      auto n = ReadInt(key, value);
      if (!n) return core::Fail(n.error());
      p.daily_credit_cap = *n;
    } else if (key == "status") {
      auto s = ReadString(key, value);
      if (!s) return core::Fail(s.error());
      auto status = ParseCampaignStatus(*s);
      if (!status) {
        return Invalid(key, fmt::format("must be draft, active or paused (got '{}')", *s));
      }
      p.status = *status;
    } else if (key == "llm_rerank") {
      if (!value.is_bool()) return Invalid(key, "must be true or false");
      p.llm_rerank = value.as_bool();
    } else if (key == "digest") {
      if (!value.is_string()) return Invalid(key, "must be \"hourly\" or \"daily\"");
      p.digest = std::string(value.as_string());
    } else if (key == "id" || key == "account_id" || key == "revision" || key == "created_at" ||
               key == "updated_at" || key == "deleted_at") {
      continue;  // read-only, echoed back from a GET
    } else {
      return core::InvalidArgument(fmt::format(
          "unknown field '{}': a campaign has name, query, filters, min_score, channels, "
          "daily_credit_cap, status, llm_rerank and digest",
          key));
    }
  }
  return p;
}

core::Result<CampaignSpec> CampaignSpecFromCreateJson(const json::object& body) {
  auto patch = CampaignPatchFromJson(body);
  if (!patch) return core::Fail(patch.error());
  if (!patch->name) return Invalid("name", "is required");
  if (!patch->query) return Invalid("query", "is required");
  return ApplyPatch(CampaignSpec{}, *patch);
}

core::Result<CampaignFilters> CampaignFiltersFromJsonText(std::string_view text) {
  auto v = core::ParseJson(text);
  if (!v) return core::Fail(v.error());
  CampaignPatch p;
  if (auto ok = ReadFilters(*v, p); !ok) return core::Fail(ok.error());
  return ApplyPatch(CampaignSpec{}, p).filters;
}

core::Result<std::vector<std::string>> StringsFromJsonText(std::string_view field,
                                                           std::string_view text) {
  auto v = core::ParseJson(text);
  if (!v) return core::Fail(v.error());
  return ReadStrings(field, *v);
}

}  // namespace leados::campaigns
