#include "core/encoding.h"

#include <gtest/gtest.h>

namespace leados::core {
namespace {

// RFC 4648 section 10 test vectors.
struct Vector {
  const char* in;
  const char* b64;
  const char* b32;
  const char* hex;
};
constexpr Vector kVectors[] = {
    {"", "", "", ""},
    {"f", "Zg==", "MY", "66"},
    {"fo", "Zm8=", "MZXQ", "666f"},
    {"foo", "Zm9v", "MZXW6", "666f6f"},
    {"foob", "Zm9vYg==", "MZXW6YQ", "666f6f62"},
    {"fooba", "Zm9vYmE=", "MZXW6YTB", "666f6f6261"},
    {"foobar", "Zm9vYmFy", "MZXW6YTBOI", "666f6f626172"},
};

TEST(Encoding, Rfc4648Vectors) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(Base64Encode(v.in), v.b64) << v.in;
    EXPECT_EQ(Base64Decode(v.b64), std::string(v.in)) << v.in;
    EXPECT_EQ(Base32Encode(v.in), v.b32) << v.in;
    EXPECT_EQ(Base32Decode(v.b32), std::string(v.in)) << v.in;
    EXPECT_EQ(HexEncode(v.in), v.hex) << v.in;
    EXPECT_EQ(HexDecode(v.hex), std::string(v.in)) << v.in;
  }
}

TEST(Encoding, RejectsMalformedInput) {
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
  EXPECT_FALSE(Base64Decode("Zm9v!"));
  EXPECT_FALSE(Base32Decode("MZXW1"));
}

TEST(Encoding, Base64UrlRoundTripsBinary) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  const auto enc = Base64UrlEncode(bytes);
  EXPECT_EQ(enc.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(Base64UrlDecode(enc), bytes);
}

TEST(Encoding, Base32DecodeIgnoresCaseAndPadding) {
  EXPECT_EQ(Base32Decode("mzxw6ytboi======"), std::string("foobar"));
}

TEST(Encoding, PercentEncodeKeepsUnreservedOnly) {
  EXPECT_EQ(PercentEncode("\"deep learning\""), "%22deep%20learning%22");
  EXPECT_EQ(PercentEncode("created_at_i>1537315201"), "created_at_i%3E1537315201");
  EXPECT_EQ(PercentEncode("a-b.c_d~e/f?g=h&i"), "a-b.c_d~e%2Ff%3Fg%3Dh%26i");
  EXPECT_EQ(PercentEncode("é"), "%C3%A9");
  EXPECT_EQ(PercentEncode(""), "");
}

}  // namespace
}  // namespace leados::core
