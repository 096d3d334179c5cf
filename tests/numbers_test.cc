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
  for (const char* s : {"", "abc", "several", "1.2.3x", "日本"}) {
    SCOPED_TRACE(s);
    EXPECT_FALSE(ParseNumber(s).has_value());
  }
}

TEST(ParseScale, Words) {
  EXPECT_DOUBLE_EQ(*ParseScale("billion"), 1e9);
  EXPECT_DOUBLE_EQ(*ParseScale("bn"), 1e9);
  EXPECT_DOUBLE_EQ(*ParseScale("M"), 1e6);
  EXPECT_DOUBLE_EQ(*ParseScale("億"), 1e8);
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
