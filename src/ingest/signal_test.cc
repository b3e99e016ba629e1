#include "ingest/signal.h"

#include <gtest/gtest.h>

namespace leados::ingest {
namespace {

TEST(Signal, JsonRoundTrip) {
  auto o = core::ParseJsonObject(
               R"({"source":"reddit","source_id":"t3_abc","url":"https://www.reddit.com/r/sysadmin/comments/abc/",)"
               R"("title":"Looking for a backup vendor","body":"We need one","author":"jdoe",)"
               R"("published":"2026-11-29T06:00:00Z","community":"sysadmin"})")
               .value();
  auto s = SignalFromJson(o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->source, SourceKind::kReddit);
  EXPECT_EQ(s->site, "reddit.com");
  EXPECT_EQ(s->Key(), "reddit:t3_abc");
  auto back = SignalFromJson(SignalToJson(*s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, s->title);
  EXPECT_EQ(back->published, s->published);
  EXPECT_EQ(back->community, "sysadmin");
}

TEST(Signal, BadInputSaysWhatToFix) {
  auto bad_source = SignalFromJson(core::ParseJsonObject(R"({"source":"twitter","title":"x"})").value());
  ASSERT_FALSE(bad_source);
  EXPECT_NE(bad_source.error().message.find("field 'source' must be one of"), std::string::npos);
  auto no_text = SignalFromJson(core::ParseJsonObject(R"({"source":"hn"})").value());
  ASSERT_FALSE(no_text);
  auto bad_time = SignalFromJson(
      core::ParseJsonObject(R"({"source":"hn","title":"x","published":"yesterday"})").value());
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().message.find("RFC 3339"), std::string::npos);
}

}  // namespace
}  // namespace leados::ingest
