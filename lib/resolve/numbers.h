// Numbers as written in English and Japanese news: digits with separators,
// English number words, kanji numerals and scale words. Used by the date
// and figure recipes. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace kiji::resolve {

// Parses one number: "1,234.5", "1 234", ".08", "3.5", "ten",
// "twenty-five", "one hundred and five", "a dozen", "two hundred and two
// thousand", "five and a half million", "3 million and a half", "two thirds
// of a million", "二千五百", "〇", "十二", "1万2000" and "180億6,700万"
// (digits mixed with 万/億/兆 groups), "1万億" (1e12), "〇・〇八" (kanji
// decimals), with a sign ("-", "−", "minus", "negative", "マイナス").
// Returns nullopt for anything else ("several", "万", "ten and five").
// Leading/trailing spaces are ignored.
std::optional<double> ParseNumber(std::string_view s);

// Returns the multiplier of a scale word: "hundred" 1e2, "thousand"/"k" 1e3,
// "million"/"mn"/"m"/"mm"/"mil" 1e6, "billion"/"bn"/"b"/"g" 1e9,
// "trillion"/"tn"/"tln" 1e12, "lakh" 1e5, "crore" 1e7, "千" 1e3, "万" 1e4,
// "億" 1e8, "兆" 1e12 (case-insensitive). nullopt if `s` is not a scale
// word; 1 for "".
std::optional<double> ParseScale(std::string_view s);

// Returns the factor of a multiplier word: "double"/"doubled"/"doubling"/
// "twofold" 2, "triple(d)"/"threefold" 3, "quadruple(d)" 4, "倍増" 2;
// nullopt for anything else.
std::optional<double> ParseMultiplierWord(std::string_view s);

// Returns the value of an English ordinal word or numeral ("third", "21st",
// "twenty-first"), or nullopt.
std::optional<double> ParseOrdinal(std::string_view s);

}  // namespace kiji::resolve
