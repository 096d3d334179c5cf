// Figure recipes: money, percentages, counts, multipliers, ordinals
// (RECORD.md `figure`).
#include <cmath>
#include <string>

#include "resolve/numbers.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// Maps a currency symbol, code or word to ISO 4217; "" when unknown.
std::string CurrencyCode(std::string_view s) {
  struct Row { const char* text; const char* code; };
  static constexpr Row kRows[] = {
      {"$", "USD"},    {"US$", "USD"},  {"USD", "USD"},  {"dollar", "USD"}, {"dollars", "USD"},
      {"ドル", "USD"}, {"米ドル", "USD"}, {"¥", "JPY"},    {"JPY", "JPY"},    {"yen", "JPY"},
      {"円", "JPY"},   {"€", "EUR"},    {"EUR", "EUR"},  {"euro", "EUR"},   {"euros", "EUR"},
      {"ユーロ", "EUR"}, {"£", "GBP"},   {"GBP", "GBP"},  {"pound", "GBP"},  {"pounds", "GBP"},
      {"ポンド", "GBP"}, {"₩", "KRW"},   {"KRW", "KRW"},  {"won", "KRW"},    {"ウォン", "KRW"},
      {"VND", "VND"},  {"dong", "VND"}, {"₫", "VND"},    {"ドン", "VND"},    {"UZS", "UZS"},
      {"sum", "UZS"},  {"soum", "UZS"}, {"som", "UZS"},  {"スム", "UZS"},    {"元", "CNY"},
      {"CNY", "CNY"},  {"yuan", "CNY"}, {"RMB", "CNY"},  {"人民元", "CNY"},  {"₹", "INR"},
      {"INR", "INR"},  {"rupee", "INR"}, {"rupees", "INR"}, {"ルピー", "INR"},
  };
  for (const Row& r : kRows) {
    if (s == r.text) return r.code;
  }
  // Three upper-case letters are taken as an ISO code as written.
  if (s.size() == 3 && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::isupper(static_cast<unsigned char>(s[1])) && std::isupper(static_cast<unsigned char>(s[2]))) {
    return std::string(s);
  }
  return "";
}

std::optional<double> Amount(const RecipeInput& in, std::string_view number_key, std::string_view scale_key) {
  auto n = ParseNumber(in.Arg(number_key));
  if (!n) return std::nullopt;
  auto sc = ParseScale(in.Arg(scale_key));
  if (!sc) return std::nullopt;
  return *n * *sc;
}

// figure(kind, number, scale, number_max, scale_max, currency, unit,
// qualifier): kind is a literal (money, percent, count, multiplier,
// ordinal); value = number x scale.
std::optional<Json> Figure(const RecipeInput& in) {
  std::string kind(in.Arg("kind"));
  if (kind != "money" && kind != "percent" && kind != "count" && kind != "multiplier" && kind != "ordinal") {
    return std::nullopt;
  }
  std::optional<double> value =
      kind == "ordinal" && !ParseNumber(in.Arg("number")) ? ParseOrdinal(in.Arg("number")) : Amount(in, "number", "scale");
  if (!value) return std::nullopt;
  Json out = Json::object();
  out["kind"] = kind;
  out["value"] = *value;
  out["value_max"] = nullptr;
  if (in.Has("number_max")) {
    std::string_view scale_key = in.Has("scale_max") ? "scale_max" : "scale";
    auto mx = Amount(in, "number_max", scale_key);
    if (!mx) return std::nullopt;
    // "3-5 billion" scales both ends by the one scale word written.
    out["value_max"] = *mx;
  }
  out["currency"] = nullptr;
  if (kind == "money") {
    std::string code = CurrencyCode(in.Arg("currency"));
    if (code.empty()) return std::nullopt;
    out["currency"] = code;
  }
  out["unit"] = in.Has("unit") ? Json(std::string(in.Arg("unit"))) : Json(nullptr);
  out["qualifier"] = in.Has("qualifier") ? Json(std::string(in.Arg("qualifier"))) : Json(nullptr);
  return out;
}

}  // namespace

std::vector<RecipeInfo> FigureRecipes() {
  return {
      {"figure", Figure,
       "figure(kind=\"money\", number, scale, number_max, scale_max, currency, unit, qualifier): value = number x scale"},
  };
}

}  // namespace kiji::resolve
