// JSON-lines sources (bulk import, replay, the demo signals): an HTTP(S) URL fetched
// conditionally each run, or a local file (configuration-file sources only) read from the byte
// offset where the previous run stopped — cursor {"offset":N}, always at a line start — so an
// appended file is read incrementally; a file shorter than the offset (replaced or truncated) is
// read again from the start. At most 64 MiB of a file per run; the rest follows next run.
// Bad lines are skipped (ParseSignalLines); they never fail the run.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "ingest/connector_jsonl.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

constexpr int64_t kMaxFileBytesPerRun = 64 << 20;

core::Result<ParsedPage> ParseLines(std::string_view body, const ParseContext& ctx) {
  return ParseSignalLines(body, ctx).page;
}

class JsonlRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    const std::string url = SettingString(ctx.source, "url");
    if (!url.empty()) {
      return runner::FetchParseOffer(ctx, url, SourceKind::kRss, /*respect_robots=*/false,
                                     /*conditional=*/true, ParseLines);
    }
    return RunFile(ctx, SettingString(ctx.source, "path"));
  }

 private:
  static RunOutcome RunFile(const RunContext& ctx, const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
      return std::unexpected(
          RunError{"file", fmt::format("cannot read {}: {}", path, ec.message()), {}});
    }
    int64_t offset = core::IntOr(ctx.source.state.cursor, "offset", 0);
    if (offset < 0 || static_cast<uint64_t>(offset) > size) offset = 0;
    RunReport report;
    report.cursor = ctx.source.state.cursor;
    const int64_t want =
        std::min<int64_t>(static_cast<int64_t>(size) - offset, kMaxFileBytesPerRun);
    if (want <= 0) {
      report.cursor["offset"] = offset;
      return report;
    }
    std::ifstream in(path, std::ios::binary);
    in.seekg(offset);
    std::string text(static_cast<size_t>(want), '\0');
    in.read(text.data(), want);
    if (!in) {
      return std::unexpected(
          RunError{"file", fmt::format("cannot read {} at byte {}", path, offset), {}});
    }
    // Only whole lines: a line being appended right now is read next run.
    const size_t last_newline = text.rfind('\n');
    if (last_newline == std::string::npos) {
      report.cursor["offset"] = offset;
      return report;
    }
    text.resize(last_newline + 1);
    ParseContext pctx = runner::ContextFor(ctx.source, "", "", SourceKind::kRss);
    JsonlParse parsed = ParseSignalLines(text, pctx);
    if (auto err = runner::Offer(ctx, parsed.page, report)) return std::unexpected(*err);
    report.cursor["offset"] = offset + static_cast<int64_t>(text.size());
    return report;
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeJsonlRunner() {
  return std::make_unique<JsonlRunner>();
}

}  // namespace leados::ingest
