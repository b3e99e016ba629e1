#include "enrich/enrichment.h"

#include <cmath>

namespace leados::enrich {
namespace {

core::json::value Conf(double c) { return std::round(c * 100.0) / 100.0; }

template <typename T, typename F>
void Put(core::json::object& o, std::string_view key, const Sourced<T>& f, F&& to_value) {
  if (!f.known()) return;
  core::json::object v;
  v["value"] = to_value(f.value);
  v["provenance"] = f.provenance;
  v["confidence"] = Conf(f.confidence);
  o[key] = std::move(v);
}

core::json::value Str(const std::string& s) { return core::json::value(s); }

}  // namespace

core::json::object EnrichmentToJson(const Enrichment& e) {
  core::json::object out;
  core::json::object company;
  Put(company, "name", e.company.name, Str);
  Put(company, "domain", e.company.domain, Str);
  Put(company, "size", e.company.size,
      [](SizeBand b) { return core::json::value(SizeBandName(b)); });
  Put(company, "industry", e.company.industry, Str);
  out["company"] = std::move(company);

  core::json::object role;
  Put(role, "function", e.role.function,
      [](JobFunction f) { return core::json::value(JobFunctionName(f)); });
  Put(role, "seniority", e.role.seniority,
      [](Seniority s) { return core::json::value(SeniorityName(s)); });
  out["role"] = std::move(role);

  core::json::array techs;
  for (const auto& t : e.technologies) {
    core::json::object o;
    o["name"] = t.name;
    o["category"] = t.category;
    o["provenance"] = t.provenance;
    o["confidence"] = Conf(t.confidence);
    techs.push_back(std::move(o));
  }
  out["technologies"] = std::move(techs);

  core::json::object loc;
  Put(loc, "raw", e.location.raw, Str);
  Put(loc, "country", e.location.country, Str);
  Put(loc, "state", e.location.state, Str);
  Put(loc, "city", e.location.city, Str);
  Put(loc, "region", e.location.region, Str);
  Put(loc, "work_mode", e.location.work_mode,
      [](WorkMode m) { return core::json::value(WorkModeName(m)); });
  out["location"] = std::move(loc);

  core::json::array mentioned;
  for (const auto& m : e.mentioned_companies) {
    core::json::object o;
    o["name"] = m.name;
    o["domain"] = m.domain;
    o["count"] = m.count;
    mentioned.push_back(std::move(o));
  }
  out["mentioned_companies"] = std::move(mentioned);
  return out;
}

}  // namespace leados::enrich
