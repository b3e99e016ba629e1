#include "core/json.h"

#include <gtest/gtest.h>

namespace leados::core {
namespace {

TEST(Json, ParseErrorsAreInvalidArgument) {
  auto r = ParseJson("{\"a\":");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseJsonObject("[1,2]"));
}

TEST(Json, TypedFieldsNameTheField) {
  auto o = ParseJsonObject(R"({"name":"x","n":3,"b":true,"f":1.5,"bad":[]})").value();
  EXPECT_EQ(ReqString(o, "name").value(), "x");
  EXPECT_EQ(ReqInt(o, "n").value(), 3);
  EXPECT_EQ(OptBool(o, "b").value(), true);
  EXPECT_EQ(OptDouble(o, "f").value(), 1.5);
  EXPECT_EQ(OptString(o, "missing").value(), std::nullopt);
  auto wrong = ReqString(o, "bad");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "field 'bad' must be a string");
  auto missing = ReqInt(o, "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "field 'nope' is required");
}

TEST(Json, ErrorBodyShape) {
  EXPECT_EQ(ErrorBody(Error{ErrorCode::kNotFound, "no route for GET /x"}),
            R"({"error":{"code":"not_found","message":"no route for GET /x"}})");
}

}  // namespace
}  // namespace leados::core
