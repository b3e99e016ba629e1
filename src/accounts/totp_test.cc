#include "accounts/totp.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "core/encoding.h"

namespace leados::accounts {
namespace {

using std::chrono::seconds;

const std::string kRfcSecret = "12345678901234567890";

core::TimePoint At(int64_t unix_seconds) {
  return core::TimePoint(seconds(unix_seconds));
}

TEST(TotpTest, Rfc4226AppendixDHotpVectors) {
  const std::array<const char*, 10> expected = {"755224", "287082", "359152", "969429", "338314",
                                                "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t count = 0; count < expected.size(); ++count) {
    EXPECT_EQ(*HotpCode(kRfcSecret, count, 6), expected[count]) << "count " << count;
  }
}

TEST(TotpTest, Rfc6238AppendixBSha1Vectors) {
  const std::array<std::pair<int64_t, const char*>, 6> vectors = {{{59, "94287082"},
                                                                   {1111111109, "07081804"},
                                                                   {1111111111, "14050471"},
                                                                   {1234567890, "89005924"},
                                                                   {2000000000, "69279037"},
                                                                   {20000000000, "65353130"}}};
  for (const auto& [time, code] : vectors) {
    EXPECT_EQ(*TotpCode(kRfcSecret, time, 8), code) << "time " << time;
  }
}

TEST(TotpTest, AcceptsOneStepOfDriftAndRefusesTwo) {
  std::string secret = NewTotpSecret();
  ASSERT_EQ(secret.size(), 20u);
  const int64_t t = 1'767'225'615;  // mid-step
  const int64_t step = t / 30;
  for (int drift : {-1, 0, 1}) {
    std::string code = *TotpCode(secret, t + drift * 30);
    auto r = VerifyTotp(secret, code, At(t), 0);
    ASSERT_TRUE(r) << "drift " << drift << ": " << r.error().message;
    EXPECT_EQ(*r, step + drift);
  }
  for (int drift : {-2, 2}) {
    std::string code = *TotpCode(secret, t + drift * 30);
    auto r = VerifyTotp(secret, code, At(t), 0);
    ASSERT_FALSE(r) << "drift " << drift;
    EXPECT_EQ(r.error().message, "the code is wrong or expired: check the time on your device");
  }
}

TEST(TotpTest, ACodeIsAcceptedOnceOnly) {
  std::string secret = NewTotpSecret();
  const int64_t t = 1'767'225'600;
  std::string code = *TotpCode(secret, t);
  auto first = VerifyTotp(secret, code, At(t), 0);
  ASSERT_TRUE(first);
  auto replay = VerifyTotp(secret, code, At(t + 10), *first);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(replay.error().message, "this code was already used: wait for the next one");
  // An older code (previous step) after a newer one was used is refused too.
  std::string older = *TotpCode(secret, t - 30);
  EXPECT_FALSE(VerifyTotp(secret, older, At(t), *first));
  // The next step's code is fine.
  EXPECT_EQ(*VerifyTotp(secret, *TotpCode(secret, t + 30), At(t + 30), *first), *first + 1);
}

TEST(TotpTest, MalformedCodesAreRefusedWithAMessage) {
  std::string secret = NewTotpSecret();
  for (std::string_view bad : {"", "12345", "1234567", "12a456", " 12345"}) {
    auto r = VerifyTotp(secret, bad, At(1'767'225'600), 0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "the code must be 6 digits");
  }
}

TEST(TotpTest, OtpauthUriIsWhatAuthenticatorAppsExpect) {
  EXPECT_EQ(OtpauthUri("LeadOS", "ada@example.com", kRfcSecret),
            "otpauth://totp/LeadOS:ada@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=LeadOS&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(OtpauthUri("Acme Leads", "a b", "\x01"),
            "otpauth://totp/Acme%20Leads:a%20b?secret=AE&issuer=Acme%20Leads&algorithm=SHA1"
            "&digits=6&period=30");
}

TEST(TotpTest, QrCodeIsDrawnWithHalfBlocks) {
  auto qr = QrCodeForTerminal("otpauth://totp/LeadOS:ada@example.com?secret=ABC");
  ASSERT_TRUE(qr) << qr.error().message;
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < qr->size()) {
    size_t end = qr->find('\n', pos);
    lines.push_back(qr->substr(pos, end - pos));
    pos = end + 1;
  }
  ASSERT_GE(lines.size(), 12u);
  // First line: the quiet zone (two light rows) over the whole width, all full blocks.
  const std::string full = "\u2588";
  ASSERT_EQ(lines[0].size() % full.size(), 0u);
  size_t columns = lines[0].size() / full.size();
  EXPECT_EQ(lines[0], [&] {
    std::string s;
    for (size_t i = 0; i < columns; ++i) s += full;
    return s;
  }());
  // Symbol width = columns - 4 quiet modules; QR widths are 21 + 4k.
  EXPECT_EQ((columns - 4 - 21) % 4, 0u);
  EXPECT_EQ(lines.size(), (columns + 1) / 2);
  // Second line: module rows 0 and 1 of the symbol after the quiet zone. The finder pattern's
  // top row is all dark and its second row dark-light×5-dark, so: quiet, quiet, ' ', 5 lower
  // half blocks, ' '.
  const std::string lower = "\u2584";
  EXPECT_TRUE(lines[1].starts_with(full + full + " " + lower + lower + lower + lower + lower + " "))
      << lines[1];
  EXPECT_FALSE(QrCodeForTerminal(std::string(8000, 'x')));
}

// Runs oathtool (Debian package oathtool) and returns its output line, or "" when it is absent.
std::string RunOathtool(const std::string& args) {
  if (!std::filesystem::exists("/usr/bin/oathtool")) return "";
  std::string cmd = "/usr/bin/oathtool " + args + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return "";
  std::array<char, 64> buf{};
  std::string out;
  while (fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(TotpTest, CodeFromOathtoolAtAFixedTimeVerifies) {
  std::string secret = NewTotpSecret();
  const int64_t t = 1'767'225'600;
  std::string code =
      RunOathtool("--totp --base32 --now @" + std::to_string(t) + " " + core::Base32Encode(secret));
  if (code.empty()) GTEST_SKIP() << "oathtool is not installed";
  auto r = VerifyTotp(secret, code, At(t), 0);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, t / 30);
  EXPECT_FALSE(VerifyTotp(secret, code, At(t), *r));
}

TEST(TotpTest, CodeFromOathtoolNowVerifiesAgainstTheSystemClock) {
  std::string secret = NewTotpSecret();
  std::string code = RunOathtool("--totp --base32 " + core::Base32Encode(secret));
  if (code.empty()) GTEST_SKIP() << "oathtool is not installed";
  // oathtool reads the real clock, so this test does too; ±1 step absorbs a step boundary.
  auto r = VerifyTotp(secret, code, std::chrono::system_clock::now(), 0);
  ASSERT_TRUE(r) << r.error().message;
}

}  // namespace
}  // namespace leados::accounts
