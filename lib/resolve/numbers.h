// Numbers as written in English and Japanese news: digits with separators,
// English number words, kanji numerals and scale words. Used by the date
// and figure recipes. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace kiji::resolve {

// Parses one number: "1,234.5", "1 234", "ten", "twenty-five",
// "one hundred and five", "a dozen", "二千五百", "〇", "十二", "1万2000"
// (digits mixed with 万/億/兆 groups), "3.5". Returns nullopt for anything
// else. Leading/trailing spaces are ignored.
std::optional<double> ParseNumber(std::string_view s);

// Returns the multiplier of a scale word: "thousand" 1e3, "million"/"mn"/"m"
// 1e6, "billion"/"bn"/"b" 1e9, "trillion"/"tn" 1e12, "lakh" 1e5, "crore" 1e7,
// "千" 1e3, "万" 1e4, "億" 1e8, "兆" 1e12 (case-insensitive). nullopt if
// `s` is not a scale word; 1 for "".
std::optional<double> ParseScale(std::string_view s);

// Returns the factor of a multiplier word: "double"/"doubled"/"doubling"/
// "twofold" 2, "triple(d)"/"threefold" 3, "quadruple(d)" 4, "倍増" 2;
// nullopt for anything else.
std::optional<double> ParseMultiplierWord(std::string_view s);

// Returns the value of an English ordinal word or numeral ("third", "21st",
// "twenty-first"), or nullopt.
std::optional<double> ParseOrdinal(std::string_view s);

}  // namespace kiji::resolve
