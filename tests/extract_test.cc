#include <gtest/gtest.h>

#include "extract/article.h"

namespace kiji::extract {
namespace {

TEST(ParsePlainText, DateTokenAndDateline) {
  Article a = ParsePlainText(" date 2025-02-28 BAKU, Azerbaijan, February 28. Japan is set to play a role.\n\nMore.");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(*a.published, "2025-02-28");
  EXPECT_FALSE(a.title.has_value());
  ASSERT_TRUE(a.dateline.has_value());
  EXPECT_EQ(a.dateline->text, "BAKU, Azerbaijan, February 28.");
  EXPECT_EQ(a.dateline->place, "BAKU, Azerbaijan");
  EXPECT_EQ(a.body.substr(0, 4), "BAKU");
}

TEST(ParsePlainText, HeadlineThenBody) {
  Article a = ParsePlainText("Cooperation with Japan – a new step in Uzbekistan’s digital development\n"
                             "Tashkent, Uzbekistan (UzDaily.com) — In an effort to elevate cooperation, talks were held.\n");
  ASSERT_TRUE(a.title.has_value());
  EXPECT_EQ(*a.title, "Cooperation with Japan – a new step in Uzbekistan’s digital development");
  ASSERT_TRUE(a.dateline.has_value());
  EXPECT_EQ(a.dateline->text, "Tashkent, Uzbekistan (UzDaily.com) —");
  EXPECT_EQ(a.dateline->place, "Tashkent, Uzbekistan");
}

TEST(ParsePlainText, NoHeadlineWhenFirstLineIsASentenceOrStandsAlone) {
  EXPECT_FALSE(ParsePlainText("The ministry signed a memorandum on Monday.\nMore text here.").title.has_value());
  EXPECT_FALSE(ParsePlainText("株式会社デジタル・ナレッジ\n\n本文です。").title.has_value());
  EXPECT_FALSE(ParsePlainText("Just one line").title.has_value());
}

TEST(LooksBinary, NulAndSignatures) {
  size_t at = 99;
  EXPECT_TRUE(LooksBinary(std::string("ab\0cd", 5), &at));
  EXPECT_EQ(at, 2u);
  EXPECT_TRUE(LooksBinary("\x89PNG\r\n", &at));
  EXPECT_FALSE(LooksBinary("plain text", &at));
}

TEST(ExtractArticle, EmptyAndBinaryAreErrors) {
  Document d;
  d.source.location = "x.txt";
  d.bytes = "  \n\t";
  Result<Article> a = ExtractArticle(d);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().Message(), "x.txt: input has only white space");
  d.bytes = std::string("\0\0\0", 3);
  a = ExtractArticle(d);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kBinary);
}

}  // namespace
}  // namespace kiji::extract
