// Endpoint URL, event-type and description rules (pure).
#include "deliver/webhook_endpoint.h"

#include <gtest/gtest.h>

namespace leados::deliver {
namespace {

std::string Message(const core::Status& st) {
  return st ? "" : st.error().message;
}

TEST(EndpointRules, HttpsRequiredHttpOnlyToLoopbackWhenAllowed) {
  auto ok = ParseEndpointUrl("https://hooks.example.com/leados?x=1", false);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->host, "hooks.example.com");
  EXPECT_EQ(ok->port, 443);
  auto plain = ParseEndpointUrl("http://hooks.example.com/", false);
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("url: must use https://"), std::string::npos);
  EXPECT_FALSE(ParseEndpointUrl("http://127.0.0.1:8080/h", false));
  auto loop = ParseEndpointUrl("http://127.0.0.1:8080/h", true);
  ASSERT_TRUE(loop);
  EXPECT_TRUE(loop->loopback_literal);
  EXPECT_EQ(loop->port, 8080);
  EXPECT_FALSE(ParseEndpointUrl("http://hooks.example.com/", true)) << "only loopback may be http";
}

TEST(EndpointRules, BadUrlsNameTheField) {
  for (const char* bad :
       {"", "hooks.example.com/x", "ftp://example.com/", "https://u:p@example.com/",
        "https://example.com/#frag", "https:///nohost"}) {
    auto r = ParseEndpointUrl(bad, false);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << bad;
    EXPECT_TRUE(r.error().message.starts_with("url: ")) << r.error().message;
  }
}

TEST(EndpointRules, EventTypes) {
  EXPECT_TRUE(CheckEventTypes({"lead.created", "credits.low"}));
  EXPECT_TRUE(CheckEventTypes({"lead.erasure_requested", "endpoint.disabled"}));
  EXPECT_NE(Message(CheckEventTypes({})).find("event_types: list at least one of lead.created"),
            std::string::npos);
  EXPECT_NE(Message(CheckEventTypes({"lead.updated"})).find("unknown event type 'lead.updated'"),
            std::string::npos);
  EXPECT_NE(Message(CheckEventTypes({"lead.created", "lead.created"})).find("listed twice"),
            std::string::npos);
  EXPECT_FALSE(CheckEventTypes({"webhook.test"})) << "the test event is not subscribable";
  EXPECT_TRUE(CheckDescription(std::string(500, 'x')));
  EXPECT_FALSE(CheckDescription(std::string(501, 'x')));
}

}  // namespace
}  // namespace leados::deliver
