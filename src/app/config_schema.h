#pragma once
// The schema of every configuration key LeadOS reads: name, type, default, whether it is a
// secret, and what it means. docs/configuration.md is written from this table.

#include <vector>

#include "core/config.h"

namespace leados::app {

// All known keys. Modules that add settings add them here (one table, one place to document).
const std::vector<core::ConfigKey>& ConfigSchema();

}  // namespace leados::app
