#include "ingest/robots.h"

#include <gtest/gtest.h>

namespace leados::ingest {
namespace {

TEST(RobotsTest, ProductTokenIsTheFirstWordOfTheUserAgent) {
  EXPECT_EQ(RobotsProductToken("LeadOS/0.1 (+https://github.com/leados)"), "LeadOS");
  EXPECT_EQ(RobotsProductToken("MyBot"), "MyBot");
  EXPECT_EQ(RobotsProductToken(" Foo Bar"), "Foo");
}

struct Case {
  const char* robots;
  const char* path;
  bool allowed;
};

TEST(RobotsTest, AllowDenyTable) {
  const char* kGoogleStyle =
      "User-agent: *\n"
      "Disallow: /private\n"
      "Allow: /private/public\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search?q=\n"
      "Disallow: /a*b/c\n"
      "\n"
      "User-agent: LeadOS\n"
      "User-agent: otherbot\n"
      "Disallow: /leados-only\n"
      "Allow: /page\n"
      "Disallow: /page\n"
      "Disallow: /caf\xC3\xA9\n";
  const char* kStarOnly =
      "# comment line\n"
      "User-agent: *   # everyone\n"
      "Disallow: /private\n"
      "Allow: /private/public\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search?q=\n"
      "Disallow: /a*b/c\n"
      "Crawl-delay: 2\n";
  const Case cases[] = {
      // The LeadOS group applies instead of '*' (not merged with it).
      {kGoogleStyle, "/private/x", true},
      {kGoogleStyle, "/leados-only/x", false},
      {kGoogleStyle, "/page", true},             // equal length: Allow wins the tie
      {kGoogleStyle, "/caf%c3%a9/menu", false},  // percent escapes compare case-insensitively
      {kStarOnly, "/", true},
      {kStarOnly, "/private", false},
      {kStarOnly, "/private/secret", false},
      {kStarOnly, "/private/public/page", true},  // longer Allow wins
      {kStarOnly, "/privateer", false},           // patterns are prefixes
      {kStarOnly, "/docs/file.pdf", false},
      {kStarOnly, "/docs/file.pdf?x=1", true},  // '$' anchors at the end
      {kStarOnly, "/search?q=leads", false},
      {kStarOnly, "/search", true},
      {kStarOnly, "/aXXb/c/d", false},
      {kStarOnly, "/ab/c", false},
      {kStarOnly, "/a/b/x", true},
      {kStarOnly, "/robots.txt", true},
      {"User-agent: *\nDisallow: /\n", "/anything", false},
      {"User-agent: *\nDisallow: /\n", "/robots.txt", true},
      {"User-agent: *\nDisallow:\n", "/anything", true},            // empty Disallow allows all
      {"User-agent: otherbot\nDisallow: /\n", "/x", true},          // no group for us, no '*'
      {"Disallow: /x\nUser-agent: *\nDisallow: /y\n", "/x", true},  // rules before a group
      {"USER-AGENT: LEADOS\nDISALLOW: /x\n", "/x/1", false},        // keys and token any case
      {"\xEF\xBB\xBFUser-agent: *\r\nDisallow: /bom\r\n", "/bom", false},
      {"User-agent: *\nDisallow: /$\n", "/", false},
      {"User-agent: *\nDisallow: /$\n", "/index.html", true},
      {"garbage\n\x01\x02 no colon\nUser-agent: *\nDisallow: /g\n", "/g", false},
  };
  for (const auto& c : cases) {
    auto rules = RobotsRules::Parse(c.robots, "LeadOS");
    EXPECT_EQ(rules.IsAllowed(c.path), c.allowed) << c.path << " in\n" << c.robots;
  }
  EXPECT_EQ(RobotsRules::Parse(kStarOnly, "LeadOS").crawl_delay(), 2.0);
  EXPECT_EQ(RobotsRules::Parse(kStarOnly, "LeadOS").DecidingRule("/private/x"),
            "Disallow: /private");
}

TEST(RobotsTest, AllowAllAndDisallowAll) {
  EXPECT_TRUE(RobotsRules::AllowAll().IsAllowed("/x"));
  auto none = RobotsRules::DisallowAll("HTTP 503");
  EXPECT_FALSE(none.IsAllowed("/x"));
  EXPECT_TRUE(none.IsAllowed("/robots.txt"));
  EXPECT_EQ(none.unreachable_reason(), "HTTP 503");
}

TEST(RobotsTest, PathologicalPatternsStayFast) {
  std::string robots = "User-agent: *\nDisallow: /" + std::string(200, '*') + "x$\n";
  auto rules = RobotsRules::Parse(robots, "LeadOS");
  EXPECT_TRUE(rules.IsAllowed("/" + std::string(5000, 'a') + "y"));
  EXPECT_FALSE(rules.IsAllowed("/" + std::string(5000, 'a') + "x"));
}

}  // namespace
}  // namespace leados::ingest
