// Pieces of the figure recipes (figures.cc), exposed for tests: currency
// look-up and qualifier canonicalization. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiji::resolve {

struct Currency {
  std::string code;   // ISO 4217: "USD"
  double factor = 1;  // 0.01 for a minor unit ("cents", "pence", "銭")
};

// Returns the currency of a symbol, prefixed symbol, code or word as
// written: "$", "US$", "u.s $", "HK$", "€", "¥", "円", "ドル", "人民元",
// "dollars", "swiss francs", "UZS", "usd", "cents"; nullopt when unknown.
// Any three ASCII letters are taken as an ISO code (the rules list the
// codes they accept).
std::optional<Currency> LookUpCurrency(std::string_view text);

// Returns "over", "under", "about" or "up_to" for a qualifier as written
// ("more than", "some", "up to", "less than", "超", "以上", "約", "余り",
// "未満", "最大"); "" when unknown.
std::string CanonicalQualifier(std::string_view text);

}  // namespace kiji::resolve
