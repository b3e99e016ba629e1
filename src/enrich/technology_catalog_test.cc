#include "enrich/technology_catalog.h"

#include <gtest/gtest.h>

namespace leados::enrich {
namespace {

TEST(TechnologyCatalog, BuiltinParsesWithAtLeast200Technologies) {
  auto cat =
      TechnologyCatalog::Parse(TechnologyCatalog::Builtin().technologies().empty() ? "x" : "");
  TechnologyCatalog builtin = TechnologyCatalog::Builtin();
  EXPECT_GE(builtin.technologies().size(), 200u);
  for (std::string_view name : {"Salesforce", "HubSpot", "Snowflake", "Kubernetes", "PostgreSQL",
                                "Node.js", "C#", "C++", "Go"}) {
    EXPECT_GE(builtin.Find(name), 0) << name;
  }
  (void)cat;
}

TEST(TechnologyCatalog, RejectsMalformedRowsWithLineNumbers) {
  auto bad = TechnologyCatalog::Parse("# c\nPython\tlanguage\t\nNoCategory\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos);
  auto dup = TechnologyCatalog::Parse("A\tx\t\nA\ty\t\n");
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().message.find("twice"), std::string::npos);
}

TEST(TechnologyCatalog, PrefixesControlCaseAndContext) {
  auto cat =
      TechnologyCatalog::Parse("Go\tlanguage\tgolang|?!Go\nPython\tlanguage\t\nFoo\tx\t!FOO\n");
  ASSERT_TRUE(cat.has_value());
  auto names = [&](std::string_view text) {
    std::string out;
    for (const auto& m : cat->FindIn(text)) out += cat->technologies()[m.technology].name + ";";
    return out;
  };
  EXPECT_EQ(names("Go and Python"), "Go;Python;");  // context from a nearby technology
  EXPECT_EQ(names("go and python"), "Python;");     // "!": lower-case go is the verb
  EXPECT_EQ(names("Go ahead"), "");                 // no context
  EXPECT_EQ(names("golang"), "Go;");
  EXPECT_EQ(names("foo FOO"), "Foo;");
  auto m = cat->FindIn("I write Go services");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(m[0].needed_context);
  EXPECT_EQ(m[0].offset, 8u);
}

}  // namespace
}  // namespace leados::enrich
