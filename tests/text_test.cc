#include <gtest/gtest.h>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <random>
#include <string>
#include <vector>

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

// Index tickers (".IXIC", ".SPX", ".N225") are written as a dot glued to
// capitals: ICU breaks after a dot that follows a space, and "IXIC added
// ..." read as a sentence of its own made "IXIC" an organization. A dot
// glued to a word that is not all capitals still ends a sentence.
TEST(Normalize, TickersAndLegalFormsAfterADotDoNotEndSentences) {
  struct Case {
    const char* name;
    const char* text;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"after_space", "The Nasdaq Composite .IXIC added 20.72 points, and the S&P 500 .SPX lost 1.85 points. Shares fell.",
       {"The Nasdaq Composite .IXIC added 20.72 points, and the S&P 500 .SPX lost 1.85 points.", "Shares fell."}},
      {"glued_to_name", "The Nasdaq.IXIC rose. Shares fell.", {"The Nasdaq.IXIC rose.", "Shares fell."}},
      {"digits_in_ticker", "The Nikkei .N225 fell 1%. Shares fell.", {"The Nikkei .N225 fell 1%.", "Shares fell."}},
      {"in_brackets", "The Nasdaq (.IXIC) rose. Shares fell.", {"The Nasdaq (.IXIC) rose.", "Shares fell."}},
      {"word_not_ticker", "Sales grew by 5% .The firm said so.", {"Sales grew by 5% .", "The firm said so."}},
      {"sentence_then_acronym", "Sales grew. IBM said so.", {"Sales grew.", "IBM said so."}},
      {"stock_code_in_brackets", "東西通信<1111.T>と南北電話<2222.T>は提携した。次の文。",
       {"東西通信<1111.T>と南北電話<2222.T>は提携した。", "次の文。"}},
      // A legal form's dot followed by a parenthesis ("Acme Corp. (NYSE:
      // ACM)", "Beta Co., Ltd. (Korea)") is inside a sentence: ICU broke
      // there, and "A Inc. (NASDAQ: A) and B signed a deal" lost its parties.
      {"listing_note", "Acme Corp. (NASDAQ: ACME) and Beta Inc. (OTCQX: BETA) signed a deal. Shares rose.",
       {"Acme Corp. (NASDAQ: ACME) and Beta Inc. (OTCQX: BETA) signed a deal.", "Shares rose."}},
      {"country_note", "Gamma Co., Ltd. (Korea) joined. Shares rose.", {"Gamma Co., Ltd. (Korea) joined.", "Shares rose."}},
      {"form_ends_sentence", "The buyer is Acme Corp. Beta said so.", {"The buyer is Acme Corp.", "Beta said so."}},
      {"other_word_before_paren", "Sales grew. (Figures are in yen.)", {"Sales grew.", "(Figures are in yen.)"}},
      // A country's dotted abbreviation before a capitalized word that is
      // no sentence opener is inside a sentence: "U.S. Steel", "U.S.
      // President X and U.K. Prime Minister Y signed".
      {"abbreviation_then_name", "Shares of U.S. Steel rose. Sales fell.", {"Shares of U.S. Steel rose.", "Sales fell."}},
      {"abbreviations_then_titles", "U.S. President Ann Lee and U.K. Prime Minister Bo Chan signed. Sales fell.",
       {"U.S. President Ann Lee and U.K. Prime Minister Bo Chan signed.", "Sales fell."}},
      {"abbreviation_ends_sentence", "It sells in the U.S. The deal is done.", {"It sells in the U.S.", "The deal is done."}},
      {"initials_then_name", "J.P. Morgan led the deal. Sales fell.", {"J.P. Morgan led the deal.", "Sales fell."}},
      {"abbreviation_then_title", "He moved to the U.S. Ms. Lee stayed.", {"He moved to the U.S.", "Ms. Lee stayed."}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    NormText t = Normalize(c.text);
    std::vector<std::string> got;
    for (const Sentence& s : t.sentences) got.push_back(t.text.substr(s.begin, s.end - s.begin));
    EXPECT_EQ(got, c.want);
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

// The reference for NormalizeString: all of `s` through ICU's NFKC, then
// white space folded byte by byte (the plain form of lib/text's folding).
std::string ReferenceNormalize(std::string_view s) {
  std::string nfkc;
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&nfkc);
  icu::Normalizer2::getNFKCInstance(status)->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())),
                                                           sink, nullptr, status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out;
  size_t newlines = 0;
  bool space = false;
  const auto* p = reinterpret_cast<const uint8_t*>(nfkc.data());
  const int32_t n = static_cast<int32_t>(nfkc.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c == '\r' && i < n && p[i] == '\n') ++i;
    if (c == '\r' || c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85) {
      ++newlines;
      space = false;
    } else if ((c >= 0 && c < 0x20) || c == 0xFEFF || c == 0x200B || (c >= 0 && u_isWhitespace(c))) {
      space = true;
    } else {
      if (!out.empty()) out += newlines >= 2 ? "\n\n" : newlines == 1 ? "\n" : space ? " " : "";
      newlines = 0;
      space = false;
      out.append(nfkc, static_cast<size_t>(start), static_cast<size_t>(i - start));
    }
  }
  return out;
}

// Every BMP character, alone and between others it may join with under
// NFKC (combining marks, voiced sound marks, Hangul jamo), normalizes as
// ICU normalizes the whole text.
TEST(NormalizeString, SameAsIcuForEveryBmpCharacter) {
  for (UChar32 block = 0; block <= 0xFFFF; block += 0x100) {
    SCOPED_TRACE(block);
    icu::UnicodeString u;
    for (UChar32 c = block; c < block + 0x100; ++c) {
      if (U_IS_SURROGATE(c)) continue;
      u.append(u'a').append(c).append(c).append(u'\u0301').append(u'か').append(c).append(u'\u3099');
      u.append(u'\u1100').append(c).append(u'\u1161').append(u'\u11A8').append(c).append(u' ').append(c);
    }
    std::string s;
    u.toUTF8String(s);
    EXPECT_EQ(NormalizeString(s), ReferenceNormalize(s));
  }
}

// Random texts from pieces that fold or normalize (spaces of every kind,
// line breaks, controls, full-width and combining characters) normalize as
// ICU and the plain folding do.
TEST(NormalizeString, SameAsIcuAndPlainFoldingOnRandomTexts) {
  const std::vector<std::string> pieces = {
      " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n\n", "\v", "\f", "\x01", "\x7f", "a", "Word", "x.", "\u00a0",
      "\u3000", "\u2028", "\u2029", "\u0085", "\ufeff", "\u200b", "\u2003", "\u1680", "\u180e", "\u205f", "ｶﾞ", "ﾞ",
      "\u0301", "e\u0301", "か\u3099", "\u309b", "１２", "ＡＢ", "㈱", "⽉", "ﬁ", "①", "’", "日本", "\U0001F600",
      "\u1100\u1161", "\u11a8", "가", "\u00bd", "\u2126", "\u0130", "\u1e9b\u0323", "\u0f73"};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const size_t n = rng() % 40;
    for (size_t k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    SCOPED_TRACE(s);
    ASSERT_EQ(NormalizeString(s), ReferenceNormalize(s));
  }
}

// Invalid UTF-8 reaching NormalizeString goes through ICU whole.
TEST(NormalizeString, InvalidUtf8AsIcu) {
  for (const std::string s : {std::string("ab\xff  cd"), std::string("\xe3\x81 x"), std::string("Ａ\xc0\xaf\u0301")}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(NormalizeString(s), ReferenceNormalize(s));
  }
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
