#include "privacy/identity.h"

#include <gtest/gtest.h>

namespace leados::privacy {
namespace {

std::string Canon(core::Result<Identity> id) {
  EXPECT_TRUE(id) << (id ? "" : id.error().message);
  return id ? id->Canonical() : "";
}

// The vectors of California's DROP hashing specification (phone: digits only, last 10).
TEST(DropHashTest, PhoneVectorsOfTheDropSpecification) {
  auto us = NormalizePhone("+1(415)555-9317");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->value, "4155559317");
  EXPECT_EQ(DropHash(*us), "vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E=");
  auto vn = NormalizePhone("+84(90)123 4567");
  ASSERT_TRUE(vn);
  EXPECT_EQ(vn->value, "4901234567");
  EXPECT_EQ(DropHash(*vn), "ptzVkgbv9DonwvPCHmXmJ2SEOaolSh37z3ZzY/Gmm+U=");
  EXPECT_EQ(NormalizePhone("555-1234")->value, "5551234");
  EXPECT_FALSE(NormalizePhone("n/a"));
}

TEST(DropHashTest, EmailIsTrimmedAndLowerCasedThenHashed) {
  auto e = NormalizeEmail("  Alice@Co.COM ");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value, "alice@co.com");
  // printf 'alice@co.com' | openssl dgst -sha256 -binary | base64
  EXPECT_EQ(DropHash(*e), "Vq+cMxlYylNez5+9kgWt1TcL1sYzvRDfj3wPgyhusHM=");
  EXPECT_EQ(NormalizeEmail("a.lice+tag@co.com")->value, "a.lice+tag@co.com")
      << "dots and plus kept";
  EXPECT_FALSE(DropHash(Identity{IdentityKind::kHandle, "hn:alice"}));
}

TEST(DropHashTest, RecognisesTheDropForm) {
  EXPECT_TRUE(IsDropHash("vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E="));
  EXPECT_FALSE(IsDropHash("vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E"));
  EXPECT_FALSE(IsDropHash("vGM7y5n-hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E="));
  EXPECT_FALSE(IsDropHash("4155559317"));
  EXPECT_FALSE(IsDropHash(""));
}

TEST(IdentityTest, EmailsMustLookLikeAddresses) {
  EXPECT_FALSE(NormalizeEmail("alice"));
  EXPECT_FALSE(NormalizeEmail("alice@localhost"));
  EXPECT_FALSE(NormalizeEmail("a@b@c.com"));
  EXPECT_FALSE(NormalizeEmail("a b@c.com"));
  EXPECT_FALSE(NormalizeEmail("@c.com"));
}

TEST(IdentityTest, HandlesAreSourceAndLowerCasedUser) {
  EXPECT_EQ(Canon(NormalizeHandle("hn:Alice")), "handle:hn:alice");
  EXPECT_EQ(Canon(NormalizeHandle(" Reddit:u/Alice_B ")), "handle:reddit:alice_b");
  EXPECT_EQ(Canon(NormalizeHandle("reddit/alice_b")), "handle:reddit:alice_b");
  EXPECT_FALSE(NormalizeHandle("alice"));
  EXPECT_FALSE(NormalizeHandle("twitter:alice"));
  EXPECT_FALSE(NormalizeHandle("hn:"));
}

TEST(IdentityTest, ProfileUrlsOfKnownSitesAreTheirHandles) {
  EXPECT_EQ(Canon(NormalizeProfileUrl("https://news.ycombinator.com/user?id=Alice")),
            "handle:hn:alice");
  EXPECT_EQ(Canon(NormalizeProfileUrl("http://NEWS.ycombinator.com/submitted?id=alice#x")),
            "handle:hn:alice");
  EXPECT_EQ(Canon(NormalizeProfileUrl("https://www.reddit.com/user/Alice_B/")),
            "handle:reddit:alice_b");
  EXPECT_EQ(Canon(NormalizeProfileUrl("https://old.reddit.com/u/alice_b/comments")),
            "handle:reddit:alice_b");
  EXPECT_EQ(Canon(NormalizeProfileUrl("https://www.Example.com/people/Jane/?utm=1")),
            "url:example.com/people/Jane");
  EXPECT_FALSE(NormalizeProfileUrl("ftp://example.com/jane"));
  EXPECT_FALSE(NormalizeProfileUrl("https:///jane"));
}

TEST(IdentityTest, RequestIdentifierTypes) {
  EXPECT_EQ(Canon(NormalizeIdentifier("email", "Jane@Example.com")), "email:jane@example.com");
  EXPECT_EQ(Canon(NormalizeIdentifier("handle", "hn:jane")), "handle:hn:jane");
  EXPECT_EQ(Canon(NormalizeIdentifier("profile_url", "https://news.ycombinator.com/user?id=jane")),
            "handle:hn:jane");
  auto bad = NormalizeIdentifier("phone", "123");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("identifier_type"), std::string::npos);
}

TEST(IdentityTest, AuthorIdentitiesCoverHandleEmailAndProfile) {
  auto ids = AuthorIdentities("rss", "Jane@Example.com (Jane Doe)", "");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].Canonical(), "handle:rss:jane@example.com (jane doe)");
  EXPECT_EQ(ids[1].Canonical(), "email:jane@example.com");
  ids = AuthorIdentities("hn", "Alice", "https://news.ycombinator.com/user?id=alice");
  ASSERT_EQ(ids.size(), 1u) << "the profile URL is the same handle";
  EXPECT_EQ(ids[0].Canonical(), "handle:hn:alice");
  EXPECT_TRUE(AuthorIdentities("press", "", "").empty());
}

TEST(IdentityHasherTest, KeyedHashDependsOnTheSecretAndTheIdentity) {
  auto a = IdentityHasher::Create("0123456789abcdef0123456789abcdef");
  auto b = IdentityHasher::Create("fedcba9876543210fedcba9876543210");
  ASSERT_TRUE(a && b);
  const Identity alice{IdentityKind::kHandle, "hn:alice"};
  EXPECT_EQ(a->Keyed(alice).size(), 64u);
  EXPECT_EQ(a->Keyed(alice),
            a->Keyed(*NormalizeProfileUrl("https://news.ycombinator.com/user?id=Alice")));
  EXPECT_NE(a->Keyed(alice), b->Keyed(alice));
  EXPECT_NE(a->Keyed(alice), a->Keyed(Identity{IdentityKind::kHandle, "hn:bob"}));
  EXPECT_FALSE(IdentityHasher::Create("short"));
}

}  // namespace
}  // namespace leados::privacy
