#include "score/text_normalizer.h"

#include <cctype>

namespace leados::score {
namespace {

bool IsWordByte(unsigned char c) {
  return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '_';
}

bool StartsWithUrl(std::string_view s, size_t i) {
  auto rest = s.substr(i);
  return rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
}

// Appends the tokens of `s` to `out`, separated by single spaces.
void AppendTokens(std::string_view s, size_t max_bytes, std::string& out) {
  const size_t start_size = out.size();
  size_t i = 0;
  auto space = [&out] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  while (i < s.size() && out.size() - start_size < max_bytes) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (StartsWithUrl(s, i)) {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != ')' &&
             s[i] != ']') {
        ++i;
      }
      space();
      out += "__url__";
      continue;
    }
    if (IsWordByte(c)) {
      space();
      size_t j = i;
      bool all_digits = true;
      while (j < s.size() && (IsWordByte(static_cast<unsigned char>(s[j])) ||
                              // keep "1.5", "node.js", "e-mail" together
                              ((s[j] == '.' || s[j] == '-') && j + 1 < s.size() &&
                               std::isalnum(static_cast<unsigned char>(s[j + 1])) && j > i))) {
        if (!std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != '.') all_digits = false;
        ++j;
      }
      if (all_digits) {
        out += "__num__";
      } else {
        for (size_t k = i; k < j; ++k) {
          const unsigned char b = static_cast<unsigned char>(s[k]);
          out.push_back(b < 0x80 ? static_cast<char>(std::tolower(b)) : static_cast<char>(b));
        }
      }
      i = j;
      continue;
    }
    // Punctuation: one token per character, runs collapsed ("???" -> "?").
    space();
    out.push_back(static_cast<char>(c));
    size_t j = i + 1;
    while (j < s.size() && s[j] == s[i]) ++j;
    i = j;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string NormalizeForModel(std::string_view title, std::string_view text) {
  title = Trim(title);
  text = Trim(text);
  if (!title.empty() && text.starts_with(title)) text = Trim(text.substr(title.size()));
  std::string out;
  out.reserve(title.size() + std::min(text.size(), kMaxModelTextBytes) + 16);
  if (!title.empty()) {
    AppendTokens(title, kMaxModelTextBytes, out);
    // The marker only when both parts exist, so a title-only signal and a text-only signal with
    // the same words look alike to the model.
    if (!text.empty()) out += " __body__";
  }
  if (!text.empty()) {
    out.push_back(' ');
    AppendTokens(text, kMaxModelTextBytes, out);
  }
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace leados::score
