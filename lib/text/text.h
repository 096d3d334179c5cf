// The text stage: raw article bytes -> normalized text, sentences, language.
//
// Validates UTF-8 (invalid bytes become U+FFFD and a warning), applies NFKC
// (full-width digits, Kangxi radicals such as ⽉ -> 月), folds runs of spaces
// and tabs to one space, keeps line breaks and turns blank-line runs into one
// paragraph break ("\n\n"). Sentences come from ICU's BreakIterator; each
// sentence and the whole text get a language from their scripts.
// Knows nothing of HTML, rules or JSON. Functions are thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiji::text {

enum class Lang { kUnd, kEn, kJa, kMixed };

// Returns "en", "ja", "mixed" or "und".
const char* LangName(Lang lang);
// Returns the Lang for "en", "ja", "mixed" (anything else: kUnd).
Lang ParseLang(std::string_view name);

struct Sentence {
  size_t begin = 0;  // byte offsets into NormText::text, end exclusive
  size_t end = 0;
  Lang lang = Lang::kUnd;
  bool has_latin = false;     // holds a Latin word (3+ letters in all)
  bool has_japanese = false;  // holds kana or kanji
};

struct NormText {
  std::string text;                   // NFKC, whitespace-folded UTF-8
  std::vector<Sentence> sentences;    // in order, covering the text but not
                                      // its line breaks
  Lang lang = Lang::kUnd;             // of the whole text
  std::vector<std::string> warnings;  // e.g. "invalid UTF-8 replaced at byte 12 (3 times)"
};

// Replaces invalid UTF-8 sequences in `bytes` with U+FFFD. Returns how many
// sequences were replaced; `first_bad` gets the byte offset of the first one.
size_t RepairUtf8(std::string& bytes, size_t* first_bad);

// Returns `s` in NFKC with whitespace folded as described above. `s` must be
// valid UTF-8 (RepairUtf8 first).
std::string NormalizeString(std::string_view s);

// Runs the whole stage on raw bytes.
NormText Normalize(std::string_view bytes);

// Returns the language of `s` from its scripts: kJa when Japanese characters
// dominate (kana count double), kEn for Latin, kMixed when both carry at
// least 30%, kUnd with no letters.
Lang DetectLang(std::string_view s);

// Converts byte offsets into code point offsets, for one text. Each query
// walks from the previous one (forward or back), so offsets that mostly
// ascend cost one pass over the text.
class CodePointCounter {
 public:
  explicit CodePointCounter(std::string_view text) : text_(text) {}
  size_t At(size_t byte_offset);

 private:
  std::string_view text_;
  size_t byte_ = 0;
  size_t cp_ = 0;
};

// Returns the number of code points in `s`.
size_t CountCodePoints(std::string_view s);

// Returns the byte length of the UTF-8 sequence a lead byte starts (1-4).
inline size_t Utf8Len(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

// Decodes the code point starting at s[i] (valid UTF-8 assumed).
inline char32_t CodePointAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = static_cast<int>(Utf8Len(c)) - 1;
  char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (size_t k = 1; k <= static_cast<size_t>(extra) && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return cp;
}

// Decodes the code point at s[*i] and moves *i past it.
inline char32_t NextCodePoint(std::string_view s, size_t* i) {
  char32_t cp = CodePointAt(s, *i);
  *i = std::min(*i + Utf8Len(static_cast<unsigned char>(s[*i])), s.size());
  return cp;
}

// Returns the code point that ends just before s[i] (i > 0).
inline char32_t CodePointBefore(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return CodePointAt(s, j);
}

// Returns true for katakana letters and the prolonged sound mark ー.
inline bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }

}  // namespace kiji::text
