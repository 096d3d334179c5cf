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

}  // namespace
}  // namespace kiji
