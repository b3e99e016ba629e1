#pragma once
// Internal to enrich: the built-in gazetteer table (format described in gazetteer_data.cc).
namespace leados::enrich::internal {
extern const char* const kGazetteerTable;
}  // namespace leados::enrich::internal
