// The emit stage: Serialize writes entities directly, and must give the
// very bytes nlohmann::json would (golden files depend on it).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "emit/record.h"
#include "pipeline/pipeline.h"

namespace kiji::emit {
namespace {

using resolve::Json;

template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json EntityJson(const resolve::Entity& e, std::string_view all, text::CodePointCounter& cp) {
  Json o = Json::object();
  o["type"] = e.type;
  o["text"] = std::string(all.substr(e.begin, e.end - e.begin));
  o["start"] = cp.At(e.begin);
  o["end"] = cp.At(e.end);
  o["lang"] = e.lang;
  o["rule"] = e.rule;
  for (auto it = e.fields.begin(); it != e.fields.end(); ++it) o[it.key()] = it.value();
  return o;
}

// Builds the record as a nlohmann tree, key by key from RECORD.md: the
// reference Serialize's streaming writer must match byte for byte.
Json ReferenceTree(const Record& r) {
  static const text::NormText kEmpty;
  const text::NormText& nt = r.text ? *r.text : kEmpty;
  text::CodePointCounter cp(nt.text);
  std::string_view all(nt.text);

  Json j = Json::object();
  j["schema"] = "kiji.article/1";
  j["id"] = r.id;
  Json src = Json::object();
  src["type"] = r.source.type;
  src["location"] = r.source.location;
  src["member"] = Opt(r.source.member);
  src["fetched_at"] = Opt(r.source.fetched_at);
  src["status"] = Opt(r.source.status);
  src["content_type"] = Opt(r.source.content_type);
  j["source"] = std::move(src);
  j["lang"] = r.lang;
  j["title"] = Opt(r.title);
  j["published"] = Opt(r.published);
  j["text"] = nt.text;
  Json ents = Json::array();
  for (const resolve::Entity& e : r.entities) ents.push_back(EntityJson(e, all, cp));
  j["entities"] = std::move(ents);
  Json agrs = Json::array();
  for (const resolve::Agreement& a : r.agreements) {
    Json o = Json::object();
    o["kind"] = a.kind;
    o["text"] = std::string(all.substr(a.begin, a.end - a.begin));
    o["start"] = cp.At(a.begin);
    o["end"] = cp.At(a.end);
    o["parties"] = a.parties;
    o["date"] = a.date;
    o["status"] = a.status;
    o["subject"] = a.subject;
    o["sentence"] = a.sentence;
    Json ms = Json::array();
    for (const auto& m : a.mentions) ms.push_back(Json{{"start", cp.At(m.begin)}, {"end", cp.At(m.end)}});
    o["mentions"] = std::move(ms);
    agrs.push_back(std::move(o));
  }
  j["agreements"] = std::move(agrs);
  j["warnings"] = r.warnings;
  j["canonical_url"] = Opt(r.canonical_url);
  j["dateline"] = nullptr;
  if (r.dateline) {
    Json d = Json::object();
    d["text"] = r.dateline->text;
    d["place"] = r.dateline->place;
    d["start"] = cp.At(r.dateline->begin);
    d["end"] = cp.At(r.dateline->end);
    j["dateline"] = std::move(d);
  }
  return j;
}

resolve::Entity MakeEntity(std::string type, size_t begin, size_t end, std::string lang, std::string rule,
                           Json fields) {
  resolve::Entity e;
  e.type = std::move(type);
  e.begin = begin;
  e.end = end;
  e.lang = std::move(lang);
  e.rule = std::move(rule);
  e.fields = std::move(fields);
  return e;
}

TEST(Serialize, SameBytesAsTheJsonTree) {
  text::NormText nt = text::Normalize("日本語 \"quoted\" back\\slash tab\there Sony Group 5 %");
  Record r;
  r.id = "0123456789abcdef";
  r.source.type = "file";
  r.source.location = "a \"b\".txt";
  r.lang = "mixed";
  r.title = "T\u0001itle";
  r.text = &nt;
  const size_t sony = nt.text.find("Sony"), five = nt.text.find("5");
  resolve::Entity org = MakeEntity("organization", sony, sony + 10, "en", "en/organizations.rules:org.head_last",
                                   Json{{"name", "Sony Group"}, {"aliases", Json::array({"ソニー", "S\"o\\ny\n"})}});
  resolve::Entity fig =
      MakeEntity("figure", five, five + 3, "en", "en/figures.rules:figure.percent",
                 Json{{"kind", "percent"}, {"value", 5.25}, {"value_max", nullptr}, {"currency", nullptr},
                      {"big", 30000000000.0}, {"count", 3}, {"flag", true}, {"nested", Json{{"a", Json::array({1, 2.5})}}}});
  // Starts with Japanese, holds a quote.
  resolve::Entity quoted = MakeEntity("date", 0, nt.text.find(" back"), "ja", "ja/dates.rules:date.x",
                                      Json{{"value", "XXXX-03"}, {"qualifier", nullptr}});
  r.entities = {quoted, org, fig};
  r.warnings = {"w\u0002"};
  const std::string want = ReferenceTree(r).dump(-1, ' ', false, Json::error_handler_t::replace);
  EXPECT_EQ(Serialize(r, false), want);
  r.entities.clear();
  EXPECT_EQ(Serialize(r, false), ReferenceTree(r).dump(-1, ' ', false, Json::error_handler_t::replace));
  EXPECT_EQ(Serialize(r, true), ReferenceTree(r).dump(2, ' ', false, Json::error_handler_t::replace));
}

// Odd records: each row changes one thing of a plain record; one line and
// indented, Serialize must give the bytes of the tree's dump.
TEST(Serialize, SameBytesAsTheJsonTreeForOddRecords) {
  const text::NormText nt = text::Normalize("日本語の文。 Sony Group said \"5%\" on Oct. 3.\n\nA new paragraph here.");
  auto base = [&nt] {
    Record r;
    r.id = "0123456789abcdef";
    r.lang = "en";
    r.text = &nt;
    const size_t sony = nt.text.find("Sony");
    r.entities = {MakeEntity("organization", sony, sony + 10, "en", "en/organizations.rules:x",
                             Json{{"name", "Sony Group"}})};
    return r;
  };
  struct Row {
    const char* name;
    std::function<void(Record&)> change;
  };
  const Row rows[] = {
      {"nothing", [](Record&) {}},
      {"no text", [](Record& r) { r.text = nullptr; r.entities.clear(); }},
      {"invalid UTF-8 in the title and location",
       [](Record& r) { r.title = "bad \xff byte \xe3\x81 cut"; r.source.location = "dir/\xc0\xaf.txt"; }},
      {"entity cut inside a character", [](Record& r) { r.entities[0].begin = 1; r.entities[0].end = 4; }},
      {"entity past the text", [&nt](Record& r) { r.entities[0].end = nt.text.size() + 5; r.entities[0].begin = nt.text.size() - 1; }},
      {"field named like a leading key",
       [](Record& r) { r.entities[0].fields = Json{{"name", "S"}, {"text", "other"}, {"end", 3}, {"rule", nullptr}}; }},
      {"fields of every type",
       [](Record& r) {
         r.entities[0].fields = Json{{"f", -2.5}, {"big", 1e300}, {"tiny", 1e-7}, {"neg", -3}, {"u", 7u},
                                     {"t", true}, {"no", false}, {"empty_o", Json::object()}, {"empty_a", Json::array()},
                                     {"nested", Json{{"a", Json::array({1, Json::array(), Json{{"k\"", "v\x01"}}})}}},
                                     {"key \\ \n", "control \x1f \x7f"}};
       }},
      {"null fields", [](Record& r) { r.entities[0].fields = nullptr; }},
      {"source fields",
       [](Record& r) {
         r.source.member = "m.txt";
         r.source.fetched_at = "2025-01-01T00:00:00Z";
         r.source.status = -1;
         r.source.content_type = "text/html";
         r.canonical_url = "https://example.com/a?b=\"c\"";
         r.published = "2025-01-01";
       }},
      {"agreement, dateline and warnings",
       [&nt](Record& r) {
         resolve::Agreement a;
         a.kind = "memorandum";
         a.begin = nt.text.find("said");
         a.end = a.begin + 4;
         a.parties = {"Sony Group", "日本"};
         a.date = "2025-10-03";
         a.status = "signed";
         a.subject = nullptr;
         a.sentence = "Sony Group said \"5%\".";
         a.mentions = {{a.begin, a.end}, {0, 3}};
         resolve::Agreement empty;
         empty.kind = "other";
         r.agreements = {a, empty};
         r.dateline = extract::Dateline{"TOKYO, Oct. 3", "TOKYO", 0, 9};
         r.warnings = {"w1", "w\t2"};
       }},
      {"no entities", [](Record& r) { r.entities.clear(); }},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Record r = base();
    row.change(r);
    EXPECT_EQ(Serialize(r, false), ReferenceTree(r).dump(-1, ' ', false, Json::error_handler_t::replace));
    EXPECT_EQ(Serialize(r, true), ReferenceTree(r).dump(2, ' ', false, Json::error_handler_t::replace));
  }
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
    EXPECT_EQ(Serialize(r, false), ReferenceTree(r).dump(-1, ' ', false, Json::error_handler_t::replace));
    ++n;
  }
  EXPECT_EQ(n, 5u);
}

}  // namespace
}  // namespace kiji::emit
