#pragma once
// JSON forms of the Campaign model (boost::json through core/json.h), shared by the store
// (filters_json, channels_json and revision snapshots) and the HTTP handlers (request bodies).
// Every parse error is kInvalidArgument "FIELD: what to fix", naming the field the way the API
// does ("filters.sources: must be a list of strings"). Thread-safe (pure functions).
//
// The campaign body (create, update, snapshot):
//   {"name":"…","query":"…","filters":{"sources":["hn"],"languages":["en"],"regions":["EU"],
//    "company_size":{"min":10,"max":500},"industries":["Software"],"roles":["engineering"],
//    "seniority":["director"]},"min_score":0.6,"channels":["webhook"],"daily_credit_cap":100,
//    "status":"active","llm_rerank":false,"digest":"daily"}

#include "campaigns/campaign.h"
#include "core/json.h"
#include "core/result.h"

namespace leados::campaigns {

// The versioned fields as the object above (every field present; no cap / no bound as null).
core::json::object CampaignSpecToJson(const CampaignSpec& spec);
// The "filters" object above.
core::json::object CampaignFiltersToJson(const CampaignFilters& filters);
// A list of strings as a JSON array.
core::json::array StringsToJson(const std::vector<std::string>& values);

// A patch from a request body: fields present are set, absent ones left alone; `filters` is
// merged key by key (a key set to null resets that filter, "filters": null resets them all);
// `daily_credit_cap` null means no cap. Read-only fields a client may echo back from a GET (id,
// account_id, revision, created_at, updated_at, deleted_at) are ignored; any other unknown field
// is refused ("unknown field 'min_scor'"), so a typo never silently does nothing. No rule is
// checked beyond JSON types: ValidateCampaign does that.
core::Result<CampaignPatch> CampaignPatchFromJson(const core::json::object& body);
// A create body: as a patch over the defaults, with `name` and `query` required
// ("name: is required").
core::Result<CampaignSpec> CampaignSpecFromCreateJson(const core::json::object& body);

// Reads a stored filters_json / channels_json text (written by the functions above).
core::Result<CampaignFilters> CampaignFiltersFromJsonText(std::string_view text);
core::Result<std::vector<std::string>> StringsFromJsonText(std::string_view field,
                                                           std::string_view text);

}  // namespace leados::campaigns
