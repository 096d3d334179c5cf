#include <gtest/gtest.h>

#include "pipeline/pipeline.h"
#include "rules/engine.h"
#include "rules/rule_set.h"

namespace kiji::rules {
namespace {

RuleSet Parse(const std::string& name, const std::string& text, Status* status) {
  RuleSet set;
  *status = ParseRuleSources({RuleSource{name, text}}, "patterns", &set);
  return set;
}

constexpr const char* kGood = R"(# a comment
reference 2024-01-15
define MONTH = (?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?)\.?
rule date.month_day_year
  match   (?P<month>{MONTH}) (?P<day>\d{1,2}),? (?P<year>\d{4})   # trailing comment
  value   date(year, month, day)
  priority 2
  example "[March 3, 2024]" => "2024-03-03"
  example "talks ended [Feb. 9 2023] after" => "2023-02-09"
negative "May I ask a question?"
)";

TEST(ParseRuleSources, ReadsRulesMacrosExamples) {
  Status st = Ok{};
  RuleSet set = Parse("en/dates.rules", kGood, &st);
  ASSERT_TRUE(st.ok()) << st.error().Message();
  ASSERT_EQ(set.rules.size(), 1u);
  const Rule& r = set.rules[0];
  EXPECT_EQ(r.id, "date.month_day_year");
  EXPECT_EQ(r.full_id, "en/dates.rules:date.month_day_year");
  EXPECT_EQ(r.lang, "en");
  EXPECT_EQ(r.kind, "dates");
  EXPECT_EQ(r.line, 4);
  EXPECT_EQ(r.priority, 2);
  EXPECT_EQ(r.pattern.substr(0, 19), "(?P<month>(?:(?i:ja");
  EXPECT_EQ(r.pattern.find("comment"), std::string::npos);
  EXPECT_EQ(r.recipe.fn, "date");
  ASSERT_EQ(r.recipe.args.size(), 3u);
  EXPECT_EQ(r.recipe.args[1].key, "month");
  ASSERT_EQ(r.examples.size(), 2u);
  EXPECT_EQ(r.examples[1].text, "talks ended Feb. 9 2023 after");
  EXPECT_EQ(r.examples[1].text.substr(r.examples[1].span_begin, r.examples[1].span_end - r.examples[1].span_begin),
            "Feb. 9 2023");
  EXPECT_EQ(r.examples[1].expected, "\"2023-02-09\"");
  ASSERT_EQ(set.negatives.size(), 1u);
  EXPECT_EQ(set.negatives[0].line, 10);
  EXPECT_EQ(set.references["patterns/en/dates.rules"], "2024-01-15");
}

struct BadFileCase {
  const char* name;
  const char* text;
  const char* message;  // expected Error::Message()
};

constexpr BadFileCase kBadFiles[] = {
    {"unknown_keyword", "rule a.b\n  matchh x\n", "patterns/en/dates.rules:2: unknown keyword 'matchh'"},
    {"no_example", "rule a.b\n  match x\n  value date(year)\n", "patterns/en/dates.rules:1: rule a.b: no example (every rule needs one)"},
    {"unknown_macro", "rule a.b\n  match {NOPE}\n", "patterns/en/dates.rules:2: rule a.b: unknown macro {NOPE}"},
    {"bad_id", "rule Bad-Id\n", "patterns/en/dates.rules:1: rule ids are kind.snake_case: 'Bad-Id'"},
    {"match_outside", "match x\n", "patterns/en/dates.rules:1: match outside a rule"},
    {"bad_recipe", "rule a.b\n  value date(\n", "patterns/en/dates.rules:2: rule a.b: value recipe must look like fn(arg, key=arg): 'date('"},
    {"unquoted_example", "rule a.b\n  example March => 1\n", "patterns/en/dates.rules:2: example needs a \"quoted\" text"},
    {"duplicate", "rule a.b\n match x\n value date(year)\n example \"x\" => 1\nrule a.b\n", "patterns/en/dates.rules:5: rule a.b is defined twice (first at line 1)"},
};

TEST(ParseRuleSources, ErrorsNameFileLineAndRule) {
  for (const BadFileCase& c : kBadFiles) {
    SCOPED_TRACE(c.name);
    Status st = Ok{};
    Parse("en/dates.rules", c.text, &st);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().Message(), c.message);
  }
}

TEST(EngineBuild, BadRegexNamesFileLineRuleAndRe2Message) {
  Status st = Ok{};
  RuleSet set = Parse("en/dates.rules", "rule date.broken\n  match (?P<x>\\q)\n  value date(year)\n  example \"x\" => 1\n", &st);
  ASSERT_TRUE(st.ok());
  Result<Engine> e = Engine::Build(std::move(set));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kBadRegex);
  EXPECT_EQ(e.error().Message(), "patterns/en/dates.rules:1: rule date.broken: invalid escape sequence: \\q");
}

TEST(Engine, SpanGroupAndAllMatches) {
  Status st = Ok{};
  RuleSet set = Parse("en/figures.rules",
                      "rule count.things\n  match (?:^|[^\\d])(?P<span>(?P<n>\\d+) things)\n  value figure(kind=\"count\", number=n)\n"
                      "  example \"[3 things]\" => 3\n",
                      &st);
  ASSERT_TRUE(st.ok());
  Result<Engine> e = Engine::Build(std::move(set));
  ASSERT_TRUE(e.ok()) << e.error().Message();
  text::NormText t = text::Normalize("a 3 things, 45 things and 7things.");
  std::vector<Match> m = e->Run(t);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(t.text.substr(m[0].begin, m[0].end - m[0].begin), "3 things");
  EXPECT_EQ(t.text.substr(m[1].begin, m[1].end - m[1].begin), "45 things");
  ASSERT_EQ(m[1].groups.size(), 1u);
  EXPECT_EQ(m[1].groups[0].first, "n");
  EXPECT_EQ(m[1].groups[0].second, "45");
}

// Regression: a rule that reads one character before its span lost a span
// whose context was the last character of the span before it ("1ケース24個":
// ス before 24); spans of one rule still never overlap.
TEST(Engine, LastCharacterOfASpanIsContextOfTheNext) {
  struct Case { const char* name; const char* pattern; const char* text; std::vector<std::string> spans; };
  const Case kCases[] = {
      {"counter_then_count", R"((?:^|[^\d])(?P<span>\d+(?:ケース|個)))", "1ケース24個入り", {"1ケース", "24個"}},
      {"digit_is_no_context", R"((?:^|[^\d])(?P<span>x\d+))", "x12x3です", {"x12"}},
      {"overlap_is_skipped", R"((?:^|[^\d])(?P<span>\d+ab|bc))", "1abcです", {"1ab"}},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    Status st = Ok{};
    RuleSet set = Parse("ja/figures.rules",
                        std::string("rule figure.things\n  match ") + c.pattern +
                            "\n  value figure(kind=\"count\", number=span)\n  example \"1個\" => 1\n",
                        &st);
    ASSERT_TRUE(st.ok()) << st.error().Message();
    Result<Engine> e = Engine::Build(std::move(set));
    ASSERT_TRUE(e.ok()) << e.error().Message();
    text::NormText t = text::Normalize(c.text);
    std::vector<std::string> got;
    for (const Match& m : e->Run(t)) got.push_back(t.text.substr(m.begin, m.end - m.begin));
    EXPECT_EQ(got, c.spans);
  }
}

// The Set gets each pattern without its capturing groups; escaped
// parentheses, classes holding "(" or "]" and (?P<...>) names must survive
// that, or a rule stops being reported (or fails to compile).
TEST(Engine, SetPatternsWithoutCapturesMatchTheSame) {
  struct Row {
    const char* pattern;
    const char* text;
    const char* span;
  };
  constexpr Row kRows[] = {
      {R"(\((?P<span>MOU)\))", "an (MOU) here", "MOU"},
      {R"([(](?P<span>\w+)[)])", "see (JETRO) now", "JETRO"},
      {R"([]x(](?P<span>ab))", "]ab", "ab"},
      {R"([^](](?P<span>cd)(e)?)", "xcde", "cd"},
      {R"((?i:(?P<span>deal)s?)\b)", "two Deals", "Deal"},
      {R"((?P<span>\p{Han}+)(?:を))", "協定を締結", "協定"},
  };
  for (const Row& r : kRows) {
    SCOPED_TRACE(r.pattern);
    Status st = Ok{};
    RuleSet set = Parse("common/agreements.rules",  // in both Sets
                        std::string("rule agreement.x\n  match ") + r.pattern +
                            "\n  value agreement(kind=\"other\")\n  example \"x\" => 1\n",
                        &st);
    ASSERT_TRUE(st.ok()) << st.error().Message();
    Result<Engine> e = Engine::Build(std::move(set));
    ASSERT_TRUE(e.ok()) << e.error().Message();
    text::NormText t = text::Normalize(r.text);
    std::vector<Match> m = e->Run(t);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(t.text.substr(m[0].begin, m[0].end - m[0].begin), r.span);
  }
}

// Kinds gated on another kind are matched only where that kind matched.
TEST(Engine, GatedKindsOnlyWhereTheirGateMatched) {
  Status st = Ok{};
  RuleSet set;
  st = ParseRuleSources({RuleSource{"en/agreements.rules", "rule agreement.mou\n  match \\bMOU\\b\n  value agreement(kind=\"memorandum\")\n  example \"MOU\" => 1\n"},
                         RuleSource{"en/countries.rules", "rule country.japan\n  match \\bJapan\\b\n  value country()\n  example \"Japan\" => 1\n"}},
                        "patterns", &set);
  ASSERT_TRUE(st.ok()) << st.error().Message();
  EngineOptions o;
  o.gated_kinds = {{"countries", "agreements"}};
  Result<Engine> e = Engine::Build(std::move(set), o);
  ASSERT_TRUE(e.ok()) << e.error().Message();
  text::NormText t = text::Normalize("Japan grew. Japan signed an MOU.");
  std::vector<Match> m = e->Run(t);
  ASSERT_EQ(m.size(), 2u);  // the MOU and the second Japan
  for (const Match& x : m) EXPECT_EQ(x.sentence, 1u) << e->rules().rules[static_cast<size_t>(x.rule)].kind;
}

// Literal rules (gazetteer names) take part in gating like regex rules:
// a gated literal rule is kept only where its gate matched, and a literal
// rule of a gate kind opens its gated kinds.
TEST(Engine, LiteralRulesAreGatedAndGate) {
  struct Row {
    const char* name;
    const char* literal_kind;  // the literal rule's kind ("Japan" or "MOU")
    const char* literal;
    const char* regex_rules;   // the other rule, a regex
    const char* regex_file;
  };
  const Row rows[] = {
      {"gated literal", "countries", "Japan",
       "rule agreement.mou\n  match \\bMOU\\b\n  value agreement(kind=\"memorandum\")\n  example \"MOU\" => 1\n",
       "en/agreements.rules"},
      {"literal gate", "agreements", "MOU",
       "rule country.japan\n  match \\bJapan\\b\n  value country()\n  example \"Japan\" => 1\n",
       "en/countries.rules"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    RuleSet set;
    Status st = ParseRuleSources({RuleSource{r.regex_file, r.regex_rules}}, "patterns", &set);
    ASSERT_TRUE(st.ok()) << st.error().Message();
    Rule lit;
    lit.id = "lit";
    lit.lang = "en";
    lit.kind = r.literal_kind;
    lit.file = "gazetteer";
    lit.full_id = "en/gazetteer:lit";
    lit.literals = {r.literal};
    set.rules.push_back(lit);
    EngineOptions o;
    o.gated_kinds = {{"countries", "agreements"}};
    Result<Engine> e = Engine::Build(std::move(set), o);
    ASSERT_TRUE(e.ok()) << e.error().Message();
    text::NormText t = text::Normalize("Japan grew. Japan signed an MOU.");
    std::vector<Match> m = e->Run(t);
    ASSERT_EQ(m.size(), 2u);  // the MOU and the second Japan
    for (const Match& x : m) EXPECT_EQ(x.sentence, 1u) << e->rules().rules[static_cast<size_t>(x.rule)].kind;
  }
}

// Regression (figures, issue 2): "\p{Han}" and "\x{2212}" were read as
// macro references {Han}, {2212} and the file failed to load.
TEST(ParseRuleSources, EscapeBracesAreNoMacros) {
  Status st = Ok{};
  RuleSet set = Parse("ja/figures.rules",
                      "define K = \\p{Han}\n"
                      "rule figure.han\n  match (?P<span>\\d+){K}[^\\p{Han}\\x{2212}]\n  value figure(kind=\"count\", number=span)\n"
                      "  example \"3人\" => 3\n",
                      &st);
  ASSERT_TRUE(st.ok()) << st.error().Message();
  ASSERT_EQ(set.rules.size(), 1u);
  EXPECT_EQ(set.rules[0].pattern, "(?P<span>\\d+)(?:\\p{Han})[^\\p{Han}\\x{2212}]");
}

TEST(Engine, SentencesAreScannedByTheSetsOfTheirScripts) {
  RuleSet set;
  Status st = ParseRuleSources(
      {RuleSource{"en/figures.rules", "rule count.en_widget\n  match Widget\n  value figure(kind=\"count\", number=n)\n  example \"x\" => 1\n"},
       RuleSource{"ja/figures.rules", "rule count.ja_widget\n  match Widget\n  value figure(kind=\"count\", number=n)\n  example \"x\" => 1\n"}},
      "patterns", &set);
  ASSERT_TRUE(st.ok()) << st.error().Message();
  Result<Engine> e = Engine::Build(std::move(set));
  ASSERT_TRUE(e.ok()) << e.error().Message();
  auto rules_hit = [&](const char* input) {
    text::NormText t = text::Normalize(input);
    std::vector<std::string> ids;
    for (const Match& m : e->Run(t)) ids.push_back(e->rules().rules[static_cast<size_t>(m.rule)].id);
    return ids;
  };
  // English sentence: only the Latin Set (en + common rules).
  EXPECT_EQ(rules_hit("The Widget works."), std::vector<std::string>{"count.en_widget"});
  // Japanese sentence holding a Latin name: both Sets.
  EXPECT_EQ(rules_hit("新しいWidget製品を発表した。"), (std::vector<std::string>{"count.en_widget", "count.ja_widget"}));
}

TEST(ParseRecipe, ArgumentKinds) {
  Result<Recipe> r = ParseRecipe(R"(figure(kind="money", number=n, ref.year, scale, q="a,b"))");
  ASSERT_TRUE(r.ok()) << r.error().what;
  ASSERT_EQ(r->args.size(), 5u);
  EXPECT_EQ(r->args[0].kind, RecipeArg::Kind::kLiteral);
  EXPECT_EQ(r->args[0].text, "money");
  EXPECT_EQ(r->args[1].key, "number");
  EXPECT_EQ(r->args[1].text, "n");
  EXPECT_EQ(r->args[2].kind, RecipeArg::Kind::kRef);
  EXPECT_EQ(r->args[2].key, "year");  // a bare ref.year binds key "year"
  EXPECT_EQ(r->args[4].text, "a,b");
  EXPECT_FALSE(ParseRecipe("date(ref.week)").ok());
  EXPECT_FALSE(ParseRecipe("date(\"x\")").ok());
}

TEST(Pipeline, UserPatternDirErrorsAreReported) {
  PipelineOptions o;
  o.pattern_dirs.push_back("/nonexistent/kiji-rules");
  Result<Pipeline> p = Pipeline::Create(o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().Message(), "/nonexistent/kiji-rules: not a directory of rule files");
}

TEST(Pipeline, BuiltinRulesLoadAndExamplesPass) {
  Result<Pipeline> p = Pipeline::Create({});
  ASSERT_TRUE(p.ok()) << p.error().Message();
  size_t checked = 0;
  std::vector<ExampleFailure> failures = CheckExamples(p.value(), &checked);
  EXPECT_GT(checked, 0u);
  for (const auto& f : failures) ADD_FAILURE() << f.where << ": " << f.what;
}

}  // namespace
}  // namespace kiji::rules
