#pragma once
// TechnologyCatalog: the curated technologies LeadOS recognises in text (languages, frameworks,
// databases, clouds, SaaS tools), with aliases and categories, from
// data/technologies/technologies.tsv (compiled in) or another file of the same format:
//
//   name <TAB> category <TAB> aliases
//
// aliases are '|'-separated; the name is an alias too unless it is listed with a prefix. Matching
// is whole-word (text_scan.h) and case-insensitive, except for aliases with these prefixes:
//   !  the text must spell it exactly so ("!Go", "!Swift": capital letter required)
//   ?  it needs technical context: another technology within 80 bytes, or a technical word right
//      after it ("Go developer", "Go services"), or "in/using/with/written" right before it.
// Both may be combined ("?!Go"). Details and the reasons: docs/enrichment.md.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "enrich/aho_corasick.h"

namespace leados::enrich {

struct FoldedText;

struct Technology {
  std::string name;      // canonical name ("PostgreSQL")
  std::string category;  // "database", "language", ...
};

// One technology found in a text: the first accepted occurrence of it.
struct TechnologyMention {
  int technology = -1;  // index into TechnologyCatalog::technologies()
  size_t offset = 0;    // byte offset in the scanned text
  size_t length = 0;
  bool needed_context = false;  // matched through a '?' alias (lower confidence)
};

class TechnologyCatalog {
 public:
  // Parses a catalog; fails naming the line of a malformed row or a duplicate name.
  static core::Result<TechnologyCatalog> Parse(std::string_view tsv);
  // The compiled-in data/technologies/technologies.tsv.
  static TechnologyCatalog Builtin();

  // Every technology mentioned in `text`, once each, in order of first mention; offsets are in
  // text.original. Thread-safe.
  std::vector<TechnologyMention> FindIn(const FoldedText& text) const;
  // The same for a text not folded yet (folds it into a per-thread buffer first). Thread-safe.
  std::vector<TechnologyMention> FindIn(std::string_view text) const;

  const std::vector<Technology>& technologies() const { return technologies_; }
  // Index of a technology by canonical name (case-insensitive), -1 if none.
  int Find(std::string_view name) const;

 private:
  struct Target {
    int technology = -1;
    std::string literal;  // the alias as written, for '!' aliases
    bool exact_case = false;
    bool needs_context = false;
  };
  std::vector<Technology> technologies_;
  AhoCorasick patterns_;
  std::vector<std::vector<Target>> targets_;  // by pattern index
};

}  // namespace leados::enrich
