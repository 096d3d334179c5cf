// The emit stage: Serialize writes entities directly, and must give the
// very bytes nlohmann::json would (golden files depend on it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "emit/record.h"
#include "pipeline/pipeline.h"

namespace kiji::emit {
namespace {

using resolve::Json;

TEST(Serialize, SameBytesAsTheJsonTree) {
  text::NormText nt = text::Normalize("日本語 \"quoted\" back\\slash tab\there Sony Group 5 %");
  Record r;
  r.id = "0123456789abcdef";
  r.source.type = "file";
  r.source.location = "a \"b\".txt";
  r.lang = "mixed";
  r.title = "T\u0001itle";
  r.text = &nt;
  resolve::Entity org;
  org.type = "organization";
  org.begin = nt.text.find("Sony");
  org.end = org.begin + 10;
  org.lang = "en";
  org.rule = "en/organizations.rules:org.head_last";
  org.fields = Json{{"name", "Sony Group"}, {"aliases", Json::array({"ソニー", "S\"o\\ny\n"})}};
  resolve::Entity fig;
  fig.type = "figure";
  fig.begin = nt.text.find("5");
  fig.end = fig.begin + 3;
  fig.lang = "en";
  fig.rule = "en/figures.rules:figure.percent";
  fig.fields = Json{{"kind", "percent"}, {"value", 5.25}, {"value_max", nullptr}, {"currency", nullptr},
                    {"big", 30000000000.0}, {"count", 3}, {"flag", true}, {"nested", Json{{"a", Json::array({1, 2.5})}}}};
  resolve::Entity quoted;
  quoted.type = "date";
  quoted.begin = 0;
  quoted.end = nt.text.find(" back");  // starts with Japanese, holds a quote
  quoted.lang = "ja";
  quoted.rule = "ja/dates.rules:date.x";
  quoted.fields = Json{{"value", "XXXX-03"}, {"qualifier", nullptr}};
  r.entities = {quoted, org, fig};
  r.warnings = {"w\u0002"};
  const std::string want = ToJson(r).dump(-1, ' ', false, Json::error_handler_t::replace);
  EXPECT_EQ(Serialize(r, false), want);
  r.entities.clear();
  EXPECT_EQ(Serialize(r, false), ToJson(r).dump(-1, ' ', false, Json::error_handler_t::replace));
  EXPECT_EQ(Serialize(r, true), ToJson(r).dump(2, ' ', false, Json::error_handler_t::replace));
}

// The whole pipeline on the seed articles: the fast path gives the tree's bytes.
TEST(Serialize, SameBytesOnSeeds) {
  Result<Pipeline> p = Pipeline::Create({});
  ASSERT_TRUE(p.ok());
  size_t n = 0;
  for (const auto& f : std::filesystem::directory_iterator(std::string(KIJI_SOURCE_DIR) + "/fixtures/seeds")) {
    if (f.path().extension() != ".txt") continue;  // goldens live beside the seeds
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    extract::Document d;
    d.source.location = f.path().filename().string();
    d.bytes = ss.str();
    auto processed = p->ProcessDocument(std::move(d));
    ASSERT_TRUE(processed.ok());
    const Record& r = processed.value()->record;
    SCOPED_TRACE(f.path().string());
    EXPECT_EQ(Serialize(r, false), ToJson(r).dump(-1, ' ', false, Json::error_handler_t::replace));
    ++n;
  }
  EXPECT_EQ(n, 5u);
}

}  // namespace
}  // namespace kiji::emit
