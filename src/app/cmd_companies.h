#pragma once
// The `companies` subcommands: `leados companies import FILE.csv [--out DIR]` validates a company
// CSV (the shared list's format or ours: name,domain,size,industry,aliases) and merges it into the
// directory file <DIR>/companies.csv (default DIR: the data folder), reporting each skipped line
// with its reason. The SQL-backed directory comes with the storage work (docs/enrichment.md).

namespace CLI {
class App;
}

namespace leados::app {

void AddCompaniesCommands(CLI::App& app);

}  // namespace leados::app
