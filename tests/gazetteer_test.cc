// The gazetteer tables (patterns/gazetteer/*.tsv): loading, errors, name
// keys, and every name of every builtin organization found in a sentence.
#include <gtest/gtest.h>

#include "tests/builtin_pipeline.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "pipeline/pipeline.h"
#include "resolve/canonical.h"
#include "rules/gazetteer.h"

namespace kiji::rules {
namespace {

const Pipeline& Builtin() { return test_support::BuiltinPipeline(); }

constexpr const char* kOrgHeader = "canonical\tenglish\tjapanese\tacronyms\tkind\tcountry\n";
constexpr const char* kNonOrgHeader = "names\tkind\tcountry\n";

TEST(Gazetteer, LoadsRowsAndComments) {
  Gazetteer g;
  std::string table = std::string("# a comment\n\n") + kOrgHeader +
                      "Japan External Trade Organization\t\t日本貿易振興機構|ジェトロ\tJETRO\tgovernment\tJP\n"
                      "# another\n"
                      "Asian Development Bank\t\tアジア開発銀行\tADB\tinternational\tINT\n";
  Status st = g.Add({"gazetteer/organizations.tsv", table}, "patterns");
  ASSERT_TRUE(st.ok()) << st.error().Message();
  ASSERT_EQ(g.orgs().size(), 2u);
  const OrgEntry* e = g.FindOrg(NameKey("ジェトロ"));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->canonical, "Japan External Trade Organization");
  EXPECT_EQ(e->where, "patterns/gazetteer/organizations.tsv:4");
  EXPECT_EQ(g.FindOrg(NameKey("the Japan External Trade Organization")), e);
  EXPECT_EQ(g.FindOrg(NameKey("ADB"))->canonical, "Asian Development Bank");
  EXPECT_EQ(g.FindOrg(NameKey("Tokyo")), nullptr);
  std::vector<std::string> names = e->AllNames();
  EXPECT_EQ(names, (std::vector<std::string>{"Japan External Trade Organization", "日本貿易振興機構", "ジェトロ", "JETRO"}));
}

struct BadTableCase {
  const char* name;
  std::string text;
  const char* message;  // expected Error::Message()
};

TEST(Gazetteer, RejectsMalformedTables) {
  const std::string org = kOrgHeader;
  const std::string non = kNonOrgHeader;
  const BadTableCase cases[] = {
      {"no_header", "Sony\t\t\t\tcompany\tJP\n",
       "patterns/t.tsv:1: a gazetteer table starts with its header: 'canonical\tenglish\tjapanese\tacronyms\tkind\tcountry' "
       "or 'names\tkind\tcountry' (TAB-separated)"},
      {"empty", "# only a comment\n", "patterns/t.tsv: empty gazetteer table (no header)"},
      {"columns", org + "Sony\tSony Group\tcompany\tJP\n",
       "patterns/t.tsv:2: expected 6 TAB-separated columns (canonical, english, japanese, acronyms, kind, country), got 4"},
      {"kind", org + "Sony\t\t\t\tcorporation\tJP\n",
       "patterns/t.tsv:2: unknown kind 'corporation' (government, international, company, university, association, "
       "institute)"},
      {"country", org + "Sony\t\t\t\tcompany\tJapan\n",
       "patterns/t.tsv:2: country must be an ISO 3166 alpha-2 code or INT: 'Japan'"},
      {"no_canonical", org + "\tSony\t\t\tcompany\tJP\n", "patterns/t.tsv:2: empty canonical name"},
      {"empty_item", org + "Sony\tSony Group||Sony Corp\t\t\tcompany\tJP\n",
       "patterns/t.tsv:2: empty item in the english list"},
      {"japanese_in_english", org + "Sony\tソニー\t\t\tcompany\tJP\n",
       "patterns/t.tsv:2: Japanese text in the english column: 'ソニー'"},
      {"latin_in_japanese", org + "Sony\t\tSony Corp\t\tcompany\tJP\n",
       "patterns/t.tsv:2: no Japanese text in the japanese column: 'Sony Corp'"},
      {"acronym", org + "Sony\t\t\tSony Corp\tcompany\tJP\n",
       "patterns/t.tsv:2: an acronym is one ASCII word with a capital letter: 'Sony Corp'"},
      // "Sony Corporation" and "Sony" share a key: one name, two organizations.
      {"duplicate", org + "Sony Group\tSony\t\t\tcompany\tJP\nSony Corporation\t\t\t\tcompany\tJP\n",
       "patterns/t.tsv:3: name 'Sony Corporation' already names Sony Group (patterns/t.tsv:2)"},
      {"non_org_kind", non + "Tokyo\ttown\tJP\n",
       "patterns/t.tsv:2: unknown kind 'town' (country, region, city, generic, head, event, lead, title)"},
      {"non_org_twice", non + "Tokyo\tcity\tJP\nTokyo\tregion\t\n",
       "patterns/t.tsv:3: 'Tokyo' is listed twice with different kinds"},
  };
  for (const BadTableCase& c : cases) {
    SCOPED_TRACE(c.name);
    Gazetteer g;
    Status st = g.Add({"t.tsv", c.text}, "patterns");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kBadRuleFile);
    EXPECT_EQ(st.error().Message(), c.message);
  }
}

TEST(Gazetteer, OrganizationAndNonOrganizationNamesDoNotMix) {
  Gazetteer g;
  ASSERT_TRUE(g.Add({"n.tsv", std::string(kNonOrgHeader) + "Tokyo|東京\tcity\tJP\n"}, "p").ok());
  Status st = g.Add({"o.tsv", std::string(kOrgHeader) + "Tokyo\t\t\t\tcompany\tJP\n"}, "p");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().Message(), "p/o.tsv:2: name 'Tokyo' is listed as not an organization");
  Gazetteer h;
  ASSERT_TRUE(h.Add({"o.tsv", std::string(kOrgHeader) + "Tokyo Gas\t\t東京ガス\t\tcompany\tJP\n"}, "p").ok());
  st = h.Add({"n.tsv", std::string(kNonOrgHeader) + "東京ガス\tcity\tJP\n"}, "p");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().Message(), "p/n.tsv:2: '東京ガス' names the organization Tokyo Gas (p/o.tsv:2)");
}

struct KeyCase {
  const char* name;
  const char* a;
  const char* b;  // same key as a, or "" for: a's key is `key`
  const char* key;
};

TEST(NameKey, FoldsWhatArticlesWriteDifferently) {
  const KeyCase cases[] = {
      {"case_the", "The Japan External Trade Organization", "japan external trade organization", ""},
      {"oxford_comma", "Ministry of Economy, Trade, and Industry", "Ministry of Economy, Trade and Industry", ""},
      {"ampersand", "Mitsui & Co.", "Mitsui and Co", ""},
      {"inc", "Digital Knowledge Inc.", "Digital Knowledge", ""},
      {"co_ltd", "Daiwa House Industry Co., Ltd.", "Daiwa House Industry", ""},
      {"co_ltd_tight", "Nippon Koei Co.,Ltd.", "Nippon Koei", ""},
      {"corporation", "Toyota Motor Corporation", "Toyota Motor", ""},
      {"hyphen", "Coca-Cola", "Coca Cola", ""},
      {"apostrophe", "McDonald’s", "McDonald's", ""},
      {"kabushiki_prefix", "株式会社デジタル・ナレッジ", "デジタルナレッジ", ""},
      {"kabushiki_suffix", "トヨタ自動車株式会社", "トヨタ自動車", ""},
      {"kabu_mark", "(株)テスト", "テスト", ""},
      {"legal_person", "独立行政法人日本貿易振興機構", "日本貿易振興機構", ""},
      {"npo", "NPO法人サンプル", "サンプル", ""},
      {"only_legal_form", "Inc.", "", "inc"},
      {"spaces_ja", "ウズベキスタン IT Park 東京オフィス", "", "ウズベキスタンitpark東京オフィス"},
      {"key", "IT Park (Uzbekistan)", "", "it park uzbekistan"},
  };
  for (const KeyCase& c : cases) {
    SCOPED_TRACE(c.name);
    if (*c.b) EXPECT_EQ(NameKey(c.a), NameKey(c.b));
    else EXPECT_EQ(NameKey(c.a), c.key);
  }
  EXPECT_NE(NameKey("Sony Group"), NameKey("Sony"));
  EXPECT_NE(NameKey("Bank of Japan"), NameKey("Japan"));
}

TEST(NameKey, IntoABufferGivesTheSameKey) {
  std::string buf = "left over from an earlier key";
  for (const char* name : {"The Japan External Trade Organization", "Mitsui & Co.", "株式会社デジタル・ナレッジ",
                           "(株)テスト", "ウズベキスタン IT Park 東京オフィス", "Inc.", "", "a"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(NameKeyInto(name, &buf), NameKey(name));
    EXPECT_EQ(buf, NameKey(name));
  }
}

// Lookups go through an index that grows as rows come: every name of many
// rows is found, and names that differ from one (same first and last
// letters, another length or middle) are not.
TEST(Gazetteer, FindsEveryKeyOfALargeTable) {
  std::string orgs = kOrgHeader, non = kNonOrgHeader;
  for (int i = 0; i < 3000; ++i) {
    orgs += "Org" + std::to_string(i) + " Holdings\t\t\t\tcompany\tJP\n";
    non += "Place" + std::to_string(i) + "\tcity\tJP\n";
  }
  Gazetteer g;
  ASSERT_TRUE(g.Add({"gazetteer/o.tsv", orgs}, "p").ok());
  ASSERT_TRUE(g.Add({"gazetteer/n.tsv", non}, "p").ok());
  EXPECT_EQ(g.non_org_count(), 3000u);
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i);
    const OrgEntry* e = g.FindOrg(NameKey("Org" + n + " Holdings"));
    ASSERT_NE(e, nullptr) << n;
    EXPECT_EQ(e->canonical, "Org" + n + " Holdings");
    ASSERT_NE(g.FindNonOrg(NameKey("Place" + n)), nullptr) << n;
    EXPECT_EQ(g.FindNonOrgWord("Place" + n), g.FindNonOrg(NameKey("Place" + n)));
    // "Org<i>0 Holdings" is a row of its own only while 0 < i * 10 < 3000.
    EXPECT_EQ(g.FindOrg(NameKey("Org" + n + "0 Holdings")) != nullptr, i > 0 && i < 300) << n;
    EXPECT_EQ(g.FindOrg(NameKey("Place" + n)), nullptr);
    EXPECT_EQ(g.FindNonOrg(NameKey("Org" + n + " Holdings")), nullptr);
  }
  EXPECT_EQ(g.FindOrg(NameKey("Org3000 Holdings")), nullptr);
  EXPECT_EQ(g.FindNonOrg(NameKey("Place3000")), nullptr);
  EXPECT_EQ(g.FindNonOrg(""), nullptr);
}

TEST(StripLegalForm, KeepsTheName) {
  const std::pair<const char*, const char*> cases[] = {
      {"Digital Knowledge Inc.", "Digital Knowledge"}, {"A1 Japan Ltd.", "A1 Japan"},
      {"Kanto Robotics Co., Ltd.", "Kanto Robotics"},  {"Siemens AG", "Siemens"},
      {"株式会社デジタル・ナレッジ", "デジタル・ナレッジ"}, {"サンプル工業株式会社", "サンプル工業"},
      {"Inc.", "Inc."},                                {"Sony Group", "Sony Group"},
      {"Company", "Company"},
  };
  for (const auto& [in, out] : cases) {
    SCOPED_TRACE(in);
    EXPECT_EQ(StripLegalForm(in), out);
  }
}

// The builtin tables load (Pipeline::Create would fail otherwise), hold
// several hundred organizations, and every name of every one of them is
// found in a sentence and named by the entry's canonical name (in a
// Japanese sentence, by a Japanese name of the entry, the canonical name
// among the aliases).
TEST(BuiltinGazetteer, EveryNameIsFoundInASentence) {
  const Gazetteer& g = Builtin().gazetteer();
  EXPECT_GE(g.orgs().size(), 500u);
  EXPECT_GE(g.non_org_count(), 300u);
  std::set<std::string> kinds;
  size_t checked = 0;
  for (const OrgEntry& e : g.orgs()) {
    kinds.insert(e.kind);
    for (const std::string& n : e.AllNames()) {
      SCOPED_TRACE(e.where + ": " + n);
      const bool ja = HasJapanese(n);
      std::string sentence = ja ? "昨日、" + n + "は新たな計画を発表した。" : "On Monday, " + n + " announced a new plan.";
      text::NormText nt = text::Normalize(sentence);
      // Rules see one sentence at a time: a name the sentence breaker cuts
      // ("Mitsui O.S.K. Lines") is found by its other names only.
      if (nt.sentences.size() != 1) continue;
      Analysis a = Builtin().Analyze(nt, resolve::RefDate{});
      std::vector<const resolve::Entity*> found;
      for (const resolve::Entity& ent : a.entities) {
        if (ent.type == "organization") found.push_back(&ent);
      }
      ASSERT_EQ(found.size(), 1u) << "sentence: " << sentence;
      const std::string name = resolve::CanonicalName(*found[0]);
      if (ja) {
        EXPECT_TRUE(std::find(e.japanese.begin(), e.japanese.end(), name) != e.japanese.end()) << name;
        const auto& aliases = found[0]->fields.at("aliases");
        EXPECT_TRUE(name == e.canonical || std::find(aliases.begin(), aliases.end(), e.canonical) != aliases.end());
      } else {
        EXPECT_EQ(name, e.canonical) << "sentence: " << sentence;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 1500u);
  EXPECT_EQ(kinds, (std::set<std::string>{"government", "international", "company", "university", "association",
                                         "institute"}));
}

TEST(BuiltinGazetteer, PlacesAndGenericWordsAreNotOrganizations) {
  const Gazetteer& g = Builtin().gazetteer();
  const std::pair<const char*, NonOrgKind> cases[] = {
      {"Japan", NonOrgKind::kCountry},        {"ウズベキスタン共和国", NonOrgKind::kCountry},
      {"Vietnamese", NonOrgKind::kCountry},   {"Tashkent", NonOrgKind::kCity},
      {"東京都", NonOrgKind::kCity},          {"Central Asia", NonOrgKind::kRegion},
      {"Japanese companies", NonOrgKind::kGeneric}, {"同社", NonOrgKind::kGeneric},
      {"私立大学", NonOrgKind::kGeneric},     {"Week", NonOrgKind::kEvent},
      {"博覧会", NonOrgKind::kEvent},         {"During", NonOrgKind::kLead},
      {"本日", NonOrgKind::kLead},            {"President", NonOrgKind::kTitle},
  };
  for (const auto& [name, kind] : cases) {
    SCOPED_TRACE(name);
    const NonOrgEntry* e = g.FindNonOrg(NameKey(name));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->kind, kind);
  }
  EXPECT_EQ(g.FindNonOrg(NameKey("Tashkent"))->country, "UZ");
  EXPECT_EQ(g.FindNonOrgWord("During"), g.FindNonOrg("during"));
}

// A --patterns directory adds its own tables to the builtin ones.
TEST(Gazetteer, PatternDirsAddTables) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kiji_gazetteer_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "gazetteer");
  {
    std::ofstream f(dir / "gazetteer" / "mine.tsv");
    f << kOrgHeader << "Kanematsu Corporation\tKanematsu\t兼松\t\tcompany\tJP\n";
  }
  PipelineOptions o;
  o.pattern_dirs.push_back(dir.string());
  Result<Pipeline> p = Pipeline::Create(o);
  ASSERT_TRUE(p.ok()) << p.error().Message();
  text::NormText nt = text::Normalize("兼松は、Kanematsu Corporation として発表した。");
  Analysis a = p->Analyze(nt, resolve::RefDate{});
  size_t n = 0;
  for (const auto& e : a.entities) {
    if (e.type != "organization") continue;
    ++n;
    EXPECT_EQ(resolve::CanonicalName(e), "Kanematsu Corporation");
  }
  EXPECT_EQ(n, 2u);
  {
    std::ofstream f(dir / "gazetteer" / "bad.tsv");
    f << kOrgHeader << "Sony\t\t\t\tcompany\tJP\n";  // Sony is builtin already
  }
  Result<Pipeline> bad = Pipeline::Create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().Message().find("bad.tsv:2: name 'Sony' already names Sony Group"), std::string::npos)
      << bad.error().Message();
  fs::remove_all(dir);
}

// The literal rules the gazetteer adds respect word and script bounds.
TEST(LiteralRules, BoundsAndLongestName) {
  struct Case {
    const char* name;
    const char* text;
    const char* span;  // "" for none
  };
  const Case cases[] = {
      {"word", "Shares of Sony rose.", "Sony"},
      {"not_in_word", "Sonyx rose.", ""},
      {"hyphen_touch", "a Toyota-backed startup", "Toyota"},
      {"longest", "Sony Group said", "Sony Group"},
      {"katakana_before", "ラオス財務省は", ""},  // not Japan's 財務省 (the 省 shape is not a literal rule)
      {"city_after", "日立市の工場", ""},
      {"kana_word", "ソニーミュージックの", ""},
      {"kanji_after_kana_name", "ソニー社員", "ソニー"},
  };
  Result<Pipeline> p = Pipeline::Create({});
  ASSERT_TRUE(p.ok());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    text::NormText nt = text::Normalize(c.text);
    std::vector<Match> ms = p->engine().Run(nt);
    std::string got;
    for (const Match& m : ms) {
      if (p->engine().rules().rules[static_cast<size_t>(m.rule)].literals.empty()) continue;
      got = nt.text.substr(m.begin, m.end - m.begin);
    }
    EXPECT_EQ(got, c.span);
  }
}

}  // namespace
}  // namespace kiji::rules
