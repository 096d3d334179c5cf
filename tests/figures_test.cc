// Figure recipes (lib/resolve/figures.cc) and the built-in figure rules
// end to end: currencies, qualifiers, ranges, vetoes, and what is no figure.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "pipeline/pipeline.h"
#include "resolve/figures_internal.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

struct CurrencyCase {
  const char* name;
  const char* text;
  const char* code;  // nullptr: unknown
  double factor;
};

constexpr CurrencyCase kCurrencies[] = {
    {"dollar_sign", "$", "USD", 1},
    {"us_prefix", "US$", "USD", 1},
    {"us_dotted_spaced", "u.s $", "USD", 1},
    {"hk_spaced", "hk $", "HKD", 1},
    {"canadian_prefix", "C$", "CAD", 1},
    {"euro_sign", "€", "EUR", 1},
    {"yen_sign", "¥", "JPY", 1},
    {"yen_kanji", "円", "JPY", 1},
    {"dollar_katakana", "ドル", "USD", 1},
    {"yuan_kanji", "人民元", "CNY", 1},
    {"swiss_franc_dot", "スイス・フラン", "CHF", 1},
    {"plural_word", "dollars", "USD", 1},
    {"adjective_plural", "swiss francs", "CHF", 1},
    {"australian", "Australian dollars", "AUD", 1},
    {"uzbek_sum", "sum", "UZS", 1},
    {"soums", "soums", "UZS", 1},
    {"dong", "dong", "VND", 1},
    {"code_as_written", "UZS", "UZS", 1},
    {"code_lower", "usd", "USD", 1},
    {"cents", "cents", "USD", 0.01},
    {"pence", "pence", "GBP", 0.01},
    {"sen", "銭", "JPY", 0.01},
    {"unknown_word", "apples", nullptr, 0},
    {"empty", "", nullptr, 0},
    {"four_letters", "ABCD", nullptr, 0},
};

TEST(LookUpCurrency, SymbolsCodesWords) {
  for (const CurrencyCase& c : kCurrencies) {
    SCOPED_TRACE(c.name);
    std::optional<Currency> got = LookUpCurrency(c.text);
    if (c.code == nullptr) {
      EXPECT_FALSE(got.has_value()) << got->code;
      continue;
    }
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->code, c.code);
    EXPECT_DOUBLE_EQ(got->factor, c.factor);
  }
}

struct QualifierCase {
  const char* text;
  const char* canonical;
};

constexpr QualifierCase kQualifiers[] = {
    {"more than", "over"},  {"Over", "over"},           {"in  excess of", "over"}, {"at least", "over"},
    {"台", "over"},         {"台後半", "over"},         {"or more", "over"},    {"超", "over"},             {"以上", "over"},          {"余り", "over"},
    {"を超える", "over"},   {"some", "about"},          {"nearly", "about"},       {"approximately", "about"},
    {"約", "about"},        {"up to", "up_to"},         {"as many as", "up_to"},   {"最大", "up_to"},
    {"以内", "up_to"},      {"less than", "under"},     {"fewer than", "under"},   {"未満", "under"},
    {"以下", "under"},      {"smaller or equal than", "under"}, {"bigger or equal than", "over"},
    {"less than or equal to", "under"}, {"sideways", ""},  {"", ""},
};

TEST(CanonicalQualifier, MapsToFourValues) {
  for (const QualifierCase& c : kQualifiers) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(CanonicalQualifier(c.text), c.canonical);
  }
}

// One recipe call: a value line and the groups a match would bind.
struct RecipeCase {
  const char* name;
  const char* value_line;  // "figure(kind=\"money\", number, scale, currency)"
  std::vector<std::pair<std::string, std::string>> groups;
  const char* want;  // expected fields as JSON (compared field by field), or nullptr: no figure
};

std::optional<Json> RunCase(const RecipeCase& c) {
  rules::Rule rule;
  rule.id = c.name;
  Result<rules::Recipe> recipe = rules::ParseRecipe(c.value_line);
  if (!recipe.ok()) {
    ADD_FAILURE() << recipe.error().what;
    return std::nullopt;
  }
  rule.recipe = recipe.value();
  const RecipeInfo* info = FindRecipe(rule.recipe.fn);
  if (!info) {
    ADD_FAILURE() << "no recipe " << rule.recipe.fn;
    return std::nullopt;
  }
  std::vector<std::pair<std::string_view, std::string_view>> groups;
  for (const auto& [k, v] : c.groups) groups.emplace_back(k, v);
  return RunRecipe(rule, *info, groups, "", "", "en", RefDate{});
}

const std::vector<RecipeCase>& RecipeCases() {
  static const std::vector<RecipeCase> cases = {
      {"money_scale", "figure(kind=\"money\", number, scale, currency)",
       {{"number", "5"}, {"scale", "billion"}, {"currency", "$"}},
       R"({"kind": "money", "value": 5000000000, "value_max": null, "currency": "USD", "unit": null, "qualifier": null})"},
      {"money_kanji_groups", "figure(kind=\"money\", number, currency)",
       {{"number", "180億6,700万"}, {"currency", "円"}},
       R"({"value": 18067000000, "currency": "JPY"})"},
      {"money_30oku_dollars", "figure(kind=\"money\", number, currency)",
       {{"number", "30億"}, {"currency", "ドル"}},
       R"({"value": 3000000000, "currency": "USD"})"},
      {"money_cents_factor", "figure(kind=\"money\", number, currency)",
       {{"number", "50"}, {"currency", "cents"}},
       R"({"value": 0.5, "currency": "USD"})"},
      {"money_minor", "figure(kind=\"money\", number, currency, minor)",
       {{"number", "2222"}, {"currency", "円"}, {"minor", "13"}},
       R"({"value": 2222.13, "currency": "JPY"})"},
      {"money_minor_too_big", "figure(kind=\"money\", number, currency, minor)",
       {{"number", "3"}, {"currency", "dollars"}, {"minor", "150"}}, nullptr},
      {"money_unknown_currency", "figure(kind=\"money\", number, currency)",
       {{"number", "3"}, {"currency", "apples"}}, nullptr},
      {"money_no_currency", "figure(kind=\"money\", number)", {{"number", "3"}}, nullptr},
      {"range_shared_scale", "figure(kind=\"money\", number, number_max, scale_max, currency)",
       {{"number", "3"}, {"number_max", "5"}, {"scale_max", "billion"}, {"currency", "$"}},
       R"({"value": 3000000000, "value_max": 5000000000})"},
      {"range_low_keeps_own_size", "figure(kind=\"money\", number, number_max, scale_max, currency)",
       {{"number", "500,000"}, {"number_max", "1"}, {"scale_max", "million"}, {"currency", "$"}},
       R"({"value": 500000, "value_max": 1000000})"},
      {"range_word_scale", "figure(kind=\"count\", number, number_max, unit)",
       {{"number", "10"}, {"number_max", "15 million"}, {"unit", "units"}},
       R"({"value": 10000000, "value_max": 15000000, "unit": "units"})"},
      {"range_reversed", "figure(kind=\"count\", number, number_max)", {{"number", "5"}, {"number_max", "3"}}, nullptr},
      {"percent_range", "figure(kind=\"percent\", number, number_max)", {{"number", "6"}, {"number_max", "7"}},
       R"({"kind": "percent", "value": 6, "value_max": 7, "currency": null})"},
      {"qualifier_before", "figure(kind=\"count\", number, unit, qualifier)",
       {{"number", "300"}, {"unit", "enterprises"}, {"qualifier", "More than"}},
       R"({"value": 300, "unit": "enterprises", "qualifier": "over"})"},
      {"bound_beats_about", "figure(kind=\"money\", number, currency, qualifier, qualifier_after)",
       {{"number", "100億"}, {"currency", "円"}, {"qualifier", "約"}, {"qualifier_after", "超"}},
       R"({"value": 10000000000, "qualifier": "over"})"},
      {"unknown_qualifier_is_null", "figure(kind=\"count\", number, qualifier)",
       {{"number", "3"}, {"qualifier", "sideways"}}, R"({"qualifier": null})"},
      {"veto", "figure(kind=\"count\", number, veto)", {{"number", "2"}, {"veto", "the two"}}, nullptr},
      {"veto_prefix", "figure(kind=\"count\", number, veto_year)", {{"number", "2"}, {"veto_year", "2024"}}, nullptr},
      {"glued_kanji", "figure(kind=\"count\", number, unit, glued)", {{"number", "一"}, {"unit", "人"}, {"glued", "統"}},
       nullptr},
      {"glued_digits_ok", "figure(kind=\"count\", number, unit, glued)",
       {{"number", "100"}, {"unit", "社"}, {"glued", "額"}}, R"({"value": 100})"},
      {"glued_after_qualifier_ok", "figure(kind=\"count\", number, unit, qualifier, glued)",
       {{"number", "三百"}, {"unit", "人"}, {"qualifier", "約"}, {"glued", "額"}},
       R"({"value": 300, "qualifier": "about"})"},
      {"glued_kanji_oku_money_ok", "figure(kind=\"money\", number, currency, glued)",
       {{"number", "十三兆六千億"}, {"currency", "円"}, {"glued", "費"}}, R"({"value": 13600000000000})"},
      {"glued_vague_oku_money", "figure(kind=\"money\", number, currency, glued)",
       {{"number", "十億"}, {"currency", "円"}, {"glued", "数"}}, nullptr},
      {"glued_kanji_count_still_vetoed", "figure(kind=\"count\", number, unit, glued)",
       {{"number", "三億"}, {"unit", "人"}, {"glued", "費"}}, nullptr},
      {"dash_before_kanji", "figure(kind=\"money\", number, currency)", {{"number", "-千"}, {"currency", "円"}}, nullptr},
      {"minus_before_digits_ok", "figure(kind=\"money\", number, currency)", {{"number", "-5"}, {"currency", "円"}},
       R"({"value": -5})"},
      {"from_to_change", "figure(kind=\"money\", number, number_max, currency, from, change)",
       {{"number", "40億"}, {"number_max", "70億"}, {"currency", "円"}, {"from", "から"}, {"change", "に"}}, nullptr},
      {"from_to_range_ok", "figure(kind=\"money\", number, number_max, currency, from, change)",
       {{"number", "3億"}, {"number_max", "5億"}, {"currency", "円"}, {"from", "から"}},
       R"({"value": 300000000, "value_max": 500000000})"},
      {"glued_after_kanji", "figure(kind=\"count\", number, unit, glued_after)",
       {{"number", "六"}, {"unit", "本"}, {"glued_after", "木"}}, nullptr},
      {"min", "figure(kind=\"count\", number, unit, min=2)", {{"number", "one"}, {"unit", "company"}}, nullptr},
      {"min_decimal_ok", "figure(kind=\"count\", number, unit, min=2)",
       {{"number", "1.85"}, {"unit", "points"}}, R"({"value": 1.85})"},
      {"min_word_fraction", "figure(kind=\"count\", number, unit, min=2)",
       {{"number", "half"}, {"unit", "cars"}}, nullptr},
      {"min_scaled_ok", "figure(kind=\"count\", number, unit, min=2)",
       {{"number", "1 billion"}, {"unit", "people"}}, R"({"value": 1000000000})"},
      {"ordinal_word", "figure(kind=\"ordinal\", number)", {{"number", "twenty-first"}}, R"({"kind": "ordinal", "value": 21})"},
      {"ordinal_digits", "figure(kind=\"ordinal\", number)", {{"number", "12th"}}, R"({"value": 12})"},
      {"multiplier_fold", "figure(kind=\"multiplier\", number)", {{"number", "35-fold"}}, R"({"kind": "multiplier", "value": 35})"},
      {"multiplier_word", "figure(kind=\"multiplier\", number)", {{"number", "tripled"}}, R"({"value": 3})"},
      {"multiplier_nonsense", "figure(kind=\"multiplier\", number)", {{"number", "doubt"}}, nullptr},
      {"bad_kind", "figure(kind=\"length\", number)", {{"number", "3"}}, nullptr},
      {"bad_number", "figure(kind=\"count\", number)", {{"number", "several"}}, nullptr},
      {"bad_scale", "figure(kind=\"count\", number, scale)", {{"number", "3"}, {"scale", "dozens"}}, nullptr},
      {"sen_range", "figure(kind=\"money\", number, currency, minor, minor_max)",
       {{"number", "147"}, {"currency", "円"}, {"minor", "12"}, {"minor_max", "15"}},
       R"({"value": 147.12, "value_max": 147.15, "currency": "JPY"})"},
      {"sen_range_backwards", "figure(kind=\"money\", number, currency, minor, minor_max)",
       {{"number", "147"}, {"currency", "円"}, {"minor", "15"}, {"minor_max", "12"}}, nullptr},
      {"wari", "wari(number)", {{"number", "3"}}, R"({"kind": "percent", "value": 30})"},
      {"wari_bu_rin", "wari(number, bu, rin)", {{"number", "3"}, {"bu", "8"}, {"rin", "7"}}, R"({"value": 38.7})"},
      {"wari_han", "wari(number, han)", {{"number", "七"}, {"han", "半"}}, R"({"value": 75})"},
      {"wari_bad_bu", "wari(number, bu)", {{"number", "3"}, {"bu", "12"}}, nullptr},
      {"wari_range", "wari(number, number_max)", {{"number", "2"}, {"number_max", "5"}},
       R"({"value": 20, "value_max": 50})"},
      {"wari_range_backwards", "wari(number, number_max)", {{"number", "5"}, {"number_max", "2"}}, nullptr},
  };
  return cases;
}

bool SameNumber(const Json& got, const Json& want) {
  if (!got.is_number() || !want.is_number()) return got == want;
  double g = got.get<double>(), w = want.get<double>();
  return std::fabs(g - w) <= 1e-9 * std::max(1.0, std::fabs(w));
}

TEST(FigureRecipe, Cases) {
  for (const RecipeCase& c : RecipeCases()) {
    SCOPED_TRACE(c.name);
    std::optional<Json> got = RunCase(c);
    if (c.want == nullptr) {
      EXPECT_FALSE(got.has_value()) << got->dump();
      continue;
    }
    ASSERT_TRUE(got.has_value());
    Json want = Json::parse(c.want);
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got->contains(it.key())) << it.key() << " missing in " << got->dump();
      EXPECT_TRUE(SameNumber((*got)[it.key()], it.value())) << it.key() << ": " << got->dump();
    }
  }
}

TEST(FigureRecipe, FieldsInRecordOrderAndIntegersStayIntegers) {
  std::optional<Json> got = RunCase(RecipeCases()[0]);
  ASSERT_TRUE(got.has_value());
  std::vector<std::string> keys;
  for (auto it = got->begin(); it != got->end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"kind", "value", "value_max", "currency", "unit", "qualifier"}));
  EXPECT_EQ((*got)["value"].dump(), "5000000000");  // not 5e9 or 5000000000.0
}

// The built-in rules on whole sentences: every figure found, in order.
struct TextCase {
  const char* name;
  const char* text;
  bool latent;
  // "kind value [value_max] [currency] [qualifier]" per figure, e.g.
  // "money 5000000000 USD"; empty: no figure.
  std::vector<std::string> want;
};

const std::vector<TextCase>& TextCases() {
  static const std::vector<TextCase> cases = {
      {"money_and_count", "JETRO expects $5 billion in exports and 87 new jobs.", false,
       {"money 5000000000 USD", "count 87"}},
      {"us_dollar_over", "a market valued at over US$30 billion annually", false, {"money 30000000000 USD over"}},
      {"percent_range", "Vietnam holds 6%-7% of the market", false, {"percent 6-7"}},
      {"ja_money_and_counts", "導入実績3,000超の企業が7機関と14の支部を持つ。", false,
       {"count 3000 over", "count 7", "count 14"}},
      {"ja_oku_dollars", "投資額は30億ドルに達した。", false, {"money 3000000000 USD"}},
      {"ja_cho_oku_yen", "予算は1兆2000億円。", false, {"money 1200000000000 JPY"}},
      {"ja_percent_range", "成長率は20〜40％だった。", false, {"percent 20-40"}},
      {"from_to_is_a_change", "The rate rose from 2.18 percent to 2.72 percent.", false, {"percent 2.18", "percent 2.72"}},
      {"ja_from_to_is_a_change", "税率を8%から10%に引き上げた。", false, {"percent 8", "percent 10"}},
      {"ja_from_to_bound_is_a_change", "海外比率を25%から30%超へ引き上げる。", false, {"percent 25", "percent 30 over"}},
      {"ja_sen_and_sen_range", "前日比48銭の円高で、1ユーロ=160円12〜15銭だった。", false,
       {"money 0.48 JPY", "money 1 EUR", "money 160.12-160.15 JPY"}},
      {"ja_price_level", "円は一時1ドル=151円台前半まで上げた。", false, {"money 1 USD", "money 151 JPY over"}},
      {"ja_metric_acronyms", "計画はROE12%以上、EPS300円を掲げる。", false, {"percent 12 over", "money 300 JPY"}},
      {"ja_union_counter", "回答した1,305組合のうち中小は約800組合だった。", false, {"count 1305", "count 800 about"}},
      {"money_before_count", "it will offer $ 800 rebates on its cars", false, {"money 800 USD"}},
      {"year_is_no_count", "In 2024 companies hired more.", false, {}},
      {"phone_and_address", "Headquarters: 5-3-4 Ueno, Taito, Tokyo. Phone: 03-5846-2131 (General)", false, {}},
      {"url", "See https://www.test.com/search?q=30%25%2020% and archives/45669/ now.", false, {}},
      {"list_numbering", "1.", false, {}},
      {"version", "Update to version 2.1 of iOS 17.", false, {}},
      {"stock_code", "ソフトバンクグループ（9984）の株価", false, {}},
      {"anaphor", "the two sides agreed", false, {}},
      {"measure", "a range of up to 590 km", false, {}},
      {"duration_default", "over the next five years", false, {}},
      {"duration_latent", "over the next five years", true, {"count 5"}},
      {"doubled_default", "profits doubled last year", false, {}},
      {"doubled_latent", "profits doubled last year", true, {"multiplier 2"}},
      {"fold", "a 35-fold increase", false, {"multiplier 35"}},
      {"ja_multiplier", "売上高は2倍になった。", false, {"multiplier 2"}},
      {"ja_fraction", "議決権の3分の2以上を確保した。", false, {}},
      {"ja_idiom", "全国一円で六本木の第三者が統一した。", false, {}},
      // A bare rupee takes the article's country (SetRupeeCurrency).
      {"rupee_pakistan", "LAHORE: A textile maker listed on the PSX earned Rs2.4 billion, up from Rs.810 million.", false,
       {"money 2400000000 PKR", "money 810000000 PKR"}},
      {"rupee_india_default", "The cement maker's profit rose to Rs 310 million.", false, {"money 310000000 INR"}},
      {"rupee_crore_stays_inr", "A Karachi broker said the Pakistan unit booked Rs 45 crore and Rs 90 million.", false,
       {"money 450000000 INR", "money 90000000 PKR"}},
      {"rupee_india_outweighs", "The Indian firm, quoted in Mumbai on the NSE, sells to Pakistan; revenue was Rs 70 million.",
       false, {"money 70000000 INR"}},
      {"rupee_symbol_stays_inr", "Karachi and Lahore traders saw ₹500 million move.", false, {"money 500000000 INR"}},
      {"rupee_sri_lanka", "A Colombo bank in Sri Lanka lent Rs 3 billion.", false, {"money 3000000000 LKR"}},
  };
  return cases;
}

std::string Describe(const Entity& e) {
  auto num = [](const Json& j) {
    double v = j.get<double>();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return std::string(buf);
  };
  std::string s = e.fields["kind"].get<std::string>() + " " + num(e.fields["value"]);
  if (!e.fields["value_max"].is_null()) s += "-" + num(e.fields["value_max"]);
  if (!e.fields["currency"].is_null()) s += " " + e.fields["currency"].get<std::string>();
  if (!e.fields["qualifier"].is_null()) s += " " + e.fields["qualifier"].get<std::string>();
  return s;
}

const Pipeline& Builtin(bool latent) {
  auto make = [](bool l) {
    PipelineOptions o;
    o.latent = l;
    Result<Pipeline> r = Pipeline::Create(o);
    if (!r.ok()) {
      ADD_FAILURE() << r.error().Message();
      std::abort();
    }
    return new Pipeline(std::move(r).value());
  };
  static Pipeline* plain = make(false);
  static Pipeline* with_latent = make(true);
  return latent ? *with_latent : *plain;
}

TEST(FigureRules, WholeSentences) {
  for (const TextCase& c : TextCases()) {
    SCOPED_TRACE(c.name);
    text::NormText nt = text::Normalize(c.text);
    Analysis a = Builtin(c.latent).Analyze(nt, RefDate{2025, 2, 28});
    std::vector<std::string> got;
    for (const Entity& e : a.entities) {
      if (e.type == "figure") got.push_back(Describe(e));
    }
    EXPECT_EQ(got, c.want);
  }
}

TEST(FigureRecipe, DecimalTimesScaleIsWrittenAsTheDecimalReads) {
  struct Row { const char* name; const char* number; const char* scale; const char* json; };
  const Row rows[] = {
      {"sixteen_point_six_million", "16.6", "million", "16600000"},   // 16600000.000000002 in binary
      {"point_one_billion", "0.1", "billion", "100000000"},
      {"fraction_kept", "1.1075", "", "1.1075"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    RecipeCase c{r.name, "figure(kind=\"count\", number, scale)", {{"number", r.number}}, ""};
    if (*r.scale) c.groups.push_back({"scale", r.scale});
    std::optional<Json> got = RunCase(c);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ((*got)["value"].dump(), r.json);
  }
}

}  // namespace
}  // namespace kiji::resolve
