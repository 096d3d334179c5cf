#include <gtest/gtest.h>

#include "text/text.h"

namespace kiji::text {
namespace {

TEST(Normalize, NfkcFoldsWidthAndKangxiRadicals) {
  NormText t = Normalize("２０２１／３／２５に\xE2\xBD\x89\xE2\xBD\x87");  // ⽉⽇ (Kangxi radicals)
  EXPECT_EQ(t.text, "2021/3/25に月日");
}

TEST(Normalize, FoldsSpacesKeepsParagraphs) {
  NormText t = Normalize("  One\t two  \n\n\n\nThree\u3000four.\r\nFive. ");
  EXPECT_EQ(t.text, "One two\n\nThree four.\nFive.");
}

TEST(Normalize, InvalidUtf8BecomesReplacementWithWarning) {
  NormText t = Normalize(std::string("ab\xFF" "cd\xC3", 6));
  EXPECT_EQ(t.text, "ab\xEF\xBF\xBD" "cd\xEF\xBF\xBD");
  ASSERT_EQ(t.warnings.size(), 1u);
  EXPECT_EQ(t.warnings[0], "invalid UTF-8 replaced at byte 2 (2 sequences)");
}

TEST(Normalize, SentencesSplitAndCarryLanguage) {
  NormText t = Normalize("The deal was signed on Feb. 28, 2025. Talks continue.\n両社は覚書を締結した。今後も協力する。");
  ASSERT_EQ(t.sentences.size(), 4u);
  auto sv = [&](size_t i) { return t.text.substr(t.sentences[i].begin, t.sentences[i].end - t.sentences[i].begin); };
  EXPECT_EQ(sv(0), "The deal was signed on Feb. 28, 2025.");
  EXPECT_EQ(sv(1), "Talks continue.");
  EXPECT_EQ(sv(2), "両社は覚書を締結した。");
  EXPECT_EQ(t.sentences[0].lang, Lang::kEn);
  EXPECT_EQ(t.sentences[2].lang, Lang::kJa);
}

// Regression (dates branch): ICU's standard English list lacks "Oct.", so
// "cut on Oct. 30." broke after "Oct." and no rule saw the date.
TEST(Normalize, AbbreviatedMonthsDoNotEndSentences) {
  for (const char* text : {"Guidance was cut on Oct. 30. Shares fell.", "It opens Sept. 12. Shares fell."}) {
    SCOPED_TRACE(text);
    NormText t = Normalize(text);
    ASSERT_EQ(t.sentences.size(), 2u);
    EXPECT_EQ(t.text.substr(t.sentences[1].begin, t.sentences[1].end - t.sentences[1].begin), "Shares fell.");
  }
}

TEST(Normalize, OverlongSentencesAreCutAtSpaces) {
  std::string words;
  for (int i = 0; i < 10000; ++i) words += "word" + std::to_string(i % 10) + " ";
  NormText t = Normalize(words);
  ASSERT_GT(t.sentences.size(), 2u);
  for (const Sentence& s : t.sentences) {
    EXPECT_LE(s.end - s.begin, 16u * 1024);
    EXPECT_NE(t.text[s.begin], ' ');
    EXPECT_NE(t.text[s.end - 1], ' ');
  }
  EXPECT_EQ(t.sentences.back().end, t.text.size());
}

TEST(DetectLang, ByScript) {
  EXPECT_EQ(DetectLang("Japan and Uzbekistan signed a memorandum."), Lang::kEn);
  EXPECT_EQ(DetectLang("日本とウズベキスタンは覚書を締結した。"), Lang::kJa);
  EXPECT_EQ(DetectLang("1234 ..."), Lang::kUnd);
  EXPECT_EQ(DetectLang("Japan Digital University and Digital Knowledge 共同"), Lang::kEn);
  EXPECT_EQ(DetectLang("IT Parkと日本デジタル大学が覚書を締結した"), Lang::kJa);
  EXPECT_EQ(DetectLang("Japan Digital University と 日本デジタル大学"), Lang::kMixed);
}

TEST(CodePointCounter, CountsLeadBytes) {
  std::string s = "a日本b";
  CodePointCounter c(s);
  EXPECT_EQ(c.At(0), 0u);
  EXPECT_EQ(c.At(1), 1u);
  EXPECT_EQ(c.At(4), 2u);
  EXPECT_EQ(c.At(8), 4u);
  EXPECT_EQ(c.At(1), 1u);  // going back
  EXPECT_EQ(c.At(7), 3u);  // inside a character: the lead bytes before it
  EXPECT_EQ(c.At(2), 2u);
  EXPECT_EQ(c.At(100), 4u);  // past the end: the whole text
  EXPECT_EQ(c.At(0), 0u);
  EXPECT_EQ(CountCodePoints(s), 4u);
}

}  // namespace
}  // namespace kiji::text
