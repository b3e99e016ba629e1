#include "notify/mime.h"

#include <gtest/gtest.h>

#include "notify/test_util.h"

namespace leados::notify {
namespace {

TEST(QuotedPrintable, RoundTripsLongLinesDotsNonAsciiAndTrailingSpace) {
  std::string text = std::string(200, 'a') + " = b\n.dot line\nCafé ümlaut €\ntrailing space \n";
  std::string encoded = EncodeQuotedPrintable(text);
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 76u) << encoded.substr(start, end - start);
    EXPECT_NE(encoded[start], '.') << "a line starting with '.' must be encoded";
    start = end + 2;
  }
  for (char c : encoded) EXPECT_LT(static_cast<unsigned char>(c), 128);
  std::string decoded = DecodeQuotedPrintable(encoded);
  std::string want = text;
  size_t p = 0;
  while ((p = want.find('\n', p)) != std::string::npos) {
    want.replace(p, 1, "\r\n");
    p += 2;
  }
  EXPECT_EQ(decoded, want);
}

TEST(HeaderWord, AsciiStaysPlainNonAsciiIsEncodedWordsThatDecodeBack) {
  EXPECT_EQ(EncodeHeaderWord("Confirm your email"), "Confirm your email");
  EXPECT_EQ(EncodeHeaderWord("a\r\nBcc: x@y.z"), "a  Bcc: x@y.z");  // no header injection
  std::string subject =
      "Bestätigen Sie Ihre E-Mail-Adresse für LeadOS — ünïcødé überall 🙂 ok";
  std::string encoded = EncodeHeaderWord(subject);
  EXPECT_NE(encoded, subject);
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 75u);
    start = end + 3;
  }
  EXPECT_EQ(testing::DecodeHeader(encoded), subject);
}

TEST(Mime, MessageParsesBackWithBothParts) {
  Email email{.to = "ana@example.com",
              .subject = "Hello",
              .text = "Text body\nline two",
              .html = "<p>HTML body</p>",
              .template_name = "t"};
  std::string raw = BuildMimeMessage(email, "LeadOS <no-reply@leados.test>",
                                     core::TimePoint(std::chrono::seconds(1'796'000'000)),
                                     "eml_1@leados.test", "=_b1");
  auto eml = testing::ParseEml(raw);
  EXPECT_EQ(eml.headers["to"], "ana@example.com");
  EXPECT_EQ(eml.headers["from"], "LeadOS <no-reply@leados.test>");
  EXPECT_EQ(eml.headers["subject"], "Hello");
  EXPECT_EQ(eml.headers["message-id"], "<eml_1@leados.test>");
  EXPECT_EQ(eml.headers["date"], "Mon, 30 Nov 2026 00:53:20 +0000");
  EXPECT_EQ(eml.headers["mime-version"], "1.0");
  EXPECT_EQ(eml.text, "Text body\nline two");
  EXPECT_EQ(eml.html, "<p>HTML body</p>");
  EXPECT_EQ(raw.find("\n\n"), std::string::npos) << "every line end must be CRLF";
}

TEST(Mime, AttachmentsMakeAMultipartMixedWithTheAlternativeFirst) {
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 300; ++i) pdf += static_cast<char>(i % 256);  // binary, several lines
  Email email{.to = "ana@example.com",
              .subject = "Receipt",
              .text = "Thanks",
              .html = "<p>Thanks</p>",
              .template_name = "purchase_receipt"};
  email.attachments = {{"LO-2026-000001.pdf", "application/pdf", pdf},
                       {"bad\"name/..\r\n.txt", "text/plain", "x"}};
  const std::string raw = BuildMimeMessage(email, "LeadOS <no-reply@leados.test>",
                                           core::TimePoint(std::chrono::seconds(1'796'000'000)),
                                           "eml_2@leados.test", "=_b2");
  auto eml = testing::ParseEml(raw);
  EXPECT_TRUE(eml.headers["content-type"].starts_with("multipart/mixed; boundary=\"mixed-=_b2\""))
      << eml.headers["content-type"];
  EXPECT_EQ(eml.text, "Thanks");
  EXPECT_EQ(eml.html, "<p>Thanks</p>");
  ASSERT_EQ(eml.attachments.size(), 2u);
  EXPECT_EQ(eml.attachments[0].filename, "LO-2026-000001.pdf");
  EXPECT_EQ(eml.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(eml.attachments[0].content, pdf);
  // A name that could break out of the quoted parameter or name a path is made safe.
  EXPECT_EQ(eml.attachments[1].filename, "bad_name_..__.txt");
  EXPECT_EQ(eml.attachments[1].content, "x");
  EXPECT_EQ(raw.find("\n\n"), std::string::npos) << "every line end must be CRLF";
  for (size_t at = 0, end; (end = raw.find("\r\n", at)) != std::string::npos; at = end + 2) {
    EXPECT_LE(end - at, 998u) << "RFC 5322 line limit";
  }
}

TEST(Mime, AddressHelpers) {
  EXPECT_EQ(BareAddress("LeadOS <no-reply@x.io>"), "no-reply@x.io");
  EXPECT_EQ(BareAddress(" a@b.c "), "a@b.c");
  EXPECT_EQ(AddressDomain("LeadOS <no-reply@x.io>"), "x.io");
  EXPECT_EQ(AddressDomain("nobody"), "localhost");
}

}  // namespace
}  // namespace leados::notify
