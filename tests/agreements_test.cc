// The agreements stage: parties, status, date, subject and joining, on
// sentences whose organizations and dates are marked by hand (so these
// tests do not depend on the organization and date rules), with the real
// trigger, cue and country rules.
#include <gtest/gtest.h>

#include "tests/builtin_pipeline.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "pipeline/pipeline.h"
#include "resolve/agreements.h"
#include "resolve/canonical.h"

namespace kiji {
namespace {

using resolve::Agreement;
using resolve::Entity;
using resolve::Json;

const Pipeline& Builtin() { return test_support::BuiltinPipeline(); }

// A text with hand-marked entities, turned into what FindAgreements reads.
//   [[Toyota]]               organization, name "Toyota"
//   [[Toyota Motor|Toyota]]  organization "Toyota Motor", canonical "Toyota"
//   <<May 2024|2024-05>>     date with value 2024-05
//   <<by 2030|2030|by>>      date with a qualifier
struct Marked {
  text::NormText text;
  std::vector<Entity> entities;
  std::vector<Entity> cues;
};

Marked Mark(std::string_view marked) {
  Marked m;
  std::string plain;
  struct Span {
    size_t begin, end;
    std::string type, a, b;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < marked.size();) {
    bool org = marked.substr(i, 2) == "[[";
    bool date = marked.substr(i, 2) == "<<";
    if (!org && !date) {
      plain.push_back(marked[i++]);
      continue;
    }
    size_t close = marked.find(org ? "]]" : ">>", i);
    std::string body(marked.substr(i + 2, close - i - 2));
    std::vector<std::string> parts;
    for (size_t p = 0;;) {
      size_t bar = body.find('|', p);
      parts.push_back(body.substr(p, bar == std::string::npos ? std::string::npos : bar - p));
      if (bar == std::string::npos) break;
      p = bar + 1;
    }
    Span s{plain.size(), plain.size() + parts[0].size(), org ? "organization" : "date",
           parts.size() > 1 ? parts[1] : parts[0], parts.size() > 2 ? parts[2] : ""};
    plain += parts[0];
    spans.push_back(s);
    i = close + 2;
  }
  m.text = text::Normalize(plain);
  EXPECT_EQ(m.text.text, plain) << "test texts must be normalized already";
  Analysis a = Builtin().Analyze(m.text, resolve::RefDate{2025, 1, 15});
  m.cues = a.cues;
  for (const Span& s : spans) {
    Entity e;
    e.type = s.type;
    e.begin = s.begin;
    e.end = s.end;
    for (size_t k = 0; k < m.text.sentences.size(); ++k) {
      if (m.text.sentences[k].begin <= s.begin && s.begin < m.text.sentences[k].end) e.sentence = k;
    }
    if (s.type == "organization") {
      e.fields["name"] = s.a;
      e.fields["aliases"] = Json::array();
    } else {
      e.fields["value"] = s.a;
      e.fields["qualifier"] = s.b.empty() ? Json(nullptr) : Json(s.b);
    }
    m.entities.push_back(std::move(e));
  }
  std::sort(m.entities.begin(), m.entities.end(), [](const Entity& x, const Entity& y) { return x.begin < y.begin; });
  return m;
}

std::vector<Agreement> Find(const Marked& m) { return resolve::FindAgreements(m.text, m.entities, m.cues); }

std::string Describe(const Marked& m, const std::vector<Agreement>& got) {
  std::string out;
  for (const Agreement& a : got) {
    out += "\n  [" + m.text.text.substr(a.begin, a.end - a.begin) + "] " + a.kind + " " + a.status + " date=" +
           a.date.dump() + " subject=" + a.subject.dump() + " mentions=" + std::to_string(a.mentions.size()) +
           " parties:";
    for (const std::string& p : a.parties) out += " {" + p + "}";
  }
  return out;
}

struct Want {
  std::vector<std::string> parties;  // in order
  const char* kind;
  const char* status;
  const char* date;     // nullptr: null
  const char* subject;  // nullptr: not checked; "": null
  size_t mentions;      // 0: not checked
};

struct Case {
  const char* name;
  const char* text;
  std::vector<Want> want;
};

void Check(const Case& c) {
  SCOPED_TRACE(c.name);
  Marked m = Mark(c.text);
  std::vector<Agreement> got = Find(m);
  ASSERT_EQ(got.size(), c.want.size()) << Describe(m, got);
  for (size_t i = 0; i < got.size(); ++i) {
    const Agreement& a = got[i];
    const Want& w = c.want[i];
    EXPECT_EQ(a.parties, w.parties) << Describe(m, got);
    EXPECT_EQ(a.kind, w.kind) << Describe(m, got);
    EXPECT_EQ(a.status, w.status) << Describe(m, got);
    EXPECT_EQ(a.date, w.date ? Json(w.date) : Json(nullptr)) << Describe(m, got);
    if (w.subject) EXPECT_EQ(a.subject, *w.subject ? Json(w.subject) : Json(nullptr)) << Describe(m, got);
    if (w.mentions) EXPECT_EQ(a.mentions.size(), w.mentions) << Describe(m, got);
    const text::Sentence* s = nullptr;
    for (const auto& sent : m.text.sentences) {
      if (sent.begin <= a.begin && a.begin < sent.end) s = &sent;
    }
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(a.sentence, m.text.text.substr(s->begin, s->end - s->begin));
  }
}

// English sentence shapes: who the parties are.
const Case kEnglishParties[] = {
    {"a_and_b_signed",
     "[[Toyota Motor|Toyota]] and [[Panasonic]] signed a joint venture agreement on <<March 3, 2024|2024-03-03>> "
     "to produce batteries.",
     {{{"Toyota", "Panasonic"}, "joint_venture", "signed", "2024-03-03", "produce batteries", 1}}},
    {"a_signed_with_b",
     "[[Sony Group]] signed a memorandum of understanding with [[Honda Motor]] on electric vehicles.",
     {{{"Sony Group", "Honda Motor"}, "memorandum", "signed", nullptr, "electric vehicles", 1}}},
    {"between_list",
     "A cooperation agreement was signed between [[JETRO]], [[VINASA]] and [[JISA]] in Hanoi.",
     {{{"JETRO", "VINASA", "JISA"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"among_with_filler",
     "The bank is formalizing a strategic partnership among three lenders: [[Mizuho]], [[MUFG]] and [[SMBC]].",
     {{{"Mizuho", "MUFG", "SMBC"}, "partnership", "signed", nullptr, nullptr, 1}}},
    {"passive_by",
     "The contract was signed by [[Hitachi]] and [[Siemens]] in Berlin.",
     {{{"Hitachi", "Siemens"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"passive_reached_with",
     "An agreement was reached with [[Kyoto University]] on joint research in robotics.",
     {{{"Kyoto University"}, "agreement", "reached", nullptr, "joint research in robotics", 1}}},
    {"with_before_trigger",
     "Talks with [[Rakuten]] resulted in an agreement on logistics.",
     {{{"Rakuten"}, "agreement", "reached", nullptr, "logistics", 1}}},
    {"with_filler_words",
     "Agreements on student exchanges were reached with the leadership of [[Osaka University]], [[IGDA]], and "
     "[[Kyoto Seika University]].",
     {{{"Osaka University", "IGDA", "Kyoto Seika University"}, "agreement", "reached", nullptr, "student exchanges",
       1}}},
    {"possessive_parties",
     "[[Sony]] and [[Honda]]'s joint venture will deliver its first car in <<2026|2026>>.",
     {{{"Sony", "Honda"}, "joint_venture", "signed", "2026", nullptr, 1}}},
    {"countries_as_parties",
     "Vietnam and Japan signed a free trade agreement in <<2008|2008>>.",
     {{{"Vietnam", "Japan"}, "agreement", "signed", "2008", nullptr, 1}}},
    {"country_subject_org_with",
     "Uzbekistan reached agreements with [[Japan's Ministry of Internal Affairs|MIC]] to attract ICT firms.",
     {{{"Uzbekistan", "MIC"}, "agreement", "reached", nullptr, "attract ICT firms", 1}}},
    {"with_after_a_possessive_country",
     "Uzbekistan reached agreements with Japan's [[Ministry of Internal Affairs and Communications|MIC]] ([[MIC]]) on "
     "ICT.",
     {{{"Uzbekistan", "MIC"}, "agreement", "reached", nullptr, "ICT", 1}}},
    {"the_presidents_of_two_countries_sign_for_them",
     "The presidents of Kazakhstan and Mongolia, who met in Astana, signed a treaty on friendship on Monday.",
     {{{"Kazakhstan", "Mongolia"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"a_declaration_between_countries",
     "Kazakhstan and Mongolia signed a joint declaration on deeper ties.",
     {{{"Kazakhstan", "Mongolia"}, "other", "signed", nullptr, nullptr, 1}}},
    {"possessive_countries_modify_the_parties",
     "Vietnam's [[FPT Corporation|FPT]] and Japan's [[NTT Data]] signed a memorandum of understanding on AI chips.",
     {{{"FPT", "NTT Data"}, "memorandum", "signed", nullptr, "AI chips", 1}}},
    {"country_before_a_weekday",
     "Japan Tuesday signed a trade pact with [[ASEAN]].",
     {{{"Japan", "ASEAN"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"country_starting_an_unfound_name_is_not_a_party",
     "An agreement was reached with the Japan Visualmedia Translation Academy on subtitles.",
     {}},
    {"country_in_place_phrase_is_not_a_party",
     "[[Toyota]] signed a supply contract with [[CATL]] for its plants in China.",
     {{{"Toyota", "CATL"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"possessive_country_is_not_a_party",
     "In a meeting with [[METI]], Uzbekistan's strategy was presented, and agreements were reached on Japan's "
     "participation in the fair.",
     {{{"METI"}, "agreement", "reached", nullptr, "Japan's participation in the fair", 1}}},
    {"list_as_well_as",
     "[[Toyota]], [[Denso]] as well as [[Aisin]] signed a memorandum on batteries.",
     {{{"Toyota", "Denso", "Aisin"}, "memorandum", "signed", nullptr, "batteries", 1}}},
    {"list_together_with_the",
     "[[Hitachi]] together with the [[Tokyo Institute of Technology]] signed an agreement on quantum research.",
     {{{"Hitachi", "Tokyo Institute of Technology"}, "agreement", "signed", nullptr, "quantum research", 1}}},
    {"list_comma_and_any_case",
     "[[Kao]], AND [[Lion]] signed a contract.",
     {{{"Kao", "Lion"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"according_to_the_is_not_a_party",
     "According to the [[Nikkei]], [[Nissan]] and [[Honda]] signed a memorandum.",
     {{{"Nissan", "Honda"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"according_to_is_not_a_party",
     "According to [[Reuters]], [[Nissan]] and [[Renault]] signed a new alliance agreement.",
     {{{"Nissan", "Renault"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"helper_is_not_a_party",
     "[[Marubeni]] signed an MOU with [[PetroVietnam]] with the support of [[JBIC]].",
     {{{"Marubeni", "PetroVietnam"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"acronym_in_parentheses_is_the_same_party",
     "[[Japan Visualmedia Translation Academy|JVTA]] ([[JVTA]]) and [[Netflix]] signed a contract.",
     {{{"JVTA", "Netflix"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"teamed_up_with",
     "[[Rakuten]] teamed up with [[Mitsubishi]] to offer payments.",
     {{{"Rakuten", "Mitsubishi"}, "partnership", "signed", nullptr, "offer payments", 1}}},
    {"two_firms_are_the_main_actors",
     "[[Kirin]] bought shares in [[Fancl]] last year. The two firms signed a capital alliance on Monday.",
     {{{"Kirin", "Fancl"}, "partnership", "signed", nullptr, nullptr, 1}}},
    {"the_company_is_the_main_actor",
     "[[Seven & i]] reported results. The company signed a contract with [[Couche-Tard]] on Monday.",
     {{{"Seven & i", "Couche-Tard"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"trigger_inside_an_organization_name",
     "[[Alliance for Global Market Expansion]] met [[JETRO]] in Tokyo.",
     {}},
    {"no_parties_no_agreement", "An agreement was signed yesterday.", {}},
    {"indefinite_plural_without_parties", "Several MOUs are expected to be signed at the forum.", {}},
    {"blocker_in_agreement", "[[Nomura]] analysts are in agreement with [[Daiwa]] on rates.", {}},
    {"partner_noun_is_no_trigger", "Japan is among [[Vietnam Airlines]]' key trade partners with rising trade.", {}},
};

TEST(FindAgreements, EnglishParties) {
  for (const Case& c : kEnglishParties) Check(c);
}

// English status from verb and tense; dates of the agreement only.
const Case kEnglishStatusDate[] = {
    {"the_same_day_across_a_paragraph",
     "[[Alpha]] signed an MOU with [[Beta]] on <<March 3, 2025|2025-03-03>>.\n\nThe same day, [[Alpha]] signed a "
     "contract with [[Gamma]].",
     {{{"Alpha", "Beta"}, "memorandum", "signed", "2025-03-03", nullptr, 1},
      {{"Alpha", "Gamma"}, "contract", "signed", "2025-03-03", nullptr, 1}}},
    {"expected_to_sign",
     "[[Toyota]] and [[Sumitomo]] are expected to sign the agreement next month.",
     {{{"Toyota", "Sumitomo"}, "agreement", "planned", nullptr, nullptr, 1}}},
    {"will_sign_with_date",
     "[[KDDI]] will sign a contract with [[Lawson]] in <<April 2025|2025-04>>.",
     {{{"KDDI", "Lawson"}, "contract", "planned", "2025-04", nullptr, 1}}},
    {"proposed",
     "[[VINASA]] proposed a partnership with [[JETRO]] on talent development.",
     {{{"VINASA", "JETRO"}, "partnership", "proposed", nullptr, "talent development", 1}}},
    {"agreed_to_form",
     "[[Nidec]] agreed to form a joint venture with [[Makino]].",
     {{{"Nidec", "Makino"}, "joint_venture", "reached", nullptr, nullptr, 1}}},
    {"established_passive",
     "A partnership was established with [[Digital Garage]] to run joint courses.",
     {{{"Digital Garage"}, "partnership", "signed", nullptr, "run joint courses", 1}}},
    {"deadline_is_not_the_date",
     "[[Mitsui]] and [[Petronas]] signed a deal to cut emissions <<by 2030|2030|by>>.",
     {{{"Mitsui", "Petronas"}, "agreement", "signed", nullptr, "cut emissions", 1}}},
    {"date_in_the_subject_is_not_the_date",
     "Discussions with [[Pole-to-Win]] resulted in agreements on [[IT Park]] residency and participation in the "
     "<<April|XXXX-04>> conference.",
     {{{"Pole-to-Win"}, "agreement", "reached", nullptr, "IT Park residency and participation", 1}}},
    {"date_after_the_subject_with_a_preposition",
     "Vietnam and Japan signed a cooperation agreement on digital talent in Hanoi on <<March 3|2025-03-03>>.",
     {{{"Vietnam", "Japan"}, "agreement", "signed", "2025-03-03", "digital talent", 1}}},
    {"date_of_another_clause_is_not_the_date",
     "TASHKENT, <<March 5|2025-03-05>> (Ledger) - [[METI]] and [[MDT]] signed a Memorandum of Cooperation on Wednesday, "
     "the two governments said, after talks that began in <<October 2024|2024-10>>.",
     {{{"METI", "MDT"}, "memorandum", "signed", "2025-03-05", nullptr, 1}}},
    {"date_before_the_subject_is_the_date",
     "[[METI]] and [[MDT]] signed a Memorandum of Cooperation at <<the end of October 2024|2024-10|end>> to promote "
     "digital talent.",
     {{{"METI", "MDT"}, "memorandum", "signed", "2024-10", "promote digital talent", 1}}},
    {"year_of_a_name_is_not_the_date",
     "An agreement was reached with [[Capcom]] on its participation in Tokyo Game Show <<2025|2025>>.",
     {{{"Capcom"}, "agreement", "reached", nullptr, nullptr, 1}}},
    {"date_from_the_sentence_before_on_the_same_line",
     "On <<May 2, 2025|2025-05-02>>, the firms met in Osaka. [[Kubota]] signed a contract with [[Yanmar]].",
     {{{"Kubota", "Yanmar"}, "contract", "signed", "2025-05-02", nullptr, 1}}},
    {"date_not_taken_across_lines",
     "The firms met on <<May 2, 2025|2025-05-02>>.\n[[Kubota]] signed a contract with [[Yanmar]].",
     {{{"Kubota", "Yanmar"}, "contract", "signed", nullptr, nullptr, 1}}},
};

TEST(FindAgreements, EnglishStatusAndDate) {
  for (const Case& c : kEnglishStatusDate) Check(c);
}

// An item of a list of documents signed: no verb, but the trigger's own
// phrase names both parties ("An agreement between A and B on …"). Not a
// hypothetical one, nor one that names a single party.
const Case kEnglishListItems[] = {
    {"indefinite_between_two_parties",
     "- A Memorandum of Understanding (MoU) between [[Ministry of Trade of Laos|MOT Laos]] and the Thai "
     "[[Ministry of Commerce|MOC Thailand]] on rice exports",
     {{{"MOT Laos", "MOC Thailand"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"between_after_the_subject",
     "- A MoU on cooperation in education between [[Alpha University]] and [[Beta Institute]]",
     {{{"Alpha University", "Beta Institute"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"hypothetical_is_no_agreement",
     "An agreement between [[Alpha]] and [[Beta]] would help both firms.",
     {}},
    {"a_country_visit_is_no_party",
     "After a Malaysia visit, the governor signed a memorandum with [[Gamma Motors]].",
     {{{"Gamma Motors"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"one_party_is_no_agreement",
     "An agreement between [[Alpha]] and its rivals on prices.",
     {}},
    {"items_take_the_day_of_the_ceremony",
     "The ministers watched the signing in Hanoi on <<July 3|XXXX-07-03>>. The documents are:\n"
     "- An agreement between [[Alpha Ministry]] and [[Beta Ministry]] on trade\n"
     "- A MoU between [[Gamma Agency]] and [[Delta Office]] on tourism",
     {{{"Alpha Ministry", "Beta Ministry"}, "agreement", "signed", "XXXX-07-03", nullptr, 1},
      {{"Gamma Agency", "Delta Office"}, "memorandum", "signed", "XXXX-07-03", nullptr, 1}}},
    {"a_prose_sentence_takes_no_earlier_day",
     "The ministers met in Hanoi on <<July 3|XXXX-07-03>>. They spoke of trade. Later talks went on. "
     "Both sides were upbeat. Then [[Alpha Ministry]] signed an agreement with [[Beta Ministry]].",
     {{{"Alpha Ministry", "Beta Ministry"}, "agreement", "signed", nullptr, nullptr, 1}}},
};

TEST(FindAgreements, EnglishListItems) {
  for (const Case& c : kEnglishListItems) Check(c);
}

// Japanese sentence shapes.
const Case kJapanese[] = {
    {"onaji_hi_across_a_paragraph",
     "[[株式会社サンプル]]は<<2025年7月8日|2025-07-08>>、[[九州大学]]と共同研究契約を締結した。\n"
     "同日、[[株式会社サンプル]]は[[株式会社テスト]]とも覚書を交わした。",
     {{{"株式会社サンプル", "九州大学"}, "contract", "signed", "2025-07-08", nullptr, 1},
      {{"株式会社サンプル", "株式会社テスト"}, "memorandum", "signed", "2025-07-08", nullptr, 1}}},
    {"a_to_b_wa",
     "[[トヨタ自動車]]と[[パナソニック]]は、電池の共同開発に関する業務提携契約を締結しました。",
     {{{"トヨタ自動車", "パナソニック"}, "partnership", "signed", nullptr, "電池の共同開発", 1}}},
    {"a_wa_b_to_reached",
     "[[ソニーグループ]]は[[本田技研工業]]と合弁会社を設立することで合意した。",
     {{{"ソニーグループ", "本田技研工業"}, "joint_venture", "reached", nullptr, nullptr, 1}}},
    {"company_with_head_office_parenthetical",
     "[[株式会社サンプル]](本社:東京都港区、代表取締役:山田太郎)は、[[株式会社テスト]]と資本業務提携を締結いたしました。",
     {{{"株式会社サンプル", "株式会社テスト"}, "partnership", "signed", nullptr, nullptr, 1}}},
    {"subject_list_with_oyobi",
     "[[A社]]は[[B社]]と、ITアウトソーシング開発、人材育成、および技術協力に関する覚書を締結しました。",
     {{{"A社", "B社"}, "memorandum", "signed", nullptr, "ITアウトソーシング開発、人材育成、および技術協力", 1}}},
    {"subject_with_hiragana_inside_a_word",
     "[[A社]]は[[B社]]と、北ふ頭地区の再開発に関する覚書を締結した。",
     {{{"A社", "B社"}, "memorandum", "signed", nullptr, "北ふ頭地区の再開発", 1}}},
    {"subject_stops_at_a_particle",
     "[[A社]]は[[B社]]と新たに、地域の取り組みに関する覚書を締結した。",
     {{{"A社", "B社"}, "memorandum", "signed", nullptr, "地域の取り組み", 1}}},
    {"no_aida_de_passive",
     "[[日本郵船]]と[[商船三井]]の間で協定が締結された。",
     {{{"日本郵船", "商船三井"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"pair_before_no_are_both_parties",
     "会談後、[[北央機構]]と[[南山省人民政府]]の業務協力に関する覚書に調印した。",
     {{{"北央機構", "南山省人民政府"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"pair_before_a_country_no_is_not_a_party",
     "[[北央化学]]と台湾の[[南山精密]]は合弁会社の設立で合意した。",
     {{{"北央化学", "南山精密"}, "joint_venture", "reached", nullptr, nullptr, 1}}},
    {"list_with_group_word",
     "[[三菱商事]]、[[三井物産]]、[[住友商事]]の3社は、覚書を締結した。",
     {{{"三菱商事", "三井物産", "住友商事"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"planned",
     "[[ABC株式会社]]は、[[XYZ大学]]と包括連携協定を締結する予定です。",
     {{{"ABC株式会社", "XYZ大学"}, "agreement", "planned", nullptr, nullptr, 1}}},
    {"proposed",
     "[[日本製鉄]]は[[USスチール]]との資本提携を提案した。",
     {{{"日本製鉄", "USスチール"}, "partnership", "proposed", nullptr, nullptr, 1}}},
    {"countries",
     "日本とベトナムは経済連携協定に署名した。",
     {{{"Japan", "Vietnam"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"date_in_sentence",
     "[[楽天]]は<<2025年3月1日|2025-03-01>>、[[西友]]と業務提携を締結した。",
     {{{"楽天", "西友"}, "partnership", "signed", "2025-03-01", nullptr, 1}}},
    {"ryousha_are_the_main_actors",
     "[[キリンホールディングス]]は[[ファンケル]]株式の取得を発表した。両社は資本提携で基本合意した。",
     {{{"キリンホールディングス", "ファンケル"}, "partnership", "reached", nullptr, nullptr, 1}}},
    {"tousha_is_the_main_actor",
     "[[サンプル電機]]は新製品を発表した。当社は[[テスト工業]]と販売契約を締結しました。",
     {{{"サンプル電機", "テスト工業"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"modifier_organization_is_not_a_party",
     "[[A社]]は、[[デジタル省]]傘下の[[IT振興機構]]と覚書を締結した。",
     {{{"A社", "IT振興機構"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"country_starting_a_compound_is_not_a_party",
     "日本郵船とベトナム航空は覚書を締結した。",
     {}},
    {"partner_university_is_no_trigger", "[[ABC]]の学生は提携大学の授業を受講します。", {}},
    {"partner_search_is_no_trigger", "[[ABC]]は提携先を探している。", {}},
};

TEST(FindAgreements, Japanese) {
  for (const Case& c : kJapanese) Check(c);
}

// One record per distinct agreement per article.
const Case kJoining[] = {
    {"five_mentions_one_memorandum",
     "[[Toshiba]] and [[Tata]] signed a memorandum of understanding (MOU) on semiconductors. The memorandum covers "
     "chip design. This bilateral agreement is the first of its kind. Under the MOU, [[Tata]] will train engineers. "
     "The partnership was welcomed.",
     {{{"Toshiba", "Tata"}, "memorandum", "signed", nullptr, "semiconductors", 5}}},
    {"anaphora_joins_the_agreement_of_its_kind",
     "[[Aeon]] and [[Lawson]] signed an MOU on logistics. [[Aeon]] also signed a supply contract with [[Kao]]. "
     "The MOU runs three years.",
     {{{"Aeon", "Lawson"}, "memorandum", "signed", nullptr, "logistics", 2},
      {{"Aeon", "Kao"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"same_parties_join",
     "[[Hitachi]] signed a contract with [[ABB]]. The contract between [[Hitachi]] and [[ABB]] runs to 2030.",
     {{{"Hitachi", "ABB"}, "contract", "signed", nullptr, nullptr, 2}}},
    {"different_parties_stay_apart",
     "[[Hitachi]] signed a contract with [[ABB]]. Separately, [[Hitachi]] formed a joint venture with "
     "[[Tokyo Electric]].",
     {{{"Hitachi", "ABB"}, "contract", "signed", nullptr, nullptr, 1},
      {{"Hitachi", "Tokyo Electric"}, "joint_venture", "signed", nullptr, nullptr, 1}}},
    {"later_date_from_another_mention",
     "[[Daiwa]] and [[Sekisui]] signed an MOU. The MOU was one of the highlights at the forum held in "
     "<<December 2025|2025-12>>.",
     {{{"Daiwa", "Sekisui"}, "memorandum", "signed", "2025-12", nullptr, 2}}},
    {"indefinite_mentions_are_other_agreements",
     "[[Daiwa]] and [[Sekisui]] signed an MOU. Several MOUs were expected at the forum.",
     {{{"Daiwa", "Sekisui"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"japanese_anaphora",
     "[[デジタル商事]]は[[東京大学]]と共同研究契約を締結しました。本契約に基づき、両者は研究を進めます。"
     "今回の提携により、人材育成も進めます。",
     {{{"デジタル商事", "東京大学"}, "contract", "signed", nullptr, nullptr, 3}}},
    {"japanese_date_from_a_later_mention",
     "[[デジタル商事]]は[[東京大学]]と覚書を締結しました。本件は、<<2025年12月|2025-12>>に開催されたフォーラムにおけるMOU締結案件です。",
     {{{"デジタル商事", "東京大学"}, "memorandum", "signed", "2025-12", nullptr, 2}}},
};

// Shapes of wire stories and press releases (not in the seeds).
const Case kWireAndRelease[] = {
    {"signed_by_after_apposition",
     "The memorandum, signed by [[JETRO]] and [[Uzbekistan's Ministry of Investment|MIIT]] on <<March 3|XXXX-03-03>>, "
     "covers textiles.",
     {{{"JETRO", "MIIT"}, "memorandum", "signed", "XXXX-03-03", nullptr, 1}}},
    {"announced_joint_venture",
     "[[SoftBank Corp.|SoftBank]] and [[OpenAI]] announced a joint venture on <<Monday|XXXX-02-03>>.",
     {{{"SoftBank", "OpenAI"}, "joint_venture", "signed", "XXXX-02-03", nullptr, 1}}},
    {"plan_to_sign_definitive",
     "[[Nidec]] made an offer for [[Makino]]. The two companies plan to sign a definitive agreement "
     "<<by the end of June|XXXX-06|by>>.",
     {{{"Nidec", "Makino"}, "agreement", "planned", nullptr, nullptr, 1}}},
    {"quote_we_partner",
     "\u201cWe are delighted to partner with [[Sony]],\u201d said Jane Doe, chief executive of [[Acme]].",
     {{{"Acme", "Sony"}, "partnership", "planned", nullptr, nullptr, 1}}},
    {"anaphora_under_the_agreement",
     "[[Toyota]] signed a supply agreement with [[Suzuki]] in <<2024|2024>>. Under the agreement, [[Toyota]] will "
     "supply hybrid systems.",
     {{{"Toyota", "Suzuki"}, "agreement", "signed", "2024", nullptr, 2}}},
    {"ja_release_planned",
     "[[トヨタ自動車]]と[[NTT]]は<<20日|XXXX-XX-20>>、自動運転分野で資本業務提携すると発表した。",
     {{{"トヨタ自動車", "NTT"}, "partnership", "planned", "XXXX-XX-20", nullptr, 1}}},
    {"ja_field_subject_and_consensus_verb",
     "[[トヨタ自動車]]と[[NTT]]は、モビリティ分野における資本業務提携に合意しました。",
     {{{"トヨタ自動車", "NTT"}, "partnership", "reached", nullptr, "モビリティ", 1}}},
    {"ja_to_no_aida",
     "[[A社]]は、[[B社]]との間で業務委託契約を締結しました。",
     {{{"A社", "B社"}, "contract", "signed", nullptr, nullptr, 1}}},
    {"ja_mou_acronym",
     "[[大和ハウス工業]]と[[ゼロボード]]はMOUを締結した。",
     {{{"大和ハウス工業", "ゼロボード"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"ja_representatives_sign_for_their_parties",
     "[[経済産業省]]の山田一郎大臣は[[サンプル国]]のジョン・ドウ投資大臣と協力覚書に署名しました。",
     {{{"経済産業省", "サンプル国"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"ja_list_with_sore_ni_and_a_descriptor",
     "[[北斗会]]と[[ミナトコープ]]の大見理事長、それに精密機器メーカー「[[カワセ精工]]」の社長は協定を結びました。",
     {{{"北斗会", "ミナトコープ", "カワセ精工"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"ja_country_by_its_full_name",
     "[[経済産業省]]の山田大臣はモロッコ王国のアリ投資大臣と協力覚書(MOU)に署名しました。",
     {{{"経済産業省", "Morocco"}, "memorandum", "signed", nullptr, nullptr, 1}}},
    {"ja_stock_code_after_a_bracket",
     "[[東西通信]]<1111.T>と[[南北電話]](ナンボク)<2222.T>は提携すると発表した。",
     {{{"東西通信", "南北電話"}, "partnership", "planned", nullptr, nullptr, 1}}},
    {"ja_stock_codes_after_the_parties",
     "[[東西通信]]<1111.T>と[[南北電話]]<2222.T>は<<3日|XXXX-XX-03>>、基地局整備で提携すると発表した。",
     {{{"東西通信", "南北電話"}, "partnership", "planned", "XXXX-XX-03", nullptr, 1}}},
    {"ja_party_in_brackets_after_an_unfound_name",
     "石川島工業([[ISK]])と[[横浜大学]]は包括協定書を締結した。",
     {{{"ISK", "横浜大学"}, "agreement", "signed", nullptr, nullptr, 1}}},
    {"ja_same_party_on_another_day_is_another_agreement",
     "<<2025年7月30日|2025-07-30>>、[[小竹町]]と当社は包括連携協定を締結しました。これに先立ち、"
     "<<2024年6月21日|2024-06-21>>には見守り活動に関する協定を[[小竹町]]と締結しています。",
     {{{"小竹町"}, "agreement", "signed", "2025-07-30", nullptr, 1}, {{"小竹町"}, "agreement", "signed", "2024-06-21", nullptr, 1}}},
};

TEST(FindAgreements, WireAndReleaseShapes) {
  for (const Case& c : kWireAndRelease) Check(c);
}

TEST(FindAgreements, OneRecordPerAgreement) {
  for (const Case& c : kJoining) Check(c);
}

TEST(FindAgreements, MentionsAndTriggerTextPointIntoTheText) {
  Marked m = Mark("[[Toshiba]] and [[Tata]] signed a memorandum of understanding (MOU) on chips. The MOU is new.");
  std::vector<Agreement> got = Find(m);
  ASSERT_EQ(got.size(), 1u) << Describe(m, got);
  EXPECT_EQ(m.text.text.substr(got[0].begin, got[0].end - got[0].begin), "memorandum of understanding (MOU)");
  ASSERT_EQ(got[0].mentions.size(), 2u);
  EXPECT_EQ(m.text.text.substr(got[0].mentions[1].begin, got[0].mentions[1].end - got[0].mentions[1].begin), "MOU");
}

TEST(FindAgreements, NothingToReadGivesNothing) {
  EXPECT_TRUE(resolve::FindAgreements(text::Normalize(""), {}, {}).empty());
  Marked m = Mark("[[Toyota]] and [[Panasonic]] make batteries.");
  EXPECT_TRUE(Find(m).empty());
  Marked no_orgs = Mark("An MOU was signed between the firms.");
  EXPECT_TRUE(Find(no_orgs).empty());
}

// Parties are the canonical names of the organizations (RECORD.md: "as in
// entities[].name"), whatever name the sentence writes: "GE" is
// General Electric, whose entities list "GE" among their aliases (where a
// reader of the record finds the other names). The shaped last part of a
// list ("Gannett and GateHouse Media") is a party of its own; a name
// written after "the CEO of" is the canonical name of its later mentions.
TEST(Analyze, PartiesAreCanonicalNames) {
  struct Case {
    const char* name;
    const char* text;
    std::vector<std::string> parties;
  };
  const Case cases[] = {
      {"alias_written", "The partnership expands the relationship between GE and Ascom, a global solutions provider.",
       {"General Electric", "Ascom"}},
      {"list_split", "The newspaper company Gannett said so. Gannett and GateHouse Media signed a merger agreement.",
       {"Gannett", "GateHouse Media"}},
      {"named_after_a_title",
       "Jo Lee is the CEO of Tokai Robotics Inc. Tokai Robotics and Kanto Data Holdings signed a memorandum.",
       {"Tokai Robotics Inc.", "Kanto Data Holdings"}},
      {"ja_the_said_company_is_the_last_topic",  // 同社: the company named last, not the article's first
       "株式会社アルファは新製品を発表した。株式会社アルファは東京に本社を置く。"
       "株式会社ベータ（本社：大阪市）は新工場を建設する。同社は株式会社ガンマと業務提携の覚書を締結した。",
       {"株式会社ベータ", "株式会社ガンマ"}},
      {"ja_country_kanji_is_no_part_of_a_name",
       "ソニーグループは、英アーム・ホールディングスと業務提携した。", {"ソニーグループ", "アーム・ホールディングス"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    text::NormText t = text::Normalize(c.text);
    Analysis a = Builtin().Analyze(t, {});
    ASSERT_EQ(a.agreements.size(), 1u);
    EXPECT_EQ(a.agreements[0].parties, c.parties);
    for (const std::string& party : a.agreements[0].parties) {
      EXPECT_TRUE(std::any_of(a.entities.begin(), a.entities.end(),
                              [&](const Entity& e) { return resolve::CanonicalName(e) == party; }))
          << party;
    }
  }
}

// Cue and country rules run only where an agreement trigger is: they are
// in the one RE2::Set, but their second pass is skipped elsewhere.
TEST(Analyze, CuesAndCountriesOnlyInTriggerSentences) {
  auto count = [](const Analysis& a, const char* type) {
    return std::count_if(a.cues.begin(), a.cues.end(), [&](const Entity& e) { return e.type == type; });
  };
  text::NormText none = text::Normalize("Japan signed it on Monday.");
  Analysis a = Builtin().Analyze(none, {});
  EXPECT_EQ(count(a, "country"), 0);
  EXPECT_EQ(count(a, "agreement_cue"), 0);
  text::NormText with = text::Normalize("Japan signed it on Monday. Japan signed an MOU.");
  Analysis b = Builtin().Analyze(with, {});
  ASSERT_EQ(count(b, "country"), 1);
  EXPECT_EQ(count(b, "agreement_cue"), 1);
  EXPECT_EQ(count(b, "agreement"), 1);
  auto c = std::find_if(b.cues.begin(), b.cues.end(), [](const Entity& e) { return e.type == "country"; });
  EXPECT_EQ(c->sentence, 1u);
  EXPECT_EQ(c->fields["name"], "Japan");
}

struct RecipeCase {
  const char* name;
  const char* recipe;  // a value line
  bool ok;
};

constexpr RecipeCase kRecipes[] = {
    {"kind", "agreement(kind=\"memorandum\")", true},
    {"kind_and_status", "agreement(kind=\"agreement\", status=\"reached\")", true},
    {"blocker", "agreement(kind=\"none\")", true},
    {"unknown_kind", "agreement(kind=\"treaty\")", false},
    {"unknown_status", "agreement(kind=\"contract\", status=\"done\")", false},
    {"status", "agreement_status(status=\"proposed\")", true},
    {"status_missing", "agreement_status()", false},
    {"parties", "agreement_parties(count=2, of=\"country\")", true},
    {"parties_zero", "agreement_parties(count=0)", false},
    {"parties_of_what", "agreement_parties(count=2, of=\"people\")", false},
    {"country", "country(name=\"Japan\")", true},
};

TEST(AgreementRecipes, CheckTheirArguments) {
  for (const RecipeCase& c : kRecipes) {
    SCOPED_TRACE(c.name);
    Result<rules::Recipe> r = rules::ParseRecipe(c.recipe);
    ASSERT_TRUE(r.ok()) << r.error().Message();
    const resolve::RecipeInfo* info = resolve::FindRecipe(r.value().fn);
    ASSERT_NE(info, nullptr);
    rules::Rule rule;
    rule.recipe = r.value();
    std::optional<Json> out = resolve::RunRecipe(rule, *info, {}, "MOU", "an MOU", "en", {});
    EXPECT_EQ(out.has_value(), c.ok) << (out ? out->dump() : "");
  }
}

// `kiji rules check` verifies agreement trigger examples by kind, cue
// examples by status, and negatives ignore blockers.
TEST(CheckExamples, AgreementRulesAreChecked) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::TempDir()) / "kiji_agreement_rules";
  fs::remove_all(dir);
  fs::create_directories(dir / "en");
  std::ofstream(dir / "en" / "agreements.rules") << R"(rule agreement.mou
  match   \b(?P<span>MOU)\b
  value   agreement(kind="memorandum")
  example "signed an [MOU] today" => "memorandum"
  example "signed an [MOU] today" => "contract"
rule agreement.blocker
  match   \b(?P<span>in agreement)\b
  value   agreement(kind="none")
  example "we are [in agreement]" => "none"
rule agreement.any
  match   \b(?P<span>agreement)\b
  value   agreement(kind="agreement")
  example "an [agreement]" => "agreement"
negative "we are in agreement"
negative "no MOU here"
)";
  std::ofstream(dir / "en" / "agreement_cues.rules") << R"(rule cue.signed
  match   \b(?P<span>signed)\b
  value   agreement_status(status="signed")
  example "they [signed] an MOU" => "reached"
)";
  PipelineOptions o;
  o.builtin_patterns = false;
  o.pattern_dirs.push_back(dir.string());
  Result<Pipeline> p = Pipeline::Create(o);
  ASSERT_TRUE(p.ok()) << p.error().Message();
  size_t checked = 0;
  std::vector<ExampleFailure> failures = CheckExamples(p.value(), &checked);
  EXPECT_EQ(checked, 7u);
  std::vector<std::string> got;
  for (const ExampleFailure& f : failures) got.push_back(f.where + ": " + f.what);
  std::vector<std::string> want = {
      dir.string() + "/en/agreement_cues.rules:4: rule cue.signed: example \"they signed an MOU\": status is "
                     "\"signed\", expected \"reached\"",
      dir.string() + "/en/agreements.rules:5: rule agreement.mou: example \"signed an MOU today\": kind is "
                     "\"memorandum\", expected \"contract\"",
      dir.string() + "/en/agreements.rules:15: negative \"no MOU here\": found agreement [MOU] by "
                     "en/agreements.rules:agreement.mou",
  };
  EXPECT_EQ(got, want);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiji
