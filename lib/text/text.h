// The text stage: raw article bytes -> normalized text, sentences, language.
//
// Validates UTF-8 (invalid bytes become U+FFFD and a warning), applies NFKC
// (full-width digits, Kangxi radicals such as ⽉ -> 月), folds runs of spaces
// and tabs to one space, keeps line breaks and turns blank-line runs into one
// paragraph break ("\n\n"). Sentences come from ICU's BreakIterator; each
// sentence and the whole text get a language from their scripts.
// Knows nothing of HTML, rules or JSON. Functions are thread-safe.
#pragma once

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

// Converts ascending byte offsets into code point offsets, for one text.
// Queries must not decrease (it walks forward); a smaller one restarts.
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

}  // namespace kiji::text
