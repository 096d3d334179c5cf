// Canonical organization names (lib/resolve/canonical.h): one name per
// organization per record, its mentions linked across acronyms, legal
// forms, "the", and English and Japanese names.
#include <gtest/gtest.h>

#include "tests/builtin_pipeline.h"

#include <map>
#include <set>

#include "pipeline/pipeline.h"
#include "resolve/canonical.h"

namespace kiji::resolve {
namespace {

const Pipeline& Builtin() { return test_support::BuiltinPipeline(); }

// Canonical name -> the texts of its mentions, in order.
using Orgs = std::map<std::string, std::vector<std::string>>;

Orgs Extract(const std::string& input, std::vector<Entity>* entities = nullptr) {
  text::NormText nt = text::Normalize(input);
  Analysis a = Builtin().Analyze(nt, RefDate{});
  Orgs out;
  for (const Entity& e : a.entities) {
    if (e.type == "organization") out[CanonicalName(e)].push_back(nt.text.substr(e.begin, e.end - e.begin));
  }
  if (entities) *entities = a.entities;
  return out;
}

struct CanonCase {
  const char* name;
  const char* text;
  Orgs want;
};

TEST(Canonicalize, OneNamePerOrganization) {
  const CanonCase cases[] = {
      {"meti_variants",
       "The Japanese Ministry of Economy, Trade, and Industry (METI) met them. Later METI said the Ministry of "
       "Economy, Trade and Industry agreed. 経済産業省も同意した。",
       {{"Ministry of Economy, Trade and Industry",
         {"Ministry of Economy, Trade, and Industry (METI)", "METI", "Ministry of Economy, Trade and Industry",
          "経済産業省"}}}},
      {"acronym_after_unknown",
       "Japan Digital University (JDU) opened in Tashkent. JDU students study online.",
       {{"Japan Digital University", {"Japan Digital University (JDU)", "JDU"}}}},
      {"acronym_after_full_width",
       "Japan Digital University（JDU）と共に。JDUの学生。",
       {{"Japan Digital University", {"Japan Digital University(JDU)", "JDU"}}}},
      {"acronym_before",
       "VITAS, the Vietnam Textile and Apparel Association, said exports rose. VITAS expects more.",
       {{"Vietnam Textile and Apparel Association",
         {"VITAS, the Vietnam Textile and Apparel Association", "VITAS"}}}},
      {"acronym_defined_by_the_text_wins_over_the_gazetteer",  // Vietnam's MIC, not Japan's
       "The Ministry of Information and Communications (MIC) hosted it. MIC said the event grew.",
       {{"Ministry of Information and Communications",
         {"Ministry of Information and Communications (MIC)", "MIC"}}}},
      {"gazetteer_acronym_of_a_known_name",
       "Japan's Ministry of Internal Affairs and Communications (MIC) said so. MIC will fund it.",
       {{"Ministry of Internal Affairs and Communications",
         {"Ministry of Internal Affairs and Communications (MIC)", "MIC"}}}},
      {"acronym_before_bracketed_name",
       "KRC (Kanto Robotics Corporation) opened a plant. KRC will hire.",
       {{"Kanto Robotics Corporation", {"KRC (Kanto Robotics Corporation)", "KRC"}}}},
      {"acronym_across_sentence_break",
       "Kanto Robotics Ltd. (KRL) opened a plant. KRL will hire.",
       {{"Kanto Robotics Ltd.", {"Kanto Robotics Ltd. (KRL)", "KRL"}}}},
      {"acronym_that_does_not_fit",
       "The Tokyo Robotics Association (XYZ) met.",
       {{"Tokyo Robotics Association", {"Tokyo Robotics Association"}}}},
      {"legal_form_and_bare",
       "Digital Knowledge Inc. builds platforms. At Digital Knowledge, we teach.",
       {{"Digital Knowledge Inc.", {"Digital Knowledge Inc.", "Digital Knowledge"}}}},
      {"short_university_name_and_long_form",
       "北央大学は銀行と協定を結んだ。銀行が北央大、南山大と結ぶのは3例目。",
       {{"北央大学", {"北央大学", "北央大"}}, {"南山大", {"南山大"}}}},
      {"prefectural_university_short_form",
       "北央府立大学は協定を結んだ。北央府大は初めて。",
       {{"北央府立大学", {"北央府立大学", "北央府大"}}}},
      {"province_government_and_peoples_government",
       "福建省人民政府の省長が来日した。ジェトロと福建省政府の覚書に調印した。",
       {{"福建省人民政府", {"福建省人民政府", "福建省政府"}}, {"ジェトロ", {"ジェトロ"}}}},
      {"kabushiki_and_bare",
       "株式会社サンプル商事（本社：東京都）は発表した。サンプル商事は今後も続ける。",
       {{"株式会社サンプル商事", {"株式会社サンプル商事", "サンプル商事"}}}},
      {"english_and_japanese_by_gazetteer",
       "JETRO opened an office. 日本貿易振興機構（ジェトロ）は発表した。",
       {{"Japan External Trade Organization", {"JETRO", "日本貿易振興機構(ジェトロ)"}}}},
      {"japanese_prefix_of_same_country",
       "ウズベキスタン共和国デジタル技術省傘下のIT Park",
       {{"ウズベキスタン共和国デジタル技術省", {"ウズベキスタン共和国デジタル技術省"}},
        {"IT Park Uzbekistan", {"IT Park"}}}},
      {"of_country_tail",
       "The Ministry of Planning of Laos met. The Ministry of Planning agreed.",
       {{"Ministry of Planning of Laos", {"Ministry of Planning of Laos", "Ministry of Planning"}}}},
      {"coordination_split",
       "the Ministry of Digital Technologies and IT Park initiated it",
       {{"Ministry of Digital Technologies of Uzbekistan", {"Ministry of Digital Technologies"}},
        {"IT Park Uzbekistan", {"IT Park"}}}},
      {"list_split",
       "the Ministry of Digital Technologies, IT Park, and Japan Digital University signed",
       {{"Ministry of Digital Technologies of Uzbekistan", {"Ministry of Digital Technologies"}},
        {"IT Park Uzbekistan", {"IT Park"}},
        {"Japan Digital University", {"Japan Digital University"}}}},
      {"headed_parts_split",
       "Mekong Data Holdings and Hoang Long Group provide cloud services.",
       {{"Mekong Data Holdings", {"Mekong Data Holdings"}}, {"Hoang Long Group", {"Hoang Long Group"}}}},
      {"unheaded_and_stays",
       "the Japan Science and Technology Agency funds it",
       {{"Japan Science and Technology Agency", {"Japan Science and Technology Agency"}}}},
      {"bracketed_other_name",
       "IT Park（The Administration of Technology Park of Software and IT LLC）とは",
       {{"IT Park Uzbekistan", {"IT Park", "Administration of Technology Park of Software and IT LLC"}}}},
      {"two_organizations_stay_two",
       "Sony Group and Toyota Motor Corporation signed a deal.",
       {{"Sony Group", {"Sony Group"}}, {"Toyota Motor", {"Toyota Motor Corporation"}}}},
      {"cue_names_repeat",
       "Talks with the startup Zeroboard went well. Zeroboard will open an office.",
       {{"Zeroboard", {"Zeroboard", "Zeroboard"}}}},
      {"time_after_the_name_is_cut",  // a tail's "on"/"in" with a weekday or month is no part of it
       "The Bank of Tokyo on Tuesday kept rates. The Council of Asia in March met the Commission on Human Rights.",
       {{"Bank of Tokyo", {"Bank of Tokyo"}},
        {"Council of Asia", {"Council of Asia"}},
        {"Commission on Human Rights", {"Commission on Human Rights"}}}},
      {"ja_headline_short_forms",  // 湊銀 is 湊銀行 and 北浜大 is 北浜大学 of the same article
       "北浜大と湊銀が協定締結\n北浜大学と湊銀行は協定を結んだ。",
       {{"北浜大学", {"北浜大", "北浜大学"}}, {"湊銀行", {"湊銀", "湊銀行"}}}},
  };
  for (const CanonCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.text), c.want);
  }
}

// Findings of an audit of real articles: a cue-found name is not a
// surname when a place or a company word makes it a longer name; a title
// and "of" before a name are cut, not the name dropped; the shaped last
// part of a list stays; names may hold Latin letters with diacritics.
TEST(Canonicalize, AuditedNames) {
  const CanonCase cases[] = {
      {"name_before_a_region_is_no_surname",
       "Ascom, a global solutions provider, announced it. Rob Goldman, President Ascom North America, said so.",
       {{"Ascom", {"Ascom", "Ascom"}}}},
      {"name_before_a_legal_form_is_no_surname",
       "Ascom, a global solutions provider, announced it. Rob Goldman, President Ascom Inc., said so.",
       {{"Ascom", {"Ascom", "Ascom"}}}},
      {"end_of_a_country_is_no_surname",
       "Shares of the biotech company Zealand rose. Zealand sells drugs in New Zealand.",
       {{"Zealand", {"Zealand", "Zealand"}}}},
      {"title_of_is_cut",
       "That is the view of Michael Reed, the CEO of New Media Investment Group, on Nov. 14.",
       {{"New Media Investment Group", {"New Media Investment Group"}}}},
      {"title_of_function_for_is_cut",
       "Steve Menet, Senior Vice President of Sales for Dräger, Inc., says so. Dräger grew.",
       {{"Dräger, Inc.", {"Dräger, Inc.", "Dräger"}}}},
      {"shaped_last_part_of_a_list_stays",
       "The newspaper company Gannett said so. The merger of Gannett and GateHouse Media became final.",
       {{"Gannett", {"Gannett", "Gannett"}}, {"GateHouse Media", {"GateHouse Media"}}}},
      {"and_inside_a_name_and_between_two",
       "Hanoi University of Science and Technology and Saigon City University of Technology partnered.",
       {{"Hanoi University of Science and Technology", {"Hanoi University of Science and Technology"}},
        {"Saigon City University", {"Saigon City University"}}}},
      {"and_inside_one_name_only",
       "The Ministry of Science and Technology said so.",
       {{"Ministry of Science and Technology", {"Ministry of Science and Technology"}}}},
      {"diacritics_in_names",
       "Shares of Société Générale Group fell. The carmaker Škoda said so. Sales at Škoda grew.",
       {{"Société Générale Group", {"Société Générale Group"}}, {"Škoda", {"Škoda", "Škoda"}}}},
      {"company_before_its_president_stays",
       "Honda President Toshihiro Mibe said sales rose.",
       {{"Honda Motor", {"Honda"}}}},
      {"longer_name_than_the_gazetteer_knows",  // not Sony Group
       "Its partner Sony Engineering said so, and Sony E&S agreed.",
       {{"Sony Engineering", {"Sony Engineering"}}, {"Sony E&S", {"Sony E&S"}}}},
      {"list_of_contract_parties",
       "The utility signed contracts with Korean HD Engineering and Construction, Sony Engineering and Mirae Gas "
       "Corporation to build a plant.",
       {{"HD Engineering and Construction", {"HD Engineering and Construction"}},
        {"Sony Engineering", {"Sony Engineering"}},
        {"Mirae Gas Corporation", {"Mirae Gas Corporation"}}}},
      {"latin_extended_b_capital",  // Ț (U+021A) is in the rules' UPPER too
       "Shares of Țiriac Inc. rose. Sales at Țiriac grew.",
       {{"Țiriac Inc.", {"Țiriac Inc.", "Țiriac"}}}},
  };
  for (const CanonCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.text), c.want);
  }
}

TEST(Canonicalize, NotOrganizations) {
  const std::pair<const char*, const char*> cases[] = {
      {"countries", "Talks with Japan and meetings with Uzbekistan went on."},
      {"events", "Companies such as GameFest Week and ICT Week 2025 joined."},
      {"generic", "Japanese companies and universities will join; the ministry agreed."},
      {"people", "Talks with Prime Minister Fumio Kishida ended. Meetings with President Joe Biden followed."},
      {"surname", "Talks with the startup Epstein went on. Jeffrey Epstein said so."},
      {"place_after_a_title", "Analysts at the company Zealand said so. Prime Minister Zealand spoke."},
      {"inside_a_country_name", "DUBAI, United Arab Emirates — the carrier finalized a deal."},
      {"exchange_in_a_listing_note", "Its shares (NYSE: SRB) rose. 同社株（東証プライム：1234）は上昇した。"},
      {"exchange_after_a_code_label", "代表取締役社長 山田一郎（コード番号：9999 東証第一部）"},
      {"exchange_before_its_segment", "その議決権を保有する（東証1部上場；銘柄コード9998）。"},
      {"ja_generic", "同社は、関係省庁と私立大学に連絡した。"},
      // People the title beside a name shows (a family name first, a
      // gazetteer company's name: Honda).
      {"family_name_first_after_a_title",
       "The accord was signed by the Minister for Digital Affairs and Innovation Honda Kenji online."},
      {"name_then_comma_title", "Talks with Mika Saren, President and CEO of the group, went on."},
      {"portfolio_before_minister", "He held a meeting with Uzbek Energy Minister Ali Karimov on Friday."},
  };
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(Extract(text), Orgs{});
  }
}

TEST(Canonicalize, AliasesListSeenThenKnownNames) {
  std::vector<Entity> ents;
  Extract("The Japan External Trade Organization (JETRO) said so.", &ents);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(ents[0].fields["name"], "Japan External Trade Organization");
  EXPECT_EQ(ents[0].fields["aliases"],
            Json::array({"JETRO", "Japan External Trade Organisation", "日本貿易振興機構", "ジェトロ"}));
  EXPECT_EQ(ents[0].rule, "en/organizations.rules:org.head_last");
  Extract("Zeroboard, a Tokyo-based startup, said so. Zeroboard grew.", &ents);
  ASSERT_EQ(ents.size(), 2u);
  EXPECT_EQ(ents[1].rule, "en/canonical:org.repeat");
  EXPECT_EQ(ents[1].fields["aliases"], Json::array());
}

TEST(Canonicalize, LeavesOtherEntitiesAlone) {
  std::vector<Entity> ents;
  Extract("On March 3, 2024 Sony Group said.", &ents);
  ASSERT_EQ(ents.size(), 2u);
  EXPECT_EQ(ents[0].type, "date");
  EXPECT_EQ(ents[1].type, "organization");
  Entity date = ents[0];
  std::vector<Entity> only{date};
  Canonicalize(text::Normalize("x"), &Builtin().gazetteer(), &only);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].fields, date.fields);
}

TEST(Canonicalize, WorksWithoutAGazetteer) {
  text::NormText nt = text::Normalize("Japan Digital University (JDU) opened. JDU grew.");
  Entity e;
  e.type = "organization";
  e.begin = 0;
  e.end = nt.text.find(" (");
  e.lang = "en";
  e.rule = "en/organizations.rules:org.head_last";
  e.fields = Json{{"name", "Japan Digital University"}, {"aliases", Json::array()}};
  std::vector<Entity> ents{e};
  Canonicalize(nt, nullptr, &ents);
  ASSERT_EQ(ents.size(), 2u);
  EXPECT_EQ(ents[0].fields["aliases"], Json::array({"JDU"}));
  EXPECT_EQ(nt.text.substr(ents[1].begin, ents[1].end - ents[1].begin), "JDU");
  EXPECT_EQ(CanonicalName(ents[1]), "Japan Digital University");
}

// Repeats are read left to right: at each place the longest name written
// there, as a word (not "DKX", not inside the katakana word
// ナレッジマネジメント), up to the text's last byte.
TEST(Canonicalize, RepeatsTakeTheLongestNameAtWordBounds) {
  text::NormText nt = text::Normalize(
      "Digital Knowledge Inc. (DK) opened. Digital Knowledge Inc. grew; Digital Knowledge hired. DKX and DK. "
      "ナレッジ社とナレッジマネジメント、ナレッジ");
  Entity en;
  en.type = "organization";
  en.begin = 0;
  en.end = nt.text.find(" (");
  en.lang = "en";
  en.rule = "en/organizations.rules:org.head_last";
  en.fields = Json{{"name", "Digital Knowledge Inc."}, {"aliases", Json::array()}};
  Entity ja = en;
  ja.begin = nt.text.find("ナレッジ社");
  ja.end = ja.begin + std::string("ナレッジ").size();
  ja.lang = "ja";
  ja.fields = Json{{"name", "ナレッジ"}, {"aliases", Json::array()}};
  std::vector<Entity> ents{en, ja};
  Canonicalize(nt, nullptr, &ents);
  std::vector<std::string> texts, rules;
  for (const Entity& e : ents) {
    texts.push_back(nt.text.substr(e.begin, e.end - e.begin));
    rules.push_back(e.rule);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"Digital Knowledge Inc. (DK)", "Digital Knowledge Inc.", "Digital Knowledge",
                                             "DK", "ナレッジ", "ナレッジ"}));
  EXPECT_EQ(nt.text.size(), ents.back().end);
  EXPECT_EQ(rules[1], "en/canonical:org.repeat");
  EXPECT_EQ(rules[5], "ja/canonical:org.repeat");
  EXPECT_EQ(ents[3].fields["aliases"], Json::array({"DK", "Digital Knowledge"}));
}

TEST(OrgIndex, FindsAnOrganizationByAnyName) {
  std::vector<Entity> ents;
  Extract("METI and the Ministry of Digital Technologies of Uzbekistan signed it. Digital Knowledge Inc. joined.",
          &ents);
  OrgIndex index(ents);
  const std::pair<const char*, const char*> cases[] = {
      {"METI", "Ministry of Economy, Trade and Industry"},
      {"the Ministry of Economy, Trade, and Industry", "Ministry of Economy, Trade and Industry"},
      {"経済産業省", "Ministry of Economy, Trade and Industry"},
      {"Ministry of Digital Technologies", "Ministry of Digital Technologies of Uzbekistan"},
      {"デジタル技術省", "Ministry of Digital Technologies of Uzbekistan"},
      {"Digital Knowledge", "Digital Knowledge Inc."},
      {"digital knowledge inc", "Digital Knowledge Inc."},
  };
  for (const auto& [name, canonical] : cases) {
    SCOPED_TRACE(name);
    const std::string* got = index.Find(name);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(*got, canonical);
  }
  EXPECT_EQ(index.Find("Toyota"), nullptr);  // known to the gazetteer, not in this record
  EXPECT_EQ(KnownCanonicalName(Builtin().gazetteer(), "トヨタ"), "Toyota Motor");
  EXPECT_EQ(KnownCanonicalName(Builtin().gazetteer(), "Kanematsu"), "");
  Entity date;
  date.type = "date";
  EXPECT_EQ(CanonicalName(date), "");
}

struct AcronymCase {
  const char* acronym;
  const char* long_form;
  bool fits;
};

TEST(AcronymMatches, SchwartzHearst) {
  const AcronymCase cases[] = {
      {"JETRO", "Japan External Trade Organization", true},
      {"VINASA", "Vietnam Software and IT Services Association", true},
      {"METI", "Ministry of Economy, Trade, and Industry", true},
      {"AJA", "Association of Japanese Animation", true},
      {"JDU", "Japan Digital University", true},
      {"VADX", "Vietnamese Association of Digital Transformation in Japan", true},  // X for "trans"
      {"KOTRA", "Korea Trade-Investment Promotion Agency", true},
      {"XYZ", "Tokyo Robotics Association", false},
      {"AI", "Japan Digital University", false},
      {"J", "Japan", false},
      {"JDU", "JDU", false},
  };
  for (const AcronymCase& c : cases) {
    SCOPED_TRACE(c.acronym);
    EXPECT_EQ(AcronymMatches(c.acronym, c.long_form), c.fits) << c.long_form;
  }
}

}  // namespace
}  // namespace kiji::resolve
