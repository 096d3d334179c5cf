#include <gtest/gtest.h>

#include "resolve/numbers.h"

namespace kiji::resolve {
namespace {

struct NumberCase {
  const char* name;
  const char* text;
  double value;
};

constexpr NumberCase kNumbers[] = {
    {"digits", "87", 87},
    {"thousands", "790,000", 790000},
    {"decimal", "3.5", 3.5},
    {"word", "ten", 10},
    {"hyphenated", "twenty-five", 25},
    {"hundred_and", "one hundred and five", 105},
    {"word_scale", "two million", 2e6},
    {"kanji", "二千五百", 2500},
    {"kanji_digits", "二〇二五", 2025},
    {"kanji_ten", "十二", 12},
    {"mixed_man", "1万2000", 12000},
    {"oku_man", "180億6,700万", 18067000000},
    {"cho_oku", "1兆2000億", 1.2e12},
    {"leading_point", ".08", 0.08},
    {"trailing_zeros", "4.800", 4.8},
    {"space_groups", "1 234 567.89", 1234567.89},
    {"minus_sign", "-9.2321312", -9.2321312},
    {"unicode_minus", "\u22121", -1},
    {"minus_word", "minus one", -1},
    {"negative_word", "negative ten", -10},
    {"katakana_minus", "マイナス10000", -10000},
    {"hundred_and_tens", "one hundred and sixty-one", 161},
    {"spaced_hyphen", "fifty - two", 52},
    {"trillion_tail", "twenty-one trillion three hundred", 21000000000300},
    {"trillion_and_tail", "twenty-one trillion and three hundred", 21000000000300},
    {"group_then_scale", "two hundred and two thousand", 202000},
    {"thousand_and_hundred", "two thousand and two hundred", 2200},
    {"digits_hundred", "322 hundred", 32200},
    {"digit_word_mix", "3 hundred and one", 301},
    {"a_half", "a half", 0.5},
    {"one_and_a_half", "one and a half", 1.5},
    {"half_million", "half million", 5e5},
    {"quarter_million", "a quarter million", 2.5e5},
    {"thirds_of_a", "two thirds of a million", 2e6 / 3},
    {"and_a_half_after_scale", "3 million and a half", 3.5e6},
    {"and_a_half_million", "one billion and a half million", 1000500000},
    {"quarters_after_scale", "five billion and three quarters", 5.75e9},
    {"half_before_scale", "five and a half million", 5.5e6},
    {"quarters_before_scale", "three quarters billion", 7.5e8},
    {"a_dozen", "a dozen", 12},
    {"two_dozen", "two dozen", 24},
    {"dozen_hyphen", "three-dozen", 36},
    {"half_a_dozen", "half a dozen", 6},
    {"dozen_bare", "dozen", 12},
    {"a_thousand", "a thousand", 1000},
    {"kanji_man_small", "5万4千6百", 54600},
    {"kanji_oku_man_small", "5億1万4千6百", 500014600},
    {"kanji_abbrev", "一万三", 10003},
    {"kanji_cho", "五兆六十二億四万五千二", 5006200045002},
    {"kanji_spaces", "7万 5千 4百", 75400},
    {"digits_spaces", "3 万 4,500", 34500},
    {"oku_digit_groups", "4億23,800,000", 423800000},
    {"decimal_man", "2.3万", 23000},
    {"man_of_oku", "1万億", 1e12},
    {"kanji_decimal", "〇・〇八", 0.08},
    {"kanji_decimal_tens", "百二十三万四千五百六十七・八十九", 1234567.89},
    {"kanji_minus", "マイナス五・五", -5.5},
    {"sen_hyaku", "千二百億", 1.2e11},
    {"zero_kanji", "零", 0},
    {"dot_decimal_digits", "57・1", 57.1},
    {"dot_decimal_before_cho", "115・5兆", 1.155e14},
    {"dot_decimal_after_cho", "1兆2・5億", 1000250000000},
};

TEST(ParseNumber, KnownForms) {
  for (const NumberCase& c : kNumbers) {
    SCOPED_TRACE(c.name);
    auto v = ParseNumber(c.text);
    ASSERT_TRUE(v.has_value());
    EXPECT_DOUBLE_EQ(*v, c.value);
  }
}

TEST(ParseNumber, RejectsNonNumbers) {
  for (const char* s : {"", "abc", "several", "1.2.3x", "日本", "万", "万万", "億円", "ten and five", "1, 234",
                        "minus", "マイナス", "1,23", "1万2・5万", "a", "third", "million", "thousand", "billion dollar"}) {
    SCOPED_TRACE(s);
    EXPECT_FALSE(ParseNumber(s).has_value());
  }
}

TEST(ParseScale, Words) {
  EXPECT_DOUBLE_EQ(*ParseScale("billion"), 1e9);
  EXPECT_DOUBLE_EQ(*ParseScale("bn"), 1e9);
  EXPECT_DOUBLE_EQ(*ParseScale("M"), 1e6);
  EXPECT_DOUBLE_EQ(*ParseScale("億"), 1e8);
  EXPECT_DOUBLE_EQ(*ParseScale("k"), 1e3);
  EXPECT_DOUBLE_EQ(*ParseScale("MM"), 1e6);
  EXPECT_DOUBLE_EQ(*ParseScale("G"), 1e9);
  EXPECT_DOUBLE_EQ(*ParseScale("tln"), 1e12);
  EXPECT_DOUBLE_EQ(*ParseScale(""), 1);
  EXPECT_FALSE(ParseScale("apples").has_value());
}

TEST(ParseOrdinal, WordsAndNumerals) {
  EXPECT_DOUBLE_EQ(*ParseOrdinal("12th"), 12);
  EXPECT_DOUBLE_EQ(*ParseOrdinal("third"), 3);
  EXPECT_DOUBLE_EQ(*ParseOrdinal("twenty-first"), 21);
  EXPECT_FALSE(ParseOrdinal("tent").has_value());
}

}  // namespace
}  // namespace kiji::resolve
