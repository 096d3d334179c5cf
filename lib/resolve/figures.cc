// Figure recipes: money, percentages, counts, multipliers, ordinals
// (RECORD.md `figure`).
//
// The rules (patterns/*/figures.rules) find the shape of a figure and hand
// its pieces over as named groups; these recipes turn the pieces into
// numbers, ISO 4217 codes and canonical qualifiers, and reject what is not
// a figure after all (a `veto` group, an unknown currency, a number that
// does not parse).
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include "common/strings.h"
#include "resolve/figures_internal.h"
#include "resolve/numbers.h"
#include "resolve/recipe.h"
#include "resolve/resolve.h"

namespace kiji::resolve {
namespace {

// Lower-cases ASCII, drops dots and "・", folds space runs to one and drops
// the spaces around "$": "U.S. $" -> "us$", "スイス・フラン" -> "スイスフラン".
std::string CurrencyKey(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') continue;
    if (s.substr(i, 3) == "\u30FB") {  // katakana middle dot
      i += 2;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    if (c == '$' && !out.empty() && out.back() == ' ') out.pop_back();
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // "$ 5" left a space after "$" only when something followed; none here.
  return out;
}

struct CurrencyRow {
  std::string_view key;  // CurrencyKey form (a view: compared by size first)
  const char* code;
  double factor;    // 0.01 for minor units (cents, pence, 銭)
};

// Symbols, prefixed symbols, codes and words, in CurrencyKey form. Plural
// "-s" is stripped before the second look-up, so only singulars are listed.
constexpr CurrencyRow kCurrencies[] = {
    {"$", "USD", 1},           {"us$", "USD", 1},          {"u$", "USD", 1},         {"usd", "USD", 1},
    {"$us", "USD", 1},         {"$a", "AUD", 1},           {"$nz", "NZD", 1},        {"$hk", "HKD", 1},  // Australian press
    {"dollar", "USD", 1},      {"us dollar", "USD", 1},    {"american dollar", "USD", 1},
    {"cent", "USD", 0.01},     {"a$", "AUD", 1},           {"au$", "AUD", 1},        {"australian dollar", "AUD", 1},
    {"c$", "CAD", 1},          {"ca$", "CAD", 1},          {"canadian dollar", "CAD", 1},
    {"hk$", "HKD", 1},         {"hong kong dollar", "HKD", 1}, {"s$", "SGD", 1},     {"singapore dollar", "SGD", 1},
    {"nz$", "NZD", 1},         {"new zealand dollar", "NZD", 1}, {"nt$", "TWD", 1},  {"new taiwan dollar", "TWD", 1},
    {"taiwan dollar", "TWD", 1}, {"r$", "BRL", 1},         {"mex$", "MXN", 1},       {"mexican peso", "MXN", 1},
    {"peso", "MXN", 1},        {"€", "EUR", 1},            {"euro", "EUR", 1},       {"£", "GBP", 1},
    {"pound", "GBP", 1},       {"pound sterling", "GBP", 1}, {"sterling", "GBP", 1}, {"british pound", "GBP", 1},
    {"pence", "GBP", 0.01},    {"penny", "GBP", 0.01},     {"p", "GBP", 0.01},       {"¥", "JPY", 1},
    {"yen", "JPY", 1},         {"japanese yen", "JPY", 1}, {"円", "JPY", 1},         {"銭", "JPY", 0.01},
    {"₩", "KRW", 1},           {"won", "KRW", 1},          {"korean won", "KRW", 1}, {"south korean won", "KRW", 1},
    {"₫", "VND", 1},           {"dong", "VND", 1},         {"vietnamese dong", "VND", 1}, {"vnd", "VND", 1},
    {"sum", "UZS", 1},         {"soum", "UZS", 1},         {"som", "UZS", 1},        {"uzbek sum", "UZS", 1},
    {"uzbek soum", "UZS", 1},  {"yuan", "CNY", 1},         {"chinese yuan", "CNY", 1}, {"renminbi", "CNY", 1},
    {"rmb", "CNY", 1},         {"₹", "INR", 1},            {"rupee", "INR", 1},      {"indian rupee", "INR", 1},
    {"rs", "INR", 1},          {"baht", "THB", 1},         {"thai baht", "THB", 1},  {"ringgit", "MYR", 1},
    {"rupiah", "IDR", 1},      {"rp", "IDR", 1},           {"rm", "MYR", 1},         {"tk", "BDT", 1},
    {"taka", "BDT", 1},           {"₱", "PHP", 1},          {"philippine peso", "PHP", 1},
    {"ruble", "RUB", 1},       {"rouble", "RUB", 1},       {"₽", "RUB", 1},          {"tenge", "KZT", 1},
    {"₸", "KZT", 1},           {"manat", "AZN", 1},        {"lira", "TRY", 1},       {"turkish lira", "TRY", 1},
    {"₺", "TRY", 1},           {"rand", "ZAR", 1},         {"riyal", "SAR", 1},      {"saudi riyal", "SAR", 1},
    {"dirham", "AED", 1},      {"franc", "CHF", 1},        {"swiss franc", "CHF", 1}, {"real", "BRL", 1},
    {"brazilian real", "BRL", 1}, {"naira", "NGN", 1},     {"krona", "SEK", 1},      {"swedish krona", "SEK", 1},
    {"kronor", "SEK", 1},      {"krone", "NOK", 1},        {"zloty", "PLN", 1},      {"shekel", "ILS", 1},
    {"markka", "FIM", 1},      {"finnish markka", "FIM", 1}, {"guilder", "NLG", 1},  {"dutch guilder", "NLG", 1},
    {"peseta", "ESP", 1},      {"mark", "DEM", 1},         {"deutsche mark", "DEM", 1}, {"french franc", "FRF", 1},
    {"฿", "THB", 1},
    // Japanese
    {"ドル", "USD", 1},        {"米ドル", "USD", 1},       {"usドル", "USD", 1},     {"セント", "USD", 0.01},
    {"ユーロ", "EUR", 1},      {"ポンド", "GBP", 1},       {"英ポンド", "GBP", 1},   {"ウォン", "KRW", 1},
    {"韓国ウォン", "KRW", 1},  {"ドン", "VND", 1},         {"ベトナムドン", "VND", 1}, {"スム", "UZS", 1},
    {"ソム", "UZS", 1},        {"人民元", "CNY", 1},       {"元", "CNY", 1},         {"中国元", "CNY", 1},
    {"香港ドル", "HKD", 1},    {"台湾ドル", "TWD", 1},     {"ニュー台湾ドル", "TWD", 1}, {"新台湾ドル", "TWD", 1},
    {"豪ドル", "AUD", 1},      {"オーストラリアドル", "AUD", 1}, {"カナダドル", "CAD", 1}, {"加ドル", "CAD", 1},
    {"シンガポールドル", "SGD", 1}, {"ニュージーランドドル", "NZD", 1}, {"nzドル", "NZD", 1}, {"ルピー", "INR", 1},
    {"インドルピー", "INR", 1}, {"バーツ", "THB", 1},      {"タイバーツ", "THB", 1}, {"リンギ", "MYR", 1},
    {"リンギット", "MYR", 1},  {"ルピア", "IDR", 1},       {"ペソ", "PHP", 1},       {"フィリピンペソ", "PHP", 1},
    {"メキシコペソ", "MXN", 1}, {"ルーブル", "RUB", 1},    {"テンゲ", "KZT", 1},     {"リラ", "TRY", 1},
    {"トルコリラ", "TRY", 1},  {"ランド", "ZAR", 1},       {"レアル", "BRL", 1},     {"フラン", "CHF", 1},
    {"スイスフラン", "CHF", 1}, {"ナイラ", "NGN", 1},      {"リヤル", "SAR", 1},     {"ディルハム", "AED", 1},
    {"マナト", "AZN", 1},      {"パナマバルボア", "PAB", 1}, {"バルボア", "PAB", 1}, {"クローナ", "SEK", 1},
    {"ズロチ", "PLN", 1},      {"\\", "JPY", 1},
};

}  // namespace

std::optional<Currency> LookUpCurrency(std::string_view text) {
  std::string key = CurrencyKey(text);
  if (key.empty()) return std::nullopt;
  auto find = [](const std::string& k) -> std::optional<Currency> {
    for (const CurrencyRow& r : kCurrencies) {
      if (k == r.key) return Currency{r.code, r.factor};
    }
    return std::nullopt;
  };
  if (auto c = find(key)) return c;
  if (key.size() > 3 && key.back() == 's' && key[key.size() - 2] != 's') {  // "dollars", "swiss francs"
    if (auto c = find(key.substr(0, key.size() - 1))) return c;
  }
  // Three ASCII letters are an ISO 4217 code as written ("UZS", "eur").
  if (key.size() == 3 && std::isalpha(static_cast<unsigned char>(key[0])) &&
      std::isalpha(static_cast<unsigned char>(key[1])) && std::isalpha(static_cast<unsigned char>(key[2]))) {
    std::string code = key;
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Currency{code, 1};
  }
  return std::nullopt;
}

std::string CanonicalQualifier(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
      continue;
    }
    key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  struct Row { std::string_view text; const char* canonical; };  // text compared by size first
  static constexpr Row kRows[] = {
      {"over", "over"},            {"more than", "over"},       {"above", "over"},
      {"exceeding", "over"},       {"exceeds", "over"},         {"exceeded", "over"},
      {"exceed", "over"},          {"in excess of", "over"},    {"upwards of", "over"},
      {"upward of", "over"},       {"at least", "over"},        {"no less than", "over"},
      {"not less than", "over"},   {"no fewer than", "over"},   {"greater than", "over"},
      {"larger than", "over"},     {"bigger than", "over"},     {"higher than", "over"},
      {"surpass", "over"},         {"surpassing", "over"},      {"surpassed", "over"},
      {"or more", "over"},         {"and more", "over"},        {"or above", "over"},
      {"plus", "over"},            {"+", "over"},               {"just over", "over"},       {"well over", "over"},
      {"greater or equal than", "over"}, {"bigger or equal than", "over"}, {"higher or equal than", "over"},
      {"larger or equal than", "over"}, {"greater than or equal to", "over"}, {"more than or equal to", "over"},
      {"about", "about"},          {"around", "about"},         {"approximately", "about"},
      {"approx", "about"},         {"approx.", "about"},        {"roughly", "about"},
      {"some", "about"},           {"nearly", "about"},         {"almost", "about"},
      {"close to", "about"},       {"an estimated", "about"},   {"estimated", "about"},
      {"circa", "about"},          {"just about", "about"},     {"or so", "about"},
      {"under", "under"},          {"below", "under"},          {"less than", "under"},
      {"fewer than", "under"},     {"lower than", "under"},     {"smaller than", "under"},
      {"just under", "under"},     {"or less", "under"},        {"or fewer", "under"},
      {"or below", "under"},       {"less than or equal to", "under"}, {"smaller or equal than", "under"},
      {"less or equal than", "under"}, {"lower or equal than", "under"}, {"fewer than or equal to", "under"},
      {"up to", "up_to"},          {"as many as", "up_to"},     {"as much as", "up_to"},
      {"at most", "up_to"},        {"no more than", "up_to"},   {"not more than", "up_to"},
      {"a maximum of", "up_to"},   {"maximum", "up_to"},        {"max", "up_to"},
      {"max.", "up_to"},
      // Japanese
      {"超", "over"},              {"超え", "over"},            {"超える", "over"},
      // A price level: "154円台" is 154 yen and some sen.
      {"台", "over"},              {"台前半", "over"},          {"台後半", "over"},
      {"台半ば", "over"},          {"台の前半", "over"},        {"台の後半", "over"},
      {"台の半ば", "over"},
      {"を超える", "over"},        {"を超え", "over"},          {"を上回る", "over"},
      {"以上", "over"},            {"余り", "over"},            {"余", "over"},
      {"あまり", "over"},          {"強", "over"},              {"より大きい", "over"},
      {"より多い", "over"},        {"大なり", "over"},          {"最低", "over"},
      {"少なくとも", "over"},      {"もしくはそれ以上", "over"}, {"またはそれ以上", "over"},
      {"以上の", "over"},          {"を突破", "over"},
      {"約", "about"},             {"およそ", "about"},         {"おおよそ", "about"},
      {"ほぼ", "about"},           {"概ね", "about"},           {"おおむね", "about"},
      {"近く", "about"},           {"前後", "about"},           {"程度", "about"},
      {"ほど", "about"},           {"くらい", "about"},         {"ぐらい", "about"},
      {"未満", "under"},           {"以下", "under"},           {"弱", "under"},
      {"足らず", "under"},         {"を下回る", "under"},       {"より小さい", "under"},
      {"より少ない", "under"},     {"より低い", "under"},       {"もしくはそれ以下", "under"},
      {"またはそれ以下", "under"}, {"最大", "up_to"},           {"最高", "up_to"},
      {"多くて", "up_to"},         {"まで", "up_to"},           {"以内", "up_to"},
  };
  for (const Row& r : kRows) {
    if (key == r.text) return r.canonical;
  }
  // "bigger or equal than", "less than or equal to": the comparison word.
  if (key.find("or equal") != std::string::npos) {
    for (const char* w : {"bigger", "greater", "larger", "higher", "more"}) {
      if (key.rfind(w, 0) == 0) return "over";
    }
    for (const char* w : {"smaller", "less", "lower", "fewer"}) {
      if (key.rfind(w, 0) == 0) return "under";
    }
  }
  return "";
}

namespace {

// Returns `v` as a JSON integer when it is one (5000000000, not
// 5000000000.0), else as a double. `v` is first rounded to 15 significant
// digits: a decimal times a scale is not exact in binary ("16.6 million"
// is 16600000.000000002), and no written figure has more digits.
Json NumberJson(double v) {
  if (std::isfinite(v) && v != 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    v = std::strtod(buf, nullptr);
  }
  if (std::isfinite(v) && std::fabs(v) < 9e15 && v == std::floor(v)) return Json(static_cast<int64_t>(v));
  return Json(v);
}

// Returns the canonical qualifier of the match from the arguments named
// qualifier* (before, inside or after the number); a bound (over, under,
// up_to) wins over "about" ("約100億円超": over). Null when none took part
// or is known.
Json Qualifier(const RecipeInput& in) {
  std::string q;
  for (const auto& [key, text] : in.args) {
    if (key.rfind("qualifier", 0) != 0 || text.empty()) continue;
    std::string c = CanonicalQualifier(text);
    if (c.empty()) continue;
    if (q.empty() || q == "about") q = c;
  }
  return q.empty() ? Json(nullptr) : Json(q);
}

// Returns true for money written with 億 or 兆 after a kanji `glued` that
// does not make it vague (数, 何, 幾: "数十億円" is no amount).
bool BigKanjiAmount(const RecipeInput& in, std::string_view glued) {
  if (in.Arg("kind") != "money") return false;
  std::string_view number = in.Arg("number");
  if (number.find("億") == std::string_view::npos && number.find("兆") == std::string_view::npos) return false;
  return glued != "数" && glued != "何" && glued != "幾";
}

// Returns true when a number opens with a minus sign before a kanji
// numeral: "売上高-千円" is a dash for "none", not minus a thousand.
bool DashBeforeKanji(std::string_view number) {
  size_t i = 0;
  if (number.substr(0, 1) == "-") {
    i = 1;
  } else if (number.substr(0, 3) == "\u2212") {
    i = 3;
  } else {
    return false;
  }
  while (i < number.size() && number[i] == ' ') ++i;
  return i < number.size() && (static_cast<unsigned char>(number[i]) & 0x80) != 0;
}

// Returns true when a group named veto* took part, or a glued* group did
// and the number is written in kanji ("統一" is no 1, "四川" no 4).
bool Vetoed(const RecipeInput& in) {
  // A kanji numeral opens with a 3-byte UTF-8 sequence in U+3007 (〇) or
  // U+4E00..U+9FFF.
  std::string_view number = in.Arg("number");
  bool kanji = false;
  if (number.size() >= 3 && (static_cast<unsigned char>(number[0]) & 0xF0) == 0xE0) {
    char32_t cp = ((static_cast<unsigned char>(number[0]) & 0x0F) << 12) |
                  ((static_cast<unsigned char>(number[1]) & 0x3F) << 6) | (static_cast<unsigned char>(number[2]) & 0x3F);
    kanji = cp == 0x3007 || (cp >= 0x4E00 && cp <= 0x9FFF);
  }
  for (const auto& [key, text] : in.args) {
    if (text.empty()) continue;
    if (key.rfind("veto", 0) == 0) return true;
    // glued (before the number) does not count when a qualifier stood
    // between ("総額約三百億円"), nor before an amount of 億 or 兆 of a
    // currency ("給付費十三兆六千億円": no word ends in such a numeral)
    // unless the kanji makes it vague ("数十億円"); glued_after always
    // does ("六本木").
    if (key == "glued" && kanji && !in.Has("qualifier") && !BigKanjiAmount(in, text)) return true;
    if (key.rfind("glued_", 0) == 0 && kanji) return true;
  }
  return false;
}

// Returns the scale of the word that ends `number` ("15 million": 1e6), or 1
// when it ends otherwise.
double TrailingScale(std::string_view number) {
  size_t sp = number.find_last_of(" -");
  if (sp == std::string_view::npos) return 1;
  auto sc = ParseScale(number.substr(sp + 1));
  return sc && *sc >= 1000 ? *sc : 1;
}

// Returns value and value_max of a range: "3-5 billion" scales both ends by
// the one scale written after the second; "500,000 to 1 million" does not
// (the low end would exceed the high one).
bool RangeValues(const RecipeInput& in, double* value, std::optional<double>* value_max) {
  auto n = ParseNumber(in.Arg("number"));
  if (!n) return false;
  auto sc = ParseScale(in.Arg("scale"));
  if (!sc) return false;
  *value = *n * *sc;
  if (!in.Has("number_max")) return true;
  auto mx = ParseNumber(in.Arg("number_max"));
  if (!mx) return false;
  auto sc_max = ParseScale(in.Has("scale_max") ? in.Arg("scale_max") : in.Arg("scale"));
  if (!sc_max) return false;
  *value_max = *mx * *sc_max;
  if (!in.Has("scale") && in.Has("scale_max") && *n < *mx) *value = *n * *sc_max;
  if (!in.Has("scale") && !in.Has("scale_max")) {
    // "10-15 million units": the scale word ends the high number only.
    double word_scale = TrailingScale(in.Arg("number_max"));
    if (word_scale > 1 && TrailingScale(in.Arg("number")) == 1 && *value * word_scale <= *value_max) {
      *value *= word_scale;
    }
  }
  if (*value_max < *value) return false;  // "5-3": not a range
  return true;
}

// figure(kind, number, scale, number_max, scale_max, currency, minor,
// minor_max, unit, qualifier*, veto*, glued*, min): kind is a literal (money, percent,
// count, multiplier, ordinal); value = number x scale (+ minor / 100 of a
// currency unit: "3 dollars 50 cents"; up to minor_max / 100: "147円12〜15銭"
// is 147.12 to 147.15); no whole number below `min`;
// `from` (a range written "X から Y") with `change` (に/へ after it) is a
// change between two figures, which other rules read one by one.
std::optional<Json> Figure(const RecipeInput& in) {
  if (Vetoed(in)) return std::nullopt;
  // "40億円から70億円に": a change from one amount to another, not a range.
  if (in.Has("from") && in.Has("change")) return std::nullopt;
  if (DashBeforeKanji(in.Arg("number"))) return std::nullopt;
  const std::string_view kind = in.Arg("kind");  // compared by size first
  if (kind != "money" && kind != "percent" && kind != "count" && kind != "multiplier" && kind != "ordinal") {
    return std::nullopt;
  }
  double value = 0;
  std::optional<double> value_max;
  if (kind == "ordinal" && !ParseNumber(in.Arg("number"))) {
    auto o = ParseOrdinal(in.Arg("number"));
    if (!o) return std::nullopt;
    value = *o;
  } else if (kind == "multiplier" && !ParseNumber(in.Arg("number"))) {
    auto m = ParseMultiplierWord(in.Arg("number"));
    if (!m) return std::nullopt;
    value = *m;
  } else if (!RangeValues(in, &value, &value_max)) {
    return std::nullopt;
  }
  Json currency = nullptr;
  if (kind == "money") {
    auto c = LookUpCurrency(in.Arg("currency"));
    if (!c) return std::nullopt;
    currency = c->code;
    value *= c->factor;
    if (value_max) *value_max *= c->factor;
    if (in.Has("minor")) {
      auto minor = ParseNumber(in.Arg("minor"));
      if (!minor || *minor < 0 || *minor >= 100 || c->factor != 1) return std::nullopt;
      // "147円12〜15銭": the high end keeps the whole units of the low one.
      if (in.Has("minor_max")) {
        auto minor_max = ParseNumber(in.Arg("minor_max"));
        if (!minor_max || *minor_max <= *minor || *minor_max >= 100) return std::nullopt;
        value_max = value + *minor_max / 100;
      }
      value += *minor / 100;
    }
  }
  if (in.Has("min")) {
    // A whole number or a word below min is a determiner ("one company",
    // "half of the cars", "quarter earnings"); a decimal in digits never is
    // ("1.85 points").
    auto min = ParseNumber(in.Arg("min"));
    std::string_view number = in.Arg("number");
    bool digit_decimal = !number.empty() && std::isdigit(static_cast<unsigned char>(number.front())) &&
                         value != std::floor(value);
    if (!min || (value < *min && !digit_decimal)) return std::nullopt;
  }
  // Built as a list of fields, then made an object: room for all fields at
  // once and no key search per field (Json's operator[]).
  Json::object_t fields;
  fields.reserve(6);
  fields.emplace_back("kind", std::string(kind));
  fields.emplace_back("value", NumberJson(value));
  fields.emplace_back("value_max", value_max ? NumberJson(*value_max) : Json(nullptr));
  fields.emplace_back("currency", std::move(currency));
  fields.emplace_back("unit", in.Has("unit") ? Json(std::string(in.Arg("unit"))) : Json(nullptr));
  fields.emplace_back("qualifier", Qualifier(in));
  return Json(std::move(fields));
}

// wari(number, number_max, bu, rin, han, qualifier, qualifier_after):
// Japanese tenths as a percentage: "3割" 30, "3割8分7厘" 38.7, "7割半" 75,
// "2~5割" 20 to 50.
std::optional<Json> Wari(const RecipeInput& in) {
  if (Vetoed(in)) return std::nullopt;
  auto n = ParseNumber(in.Arg("number"));
  if (!n) return std::nullopt;
  double value = *n * 10;
  if (in.Has("bu")) {
    auto b = ParseNumber(in.Arg("bu"));
    if (!b || *b >= 10) return std::nullopt;
    value += *b;
  }
  if (in.Has("rin")) {
    auto r = ParseNumber(in.Arg("rin"));
    if (!r || *r >= 10) return std::nullopt;
    value += *r / 10;
  }
  if (in.Has("han")) value += 5;
  // "2~5割": a range of tenths.
  Json value_max = nullptr;
  if (in.Has("number_max")) {
    auto mx = ParseNumber(in.Arg("number_max"));
    if (!mx || *mx * 10 <= value) return std::nullopt;
    value_max = NumberJson(*mx * 10);
  }
  Json::object_t fields;  // as in Figure
  fields.reserve(6);
  fields.emplace_back("kind", "percent");
  fields.emplace_back("value", NumberJson(value));
  fields.emplace_back("value_max", std::move(value_max));
  fields.emplace_back("currency", nullptr);
  fields.emplace_back("unit", nullptr);
  fields.emplace_back("qualifier", Qualifier(in));
  return Json(std::move(fields));
}

}  // namespace

namespace {

// Words that place an article in a country whose currency is written "Rs"
// or "rupees": the country, its people, its large cities, its exchanges.
// India is the default: its words only weigh against the others.
struct RupeeWord {
  std::string_view word;  // as written, case kept ("NSE", "Karachi")
  int country;            // index into kRupeeCodes
};
constexpr const char* kRupeeCodes[] = {"INR", "PKR", "LKR", "NPR"};
constexpr RupeeWord kRupeeWords[] = {
    {"India", 0},     {"Indian", 0},     {"Mumbai", 0},    {"Delhi", 0},      {"Bengaluru", 0},
    {"Bangalore", 0}, {"Chennai", 0},    {"Kolkata", 0},   {"BSE", 0},        {"NSE", 0},
    {"Sensex", 0},    {"Nifty", 0},      {"SEBI", 0},      {"Pakistan", 1},   {"Pakistani", 1},
    {"Karachi", 1},   {"Lahore", 1},     {"Islamabad", 1}, {"Rawalpindi", 1}, {"Faisalabad", 1},
    {"Peshawar", 1},  {"PSX", 1},        {"KSE", 1},       {"SECP", 1},       {"Lanka", 2},
    {"Lankan", 2},    {"Colombo", 2},    {"Nepal", 3},     {"Nepali", 3},     {"Nepalese", 3},
    {"Kathmandu", 3}, {"NEPSE", 3},
};

// True when a money figure's text names its currency as a bare rupee ("Rs
// 5 billion", "Rs.300", "500 rupees"), not India's by symbol, code or name
// ("₹", "INR", "Indian rupees") nor by the Indian scale words crore and lakh.
bool BareRupee(std::string_view span) {
  const std::string low = AsciiLower(span);
  for (std::string_view indian : {"crore", "lakh", "\u20b9", "inr", "indian"}) {
    if (low.find(indian) != std::string::npos) return false;
  }
  if (low.find("rupee") != std::string::npos) return true;
  for (size_t at = low.find("rs"); at != std::string::npos; at = low.find("rs", at + 1)) {
    bool starts = at == 0 || !IsAsciiAlpha(low[at - 1]);
    bool ends = at + 2 >= low.size() || !IsAsciiAlpha(low[at + 2]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

void SetRupeeCurrency(const text::NormText& text, std::vector<Entity>* entities) {
  std::vector<Entity*> bare;
  for (Entity& e : *entities) {
    if (e.type != "figure") continue;
    auto cur = e.fields.find("currency");
    if (cur == e.fields.end() || !cur->is_string() || cur->get_ref<const std::string&>() != "INR") continue;
    if (BareRupee(std::string_view(text.text).substr(e.begin, e.end - e.begin))) bare.push_back(&e);
  }
  if (bare.empty()) return;
  // One pass over the words of the text, counting each country's words.
  int count[std::size(kRupeeCodes)] = {};
  std::string_view t = text.text;
  for (size_t i = 0; i < t.size();) {
    if (!IsAsciiAlpha(t[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && IsAsciiAlpha(t[j])) ++j;
    std::string_view word = t.substr(i, j - i);
    for (const RupeeWord& w : kRupeeWords) {
      if (w.word == word) ++count[w.country];
    }
    i = j;
  }
  int best = 0;
  for (size_t c = 1; c < std::size(kRupeeCodes); ++c) {
    if (count[c] > count[best]) best = static_cast<int>(c);
  }
  if (best == 0) return;
  for (Entity* e : bare) e->fields["currency"] = kRupeeCodes[best];
}

std::vector<RecipeInfo> FigureRecipes() {
  return {
      {"figure", Figure,
       "figure(kind=\"money\", number, scale, number_max, scale_max, currency, minor, minor_max, unit, qualifier*, veto*, "
       "glued*, min, from, change): value = number x scale; qualifier* args are mapped to over/under/about/up_to; a veto* "
       "group that took part, or a glued* one before a kanji numeral, means no figure; no whole number below min"},
      {"wari", Wari,
       "wari(number, number_max, bu, rin, han, qualifier*, veto*, glued*): 割/分/厘 as a percentage (3割 = 30, "
       "2~5割 = 20 to 50)"},
  };
}

}  // namespace kiji::resolve
