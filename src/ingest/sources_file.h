#pragma once
// The sources file named by ingest.sources_file: sources kept with the deployment's
// configuration instead of created over the API. TOML (or JSON when the name ends in .json):
//
//   [[source]]
//   name = "Hacker News, live"        # unique; the key that matches the file to the table
//   kind = "hn"                       # feed press hn reddit greenhouse lever ashby jobpage jsonl
//   interval_seconds = 60             # optional (defaults per kind, source.h)
//   enabled = true                    # optional
//   settings = { max_items_per_run = 200 }
//
//   JSON: {"sources":[{"name":…,"kind":…,"interval_seconds":…,"enabled":…,"settings":{…}}]}
//
// SourceStore::SyncConfig then makes the table's configuration sources equal the file.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/source.h"

namespace leados::ingest {

// Reads and checks the shape of a sources file (each spec is validated by SyncConfig).
// kInvalidArgument "FILE: …" naming the entry and field at fault; kNotFound when unreadable.
core::Result<std::vector<SourceSpec>> ReadSourcesFile(const std::filesystem::path& file);

// The same from text; `json` selects the format.
core::Result<std::vector<SourceSpec>> ParseSourcesText(std::string_view text, bool json);

// One source from its JSON form ({"name","kind","interval_seconds","enabled","settings"}), as the
// API and the JSON file take it. kInvalidArgument naming the field.
core::Result<SourceSpec> SourceSpecFromJson(const core::json::object& o);

}  // namespace leados::ingest
