#include "app/cmd_feed.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "ingest/feed_cli.h"

namespace leados::app {

void AddFeedCommands(CLI::App& app) {
  CLI::App* feed = app.add_subcommand("feed", "Work with RSS, Atom and JSON feeds");
  feed->require_subcommand(1);
  CLI::App* parse = feed->add_subcommand(
      "parse",
      "Parse a feed file and print it as JSON (times in RFC 3339 UTC, texts as plain text)");
  struct Options {
    std::string path;
    std::string base_url;
  };
  auto opts = std::make_shared<Options>();
  parse
      ->add_option("FILE", opts->path, "feed file (RSS 0.9x/1.0/2.0, Atom, JSON Feed); - for stdin")
      ->required();
  parse->add_option("--base-url", opts->base_url,
                    "URL the feed came from, used to resolve relative links");
  parse->callback([opts] {
    int rc = ingest::RunFeedParse(opts->path, std::cout, std::cerr, opts->base_url);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace leados::app
