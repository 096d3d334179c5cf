#include <gtest/gtest.h>

#include "tests/builtin_pipeline.h"

#include "pipeline/pipeline.h"

namespace kiji {
namespace {

const Pipeline& Builtin() { return test_support::BuiltinPipeline(); }

TEST(Process, RecordOffsetsAreCodePoints) {
  extract::Document d;
  d.source.location = "t.txt";
  d.bytes = "date 2025-03-01 日本語 text on March 3, 2024 here.";
  Result<std::unique_ptr<Processed>> p = Builtin().ProcessDocument(d);
  ASSERT_TRUE(p.ok()) << p.error().Message();
  resolve::Json j = emit::ToJson(p.value()->record);
  EXPECT_EQ(j["published"], "2025-03-01");
  EXPECT_EQ(j["schema"], "kiji.article/1");
  bool found = false;
  for (const auto& e : j["entities"]) {
    if (e["type"] == "date" && e["value"] == "2024-03-03") {
      found = true;
      EXPECT_EQ(e["text"], "March 3, 2024");
      EXPECT_EQ(e["start"], 12);  // "日本語 text on " is 12 code points
      EXPECT_EQ(e["end"], 25);
    }
  }
  EXPECT_TRUE(found) << j.dump();
}

TEST(Serialize, OneLineEqualsTheJsonObject) {
  extract::Document d;
  d.source.location = "q.txt";
  d.bytes = "Quote \"a\\b\" \x01 tab\there 日本語 on March 3, 2024.\n\nNext.";
  Result<std::unique_ptr<Processed>> p = Builtin().ProcessDocument(d);
  ASSERT_TRUE(p.ok());
  std::string line = emit::Serialize(p.value()->record, false);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(resolve::Json::parse(line), emit::ToJson(p.value()->record));
  EXPECT_EQ(line, emit::ToJson(p.value()->record).dump());
}

TEST(Process, StableIdDependsOnBytesAndSource) {
  extract::Source a, b;
  a.location = "a.txt";
  b.location = "b.txt";
  EXPECT_EQ(emit::StableId(a, "x"), emit::StableId(a, "x"));
  EXPECT_NE(emit::StableId(a, "x"), emit::StableId(b, "x"));
  EXPECT_NE(emit::StableId(a, "x"), emit::StableId(a, "y"));
  EXPECT_EQ(emit::StableId(a, "x").size(), 16u);
}

TEST(SelectNonOverlapping, LongestThenPriorityThenEarliest) {
  auto ent = [](const char* type, size_t b, size_t e, int prio) {
    resolve::Entity x;
    x.type = type;
    x.begin = b;
    x.end = e;
    x.priority = prio;
    return x;
  };
  std::vector<resolve::Entity> out = resolve::SelectNonOverlapping({
      ent("figure", 0, 4, 0),        // loses to the longer date
      ent("date", 0, 10, 0),
      ent("figure", 12, 15, 0),      // same span: priority decides
      ent("figure", 12, 15, 5),
      ent("organization", 0, 4, 0),  // another class: kept
  });
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].type, "organization");  // sorted by start, then end
  EXPECT_EQ(out[1].type, "date");
  EXPECT_EQ(out[2].priority, 5);
}

// Spans across the 64-byte words of the sweep's byte bits, long spans,
// touching spans and empty ones: the winners, in position order.
TEST(SelectNonOverlapping, SpansAcrossWordsAndEmptySpans) {
  struct Span {
    const char* type;
    size_t begin, end;
  };
  struct Case {
    const char* name;
    std::vector<Span> in;
    std::vector<std::pair<size_t, size_t>> kept;
  };
  const Case cases[] = {
      {"touching spans are both kept", {{"date", 0, 64}, {"date", 64, 128}}, {{0, 64}, {64, 128}}},
      {"overlap across a word boundary", {{"date", 0, 100}, {"figure", 99, 110}}, {{0, 100}}},
      {"a long span covers many words",
       {{"date", 10, 300}, {"figure", 250, 260}, {"figure", 300, 310}},
       {{10, 300}, {300, 310}}},
      {"each class has its own marks", {{"organization", 0, 50}, {"country", 10, 20}}, {{0, 50}, {10, 20}}},
      {"an empty span inside a kept one loses", {{"date", 0, 10}, {"figure", 5, 5}}, {{0, 10}}},
      {"an empty span at a kept span's edge is kept",
       {{"date", 10, 20}, {"figure", 10, 10}, {"figure", 20, 20}},
       {{10, 10}, {10, 20}, {20, 20}}},
      {"empty spans never clash with each other", {{"figure", 5, 5}, {"figure", 5, 5}}, {{5, 5}, {5, 5}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<resolve::Entity> in;
    for (const Span& s : c.in) {
      resolve::Entity e;
      e.type = s.type;
      e.begin = s.begin;
      e.end = s.end;
      in.push_back(e);
    }
    std::vector<std::pair<size_t, size_t>> got;
    for (const resolve::Entity& e : resolve::SelectNonOverlapping(in)) got.emplace_back(e.begin, e.end);
    EXPECT_EQ(got, c.kept);
  }
}

// A rule's recipe arguments, bound once (BindRecipe) and for each match
// (BindArgs): in key order, one per key, the last one bound winning.
TEST(BindArgs, KeysInOrderLastBoundWins) {
  using Groups = std::vector<std::pair<std::string_view, std::string_view>>;
  using Args = std::vector<std::pair<std::string_view, std::string_view>>;
  struct Case {
    const char* name;
    const char* recipe;
    Groups groups;
    const char* ref;  // "" = unknown
    Args want;
  };
  const Case cases[] = {
      {"absent groups are no arguments", "figure(a, b)", {{"a", "1"}}, "", {{"a", "1"}}},
      {"keys in order, not rule order", "figure(zeta=a, alpha=b)", {{"a", "1"}, {"b", "2"}}, "",
       {{"alpha", "2"}, {"zeta", "1"}}},
      {"a key bound twice: the last bound", "figure(x=a, x=b)", {{"a", "1"}, {"b", "2"}}, "", {{"x", "2"}}},
      {"a key bound twice: the one bound", "figure(x=a, x=b)", {{"a", "1"}}, "", {{"x", "1"}}},
      {"literals and the reference date", "figure(kind=\"money\", y=ref.year, d=ref.day)", {}, "2024-05",
       {{"kind", "money"}, {"y", "2024"}}},
      {"an empty group is an argument", "figure(a)", {{"a", ""}}, "", {{"a", ""}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    rules::Rule rule;
    Result<rules::Recipe> recipe = rules::ParseRecipe(c.recipe);
    ASSERT_TRUE(recipe.ok()) << recipe.error().Message();
    rule.recipe = recipe.value();
    Result<resolve::BoundRecipe> bound = resolve::BindRecipe(rule);
    ASSERT_TRUE(bound.ok()) << bound.error().Message();
    resolve::RefTexts refs(resolve::ParseRefDate(c.ref));
    resolve::RecipeInput in;
    in.args = {{"stale", "x"}};  // replaced, not added to
    resolve::BindArgs(bound.value(), c.groups, refs, &in);
    EXPECT_EQ(in.args, c.want);
  }
}

TEST(BindArgs, UnknownRecipeIsAnError) {
  rules::Rule rule;
  rule.id = "figure.x";
  rule.file = "patterns/en/figures.rules";
  rule.line = 7;
  rule.recipe.fn = "no_such_recipe";
  Result<resolve::BoundRecipe> bound = resolve::BindRecipe(rule);
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().code, ErrorCode::kBadRecipe);
  EXPECT_EQ(bound.error().where, "patterns/en/figures.rules:7");
  EXPECT_NE(bound.error().what.find("no_such_recipe"), std::string::npos);
}

// RecipeInput's look-ups and edits (numeric_date rebinds month and day).
TEST(RecipeInput, LookUpSetAndErase) {
  resolve::RecipeInput in;
  in.Set("month", "3");
  in.Set("day", "");
  in.Set("first", "7");
  EXPECT_EQ(in.args, (std::vector<std::pair<std::string_view, std::string_view>>{
                         {"day", ""}, {"first", "7"}, {"month", "3"}}));
  EXPECT_EQ(in.Arg("month"), "3");
  EXPECT_EQ(in.Arg("year"), "");
  EXPECT_TRUE(in.Has("month"));
  EXPECT_FALSE(in.Has("day"));  // bound, but empty
  EXPECT_TRUE(in.Contains("day"));
  EXPECT_FALSE(in.Contains("year"));
  in.Set("month", "4");  // replaces
  in.Erase("first");
  in.Erase("year");  // not bound: nothing to do
  EXPECT_EQ(in.args,
            (std::vector<std::pair<std::string_view, std::string_view>>{{"day", ""}, {"month", "4"}}));
}

}  // namespace
}  // namespace kiji
