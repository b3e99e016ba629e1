#include "app/cmd_signals.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli_options.h"
#include "app/commands.h"
#include "app/queue_signal_sink.h"
#include "app/runtime.h"
#include "core/log.h"
#include "ingest/connector_jsonl.h"
#include "ingest/signal.h"

namespace leados::app {
namespace {

struct SignalsOptions {
  CommonOptions common;
  std::string file;
};

struct ReadSignals {
  std::vector<ingest::Signal> signals;
  std::vector<std::string> errors;  // "FILE:LINE: message", in line order
};

// Parses every line of `in` (blank lines and lines starting with '#' are skipped). Every signal
// is kept, duplicates included: publishing is a replay, and the pipeline is idempotent.
ReadSignals ParseAll(std::istream& in, const std::string& name) {
  ReadSignals out;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto signal = ingest::ParseSignalLine(line);
    if (!signal) {
      out.errors.push_back(name + ":" + std::to_string(line_no) + ": " + signal.error().message);
      continue;
    }
    out.signals.push_back(std::move(*signal));
  }
  return out;
}

int RunPublish(const SignalsOptions& opts) {
  auto config = LoadConfig(opts.common);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));

  // Validate the whole input before opening anything: a bad file publishes nothing.
  ReadSignals read;
  if (opts.file == "-") {
    read = ParseAll(std::cin, "-");
  } else {
    std::ifstream in(opts.file);
    if (!in) {
      std::cerr << "leados: cannot open signals file '" << opts.file << "'\n";
      return 2;
    }
    read = ParseAll(in, opts.file);
    if (in.bad()) {
      std::cerr << "leados: cannot read signals file '" << opts.file << "'\n";
      return 2;
    }
  }
  if (!read.errors.empty()) {
    for (const auto& e : read.errors) std::cerr << e << "\n";
    std::cerr << "leados: " << read.errors.size()
              << (read.errors.size() == 1 ? " bad line" : " bad lines")
              << "; nothing was published\n";
    return 2;
  }

  auto runtime = Runtime::Open(*config);
  if (!runtime) {
    std::cerr << "leados: " << runtime.error().message << "\n";
    return 1;
  }
  // The same sink `leados serve` publishes new signals through, so the pipeline cannot tell a
  // published signal from an ingested one.
  QueueSignalSink sink((*runtime)->queue());
  size_t published = 0;
  for (const auto& s : read.signals) {
    if (auto st = sink.Accept(s); !st) {
      std::cerr << "leados: published " << published << " of " << read.signals.size()
                << " signals, then: " << st.error().message << "\n";
      return 1;
    }
    ++published;
  }
  std::cout << "published " << published << (published == 1 ? " signal" : " signals")
            << " to the queue topic '" << kSignalsTopic << "' (" << (*runtime)->Describe()
            << ")\n";
  return 0;
}

}  // namespace

void AddSignalsCommands(CLI::App& app) {
  auto opts = std::make_shared<SignalsOptions>();
  auto* signals = app.add_subcommand("signals", "Bulk-import and replay signals");
  signals->require_subcommand(1);
  auto* publish = signals->add_subcommand(
      "publish",
      "Publish JSON-lines signals (ingest form) on the queue topic 'signals' for the pipeline; "
      "every line is validated first (exit 2 naming FILE:LINE, nothing published)");
  AddCommonOptions(*publish, opts->common);
  publish->add_option("FILE", opts->file, "JSON lines of signals ('-' for standard input)")
      ->required();
  publish->callback([opts] { SetExitCode(RunPublish(*opts)); });
}

}  // namespace leados::app
