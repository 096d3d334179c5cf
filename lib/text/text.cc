#include "text/text.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <mutex>

#include "common/strings.h"

namespace kiji::text {

const char* LangName(Lang lang) {
  switch (lang) {
    case Lang::kEn: return "en";
    case Lang::kJa: return "ja";
    case Lang::kMixed: return "mixed";
    case Lang::kUnd: break;
  }
  return "und";
}

Lang ParseLang(std::string_view name) {
  if (name == "en" || name.rfind("en-", 0) == 0 || name.rfind("en_", 0) == 0) return Lang::kEn;
  if (name == "ja" || name.rfind("ja-", 0) == 0 || name.rfind("ja_", 0) == 0) return Lang::kJa;
  if (name == "mixed") return Lang::kMixed;
  return Lang::kUnd;
}

namespace {

// Returns the offset of the first invalid UTF-8 sequence in `s`, or
// s.size() when there is none.
size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  // Most input is clean: eight ASCII bytes at a time.
  int32_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) { ++i; continue; }
    int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (c < 0) break;
    i = j;
  }
  return static_cast<size_t>(std::min(i, n));
}

}  // namespace

size_t RepairUtf8(std::string& bytes, size_t* first_bad) {
  const size_t bad = FirstInvalidUtf8(bytes);
  if (bad == bytes.size()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t n = static_cast<int32_t>(bytes.size());
  int32_t i = static_cast<int32_t>(bad);
  if (first_bad) *first_bad = static_cast<size_t>(i);
  std::string out;
  out.reserve(bytes.size() + 16);
  out.append(bytes, 0, static_cast<size_t>(i));
  size_t replaced = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out.append("\xEF\xBF\xBD");
      ++replaced;
    } else {
      out.append(bytes, static_cast<size_t>(start), static_cast<size_t>(i - start));
    }
  }
  bytes.swap(out);
  return replaced;
}

namespace {

const icu::Normalizer2* Nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  return nfkc;
}

// Bytes that may start white space: ASCII controls and space, and the lead
// bytes of U+0085 (C2), U+1680/U+180E (E1), U+2000-U+205F (E2), U+FEFF (EF).
constexpr auto kMayStartSpace = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c <= ' '; ++c) t[c] = true;
  t[0xC2] = t[0xE1] = t[0xE2] = t[0xEF] = true;
  return t;
}();

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

inline uint64_t Load8(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Returns a word with the high bit set in (at least) the lowest byte of `w`
// that equals `b`, zero when no byte does.
inline uint64_t HasByte(uint64_t w, unsigned char b) {
  const uint64_t v = w ^ (kOnes * b);
  return (v - kOnes) & ~v & kHigh;
}

// Returns a word with the high bit set in the lowest byte of `w` that is in
// kMayStartSpace (and maybe in later ones), zero when no byte is.
inline uint64_t MayStartSpace(uint64_t w) {
  const uint64_t up_to_space = (w - kOnes * 0x21) & ~w & kHigh;
  return up_to_space | HasByte(w, 0xC2) | HasByte(w, 0xE1) | HasByte(w, 0xE2) | HasByte(w, 0xEF);
}

// Returns a word with the high bit set in exactly the bytes of `w` that
// equal `b`.
inline uint64_t ByteIs(uint64_t w, unsigned char b) {
  const uint64_t v = w ^ (kOnes * b);
  return ~(((v & ~kHigh) + ~kHigh) | v | ~kHigh);
}

// Returns the index of the lowest byte flagged in `mask` (not zero).
inline size_t FirstFlagged(uint64_t mask) { return static_cast<size_t>(std::countr_zero(mask)) / 8; }

// Folds white space in normalized text given piece by piece: spaces and
// tabs (and the few horizontal spaces NFKC leaves) to one space, trims
// lines, one "\n" for a line break, "\n\n" for one or more blank lines.
// Runs of words with single spaces between them are copied whole; only
// bytes that can start other white space are examined one by one.
class Folder {
 public:
  explicit Folder(std::string& out) : out_(out) {}
  void Append(std::string_view s);

 private:
  // Writes the white space pending before the next visible text.
  void EmitPending() {
    if (!out_.empty()) {
      if (newlines_ >= 2) out_.append("\n\n");
      else if (newlines_ == 1) out_.push_back('\n');
      else if (space_) out_.push_back(' ');
    }
    newlines_ = 0;
    space_ = false;
  }

  std::string& out_;
  size_t newlines_ = 0;    // pending line breaks
  bool space_ = false;     // pending space
  bool after_cr_ = false;  // the last byte was "\r" (a "\n" next is the same break)
};

void Folder::Append(std::string_view s) {
  const size_t n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  if (after_cr_ && n > 0 && p[0] == '\n') ++i;
  after_cr_ = false;
  while (i < n) {
    unsigned char c = p[i];
    if (!kMayStartSpace[c]) {
      // A run of visible text, single spaces between words included, up to
      // what may need folding, eight bytes at a time.
      size_t j = i + 1;
      for (; j + 9 <= n; j += 8) {
        const uint64_t w = Load8(p + j);
        const uint64_t spaces = ByteIs(w, ' ');
        // Spaces become '!' for MayStartSpace: only double ones stop the run.
        uint64_t mask = MayStartSpace(w | (spaces >> 7));
        if (spaces) mask |= spaces & ByteIs(Load8(p + j + 1), ' ');
        if (mask) {
          j += FirstFlagged(mask);
          break;
        }
      }
      if (j + 9 > n) {
        for (; j < n; ++j) {
          if (p[j] == ' ' ? j + 1 < n && p[j + 1] == ' ' : kMayStartSpace[p[j]]) break;
        }
      }
      if (p[j - 1] == ' ') --j;  // a space before what follows is folded with it
      EmitPending();
      out_.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') { space_ = true; ++i; continue; }
    if (c == '\r') {
      ++newlines_;
      ++i;
      if (i == n) after_cr_ = true;
      else if (p[i] == '\n') ++i;
      space_ = false;
      continue;
    }
    if (c == '\n') { ++newlines_; ++i; space_ = false; continue; }
    if (c < ' ') {  // other control characters are dropped as white space
      space_ = true;
      ++i;
      continue;
    }
    // A lead byte that may start a non-ASCII space or line separator.
    int32_t k = static_cast<int32_t>(i);
    UChar32 cp;
    U8_NEXT(p, k, static_cast<int32_t>(n), cp);
    size_t len = static_cast<size_t>(k) - i;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) { ++newlines_; i += len; space_ = false; continue; }
    if (cp == 0xFEFF || cp == 0x200B || (cp >= 0 && u_isWhitespace(cp))) { space_ = true; i += len; continue; }
    EmitPending();
    out_.append(s.data() + i, len);
    i += len;
  }
}

// Returns a fresh sentence iterator; ICU iterators are not thread-safe, so
// each caller clones the shared prototype.
std::unique_ptr<icu::BreakIterator> NewSentenceIterator() {
  static std::once_flag once;
  static icu::BreakIterator* proto = nullptr;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    // English abbreviations (Mr., U.S.) do not end sentences ("ss=standard"),
    // nor do abbreviated months, which the standard list lacks in part:
    // "cut on Oct. 30." is one sentence, so date rules see "Oct. 30".
    std::unique_ptr<icu::FilteredBreakIteratorBuilder> filter(
        icu::FilteredBreakIteratorBuilder::createInstance(icu::Locale::getEnglish(), status));
    if (U_SUCCESS(status)) {
      for (const char16_t* abbr : {u"Jan.", u"Feb.", u"Mar.", u"Apr.", u"Jun.", u"Jul.", u"Aug.", u"Sep.",
                                   u"Sept.", u"Oct.", u"Nov.", u"Dec."}) {
        filter->suppressBreakAfter(icu::UnicodeString(abbr), status);
      }
      proto = filter->build(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status), status);
    }
    if (U_FAILURE(status) || proto == nullptr) {
      status = U_ZERO_ERROR;
      proto = icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status);
    }
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      proto = icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status);
    }
  });
  return std::unique_ptr<icu::BreakIterator>(proto->clone());
}

bool IsJapaneseChar(UChar32 c) {
  if (c >= 0x3040 && c <= 0x30FF) return true;    // hiragana, katakana
  if (c >= 0x31F0 && c <= 0x31FF) return true;    // katakana extensions
  if (c >= 0x4E00 && c <= 0x9FFF) return true;    // CJK unified
  if (c >= 0x3400 && c <= 0x4DBF) return true;    // CJK ext A
  if (c >= 0x3000 && c <= 0x303F) return false;   // CJK punctuation
  return false;
}

// Appends NFKC of `s` to `out`; `s` itself when ICU fails.
void AppendNfkc(std::string_view s, std::string& out) {
  const size_t size = out.size();
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  Nfkc()->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr, status);
  if (U_FAILURE(status)) {
    out.resize(size);
    out.append(s);
  }
}

// Decodes the character at p[i] and moves `i` past it; `c` is negative for
// invalid UTF-8. Three-byte characters (kana, kanji) without the special
// cases of E0 and ED are decoded inline, the rest by ICU's U8_NEXT.
inline void NextChar(const uint8_t* p, int32_t& i, int32_t n, UChar32& c) {
  const uint8_t lead = p[i];
  if ((lead & 0xF0) == 0xE0 && lead != 0xE0 && lead != 0xED && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
      (p[i + 2] & 0xC0) == 0x80) {
    c = static_cast<UChar32>(((lead & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu));
    i += 3;
    return;
  }
  U8_NEXT(p, i, n, c);
}

// What NFKC does with each BMP character, from ICU, to find the spans of a
// text that NFKC leaves alone without asking ICU character by character.
class NfkcTable {
 public:
  NfkcTable() {
    const icu::Normalizer2* nfkc = Nfkc();
    icu::UnicodeString decomposition;
    for (UChar32 c = 0; c <= 0xFFFF; ++c) {
      if (U_IS_SURROGATE(c) || nfkc == nullptr) continue;
      if (!nfkc->hasBoundaryBefore(c)) continue;
      boundary_before_[c >> 6] |= uint64_t{1} << (c & 63);
      // Stable also when NFKC composes the decomposition back (が, é).
      UErrorCode status = U_ZERO_ERROR;
      if (!nfkc->getDecomposition(c, decomposition) || (nfkc->isNormalized(icu::UnicodeString(c), status) && U_SUCCESS(status))) {
        stable_[c >> 6] |= uint64_t{1} << (c & 63);
      }
    }
    for (UChar32 c = 0; c < 0x80; ++c) ascii_stable_ = ascii_stable_ && Stable(c);
  }
  // Returns true when NFKC leaves `c` alone and nothing before it changes
  // with it: a text splits before it, and `c` alone normalizes to itself
  // (so a text also splits after it when what follows splits before).
  bool Stable(UChar32 c) const { return c <= 0xFFFF && ((stable_[c >> 6] >> (c & 63)) & 1); }
  // Returns true when a text splits before `c` for NFKC (the part before
  // and the part from `c` on normalize independently).
  bool BoundaryBefore(UChar32 c) const {
    return c <= 0xFFFF ? ((boundary_before_[c >> 6] >> (c & 63)) & 1) : Nfkc()->hasBoundaryBefore(c);
  }
  // Returns true when every ASCII character is Stable (so runs of ASCII
  // bytes are skipped whole).
  bool AsciiStable() const { return ascii_stable_; }

 private:
  std::array<uint64_t, 1024> boundary_before_{};
  std::array<uint64_t, 1024> stable_{};
  bool ascii_stable_ = true;
};

const NfkcTable& NfkcProperties() {
  static const NfkcTable table;
  return table;
}

// Writes `s` in NFKC to `fold`. Only the pieces that may change go through
// ICU: each starts before a character that is not Stable (or before the
// Stable one ahead of it when the two join) and ends before the next Stable
// character; the rest, most text, is passed on as it is. Returns false,
// having written part of it, when `s` is not valid UTF-8.
bool AppendNfkcFolded(std::string_view s, Folder& fold) {
  const NfkcTable& table = NfkcProperties();
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  std::string piece;
  int32_t i = 0;
  while (i < n) {
    // A span of Stable characters.
    const int32_t begin = i;
    int32_t last = -1;  // where its last character starts
    while (i < n) {
      if (p[i] < 0x80 && table.AsciiStable()) {  // ASCII, eight bytes at a time
        if (i + 8 <= n && !(Load8(p + i) & kHigh)) {
          last = i + 7;
          i += 8;
        } else {
          last = i++;
        }
        continue;
      }
      int32_t next = i;
      UChar32 c;
      NextChar(p, next, n, c);
      if (c < 0) return false;
      if (table.Stable(c)) {
        last = i;
        i = next;
        continue;
      }
      if (!table.BoundaryBefore(c) && last >= 0) i = last;
      break;
    }
    fold.Append(s.substr(static_cast<size_t>(begin), static_cast<size_t>(i - begin)));
    if (i >= n) break;
    // The piece for ICU, up to the next Stable character.
    int32_t end = i;
    UChar32 c;
    NextChar(p, end, n, c);
    if (c < 0) return false;
    for (int32_t next = end; end < n; end = next) {
      NextChar(p, next, n, c);
      if (c < 0) return false;
      if (table.Stable(c)) break;
    }
    piece.clear();
    AppendNfkc(s.substr(static_cast<size_t>(i), static_cast<size_t>(end - i)), piece);
    fold.Append(piece);
    i = end;
  }
  return true;
}

// Returns `s` normalized into `out`; false (with `out` unspecified) when
// `s` is not valid UTF-8.
bool NormalizeValid(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  Folder fold(out);
  return AppendNfkcFolded(s, fold);
}

}  // namespace

std::string NormalizeString(std::string_view s) {
  std::string out;
  if (!NormalizeValid(s, out)) {
    // Invalid UTF-8 (Normalize repairs it first): all of it through ICU.
    std::string nfkc;
    AppendNfkc(s, nfkc);
    out.clear();
    Folder(out).Append(nfkc);
  }
  return out;
}

namespace {

struct ScriptCounts {
  size_t ja = 0;     // Japanese characters, each counted twice
  size_t latin = 0;  // Latin letters
};

// Adds the character whose UTF-8 sequence starts at p[0] (of `len` bytes)
// to the counts. Classifies by lead bytes: no full decoding for ASCII.
inline void CountChar(const unsigned char* p, size_t len, ScriptCounts& c) {
  if (len == 1) {
    c.latin += static_cast<size_t>(static_cast<unsigned>((p[0] | 0x20) - 'a') < 26u);
  } else if (len == 2) {
    // U+00C0..U+024F: accented Latin letters (but not × ÷).
    unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ++c.latin;
  } else if (len == 3) {
    UChar32 cp = static_cast<UChar32>(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
    if (IsJapaneseChar(cp)) c.ja += 2;  // one Japanese character carries about two Latin letters
  }
}

// Returns how many of the eight ASCII bytes of `w` are letters a-z, A-Z.
inline size_t CountAsciiLetters(uint64_t w) {
  const uint64_t lower = w | (kOnes * 0x20);  // bytes stay below 0x80
  const uint64_t from_a = (lower + kOnes * (0x80 - 'a')) & kHigh;
  const uint64_t past_z = (lower + kOnes * (0x80 - 'z' - 1)) & kHigh;
  return static_cast<size_t>((((from_a & ~past_z) >> 7) * kOnes) >> 56);
}

ScriptCounts CountScripts(std::string_view s) {
  ScriptCounts c;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    size_t len = std::min(Utf8Len(p[i]), s.size() - i);
    CountChar(p + i, len, c);
    i += len;
  }
  return c;
}

Lang LangOf(const ScriptCounts& c) {
  size_t total = c.ja + c.latin;
  if (total == 0) return Lang::kUnd;
  double ja_share = static_cast<double>(c.ja) / static_cast<double>(total);
  if (ja_share >= 0.7) return Lang::kJa;
  if (ja_share <= 0.3) return Lang::kEn;
  return Lang::kMixed;
}

// Sets `u16` to `s` (valid UTF-8), reusing its buffer; one grown past
// kKeep units for a huge text is let go by the next call for a smaller one.
void ToUtf16(std::string_view s, icu::UnicodeString& u16) {
  constexpr int32_t kKeep = 4 << 20;
  const int32_t n = static_cast<int32_t>(s.size());
  if (u16.getCapacity() > kKeep && n < kKeep) u16 = icu::UnicodeString();
  UErrorCode status = U_ZERO_ERROR;
  char16_t* buf = u16.getBuffer(n + 1);
  int32_t len = 0;
  if (buf != nullptr) u_strFromUTF8WithSub(buf, n + 1, &len, s.data(), n, 0xFFFD, nullptr, &status);
  if (buf == nullptr || U_FAILURE(status)) {
    if (buf != nullptr) u16.releaseBuffer(0);
    u16 = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), n));
    return;
  }
  u16.releaseBuffer(len);
}

// True when a break at byte `at` of `t` falls inside an index ticker, a dot
// glued to two capitals or more (digits may follow) that end a word:
// ".IXIC", ".SPX", ".N225", or inside a bracketed stock code ("<9434.T>").
// ICU ends a sentence at a dot after a space.
bool TickerAt(std::string_view t, size_t at) {
  if (at == 0 || at + 1 >= t.size() || t[at - 1] != '.' || !(t[at] >= 'A' && t[at] <= 'Z')) return false;
  size_t e = at + 1;
  while (e < t.size() && ((t[e] >= 'A' && t[e] <= 'Z') || (t[e] >= '0' && t[e] <= '9'))) ++e;
  // A Reuters code in brackets after a name, "ソフトバンク<9434.T>と": a
  // digit before the dot, a bracket right after the capitals.
  if (at >= 2 && t[at - 2] >= '0' && t[at - 2] <= '9' && e < t.size() && (t[e] == '>' || t[e] == ')')) return true;
  return e - at >= 2 && (e == t.size() || !((t[e] >= 'a' && t[e] <= 'z') || static_cast<unsigned char>(t[e]) >= 0x80));
}

// True when a break at byte `at` of `t` follows a country's dotted
// abbreviation (U.S., U.K., U.N., E.U., U.A.E.) and a capitalized word
// that goes on the name, not a new sentence: "U.S. Steel rose", "U.S.
// President Joe Biden said". ICU ends a sentence there (its "U.S."
// suppression does not hold before a capital). Words that start
// sentences ("in the U.S. The deal ...") still break.
bool DottedAbbreviationAt(std::string_view t, size_t at) {
  size_t e = at;
  while (e > 0 && t[e - 1] == ' ') --e;
  if (e == at || e < 4 || t[e - 1] != '.') return false;
  // Two or more "X." before the break, not inside a longer word.
  size_t b = e, letters = 0;
  while (b >= 2 && t[b - 1] == '.' && t[b - 2] >= 'A' && t[b - 2] <= 'Z') {
    b -= 2;
    ++letters;
  }
  if (letters < 2 || (b > 0 && (IsAsciiAlnum(t[b - 1]) || t[b - 1] == '.'))) return false;
  size_t w = at;
  while (w < t.size() && IsAsciiAlpha(t[w])) ++w;
  std::string_view word = t.substr(at, w - at);
  if (word.size() < 2 || !(word[0] >= 'A' && word[0] <= 'Z') || (w < t.size() && t[w] == '.')) return false;
  static constexpr std::string_view kStarters[] = {
      "The", "A", "An", "It", "Its", "He", "She", "We", "They", "This", "That", "These", "Those", "There", "Here",
      "In", "On", "At", "By", "For", "From", "With", "To", "Of", "As", "But", "And", "Or", "So", "Yet", "If",
      "When", "While", "After", "Before", "Since", "Under", "Over", "During", "Despite", "Although", "Though",
      "Because", "However", "Meanwhile", "Moreover", "Also", "Still", "Now", "Then", "Last", "Next", "Earlier",
      "Later", "Some", "Many", "Most", "All", "Both", "Each", "No", "Not", "Such", "Other", "Another", "Our",
      "Their", "His", "Her", "According", "What", "Why", "How", "Who", "Which", "Where", "Instead", "Today", "Yesterday", "Tomorrow"};
  for (std::string_view s : kStarters) {
    if (word == s) return false;
  }
  return true;
}

// True when a break at byte `at` of `t` follows a company's legal form and
// opens a parenthesis on the same line: "Acme Corp. (NASDAQ: ACME) and",
// "Beta Co., Ltd. (Korea) signed". ICU ends a sentence there.
bool LegalFormParenAt(std::string_view t, size_t at) {
  size_t p = at;
  while (p < t.size() && t[p] == ' ') ++p;
  if (p >= t.size() || t[p] != '(' || at < 3) return false;
  size_t e = at;
  while (e > 0 && t[e - 1] == ' ') --e;
  if (e == 0 || t[e - 1] != '.') return false;
  std::string_view before = t.substr(0, e);
  for (std::string_view form : {" Inc.", " Corp.", " Co.", " Ltd.", ",Ltd.", " Plc.", " Bhd.", " Pte.", " L.L.C.",
                                " S.A.", " N.V.", " K.K.", " Cos."}) {
    if (before.size() >= form.size() && before.substr(before.size() - form.size()) == form) return true;
  }
  return false;
}

}  // namespace

Lang DetectLang(std::string_view s) { return LangOf(CountScripts(s)); }

NormText Normalize(std::string_view bytes) {
  // Longest piece of text matched as one sentence (16 KB).
  constexpr size_t kMaxSentenceBytes = 16 * 1024;
  NormText out;
  if (!NormalizeValid(bytes, out.text)) {
    std::string raw(bytes);
    size_t first_bad = 0;
    if (size_t bad = RepairUtf8(raw, &first_bad)) {
      out.warnings.push_back("invalid UTF-8 replaced at byte " + std::to_string(first_bad) +
                             (bad > 1 ? " (" + std::to_string(bad) + " sequences)" : ""));
    }
    NormalizeValid(raw, out.text);
  }
  const std::string& t = out.text;
  out.sentences.reserve(t.size() / 64 + 4);  // about one per line of news text

  // ICU iterates UTF-16 several times faster than UTF-8 through UText, so
  // break a UTF-16 copy and map its offsets back to bytes in one walk.
  // The copy and the iterator are kept per thread: allocating and cloning
  // them per text cost more than breaking a short article.
  thread_local icu::UnicodeString u16;
  thread_local std::unique_ptr<icu::BreakIterator> it = NewSentenceIterator();
  ToUtf16(t, u16);
  it->setText(u16);
  ScriptCounts all;
  size_t byte = 0;    // byte offset matching `unit`
  int32_t unit = 0;   // UTF-16 offset
  size_t begin = 0;
  const auto* tp = reinterpret_cast<const unsigned char*>(t.data());
  ScriptCounts c;  // of the sentence so far
  for (int32_t end16 = it->next(); end16 != icu::BreakIterator::DONE; end16 = it->next()) {
    // Walk the sentence once: map the offset and count scripts.
    while (unit < end16 && byte < t.size()) {
      const unsigned char lead = tp[byte];
      if (lead < 0x80) {
        // Eight ASCII bytes (eight UTF-16 units) at a time.
        if (end16 - unit >= 8 && byte + 8 <= t.size()) {
          const uint64_t w = Load8(tp + byte);
          if (!(w & kHigh)) {
            c.latin += CountAsciiLetters(w);
            unit += 8;
            byte += 8;
            continue;
          }
        }
        c.latin += static_cast<size_t>(static_cast<unsigned>((lead | 0x20) - 'a') < 26u);
        ++unit;
        ++byte;
        continue;
      }
      size_t len = std::min(Utf8Len(lead), t.size() - byte);
      CountChar(tp + byte, len, c);
      unit += len == 4 ? 2 : 1;
      byte += len;
    }
    if (TickerAt(t, byte)) continue;  // "Composite .IXIC added": one sentence
    if (LegalFormParenAt(t, byte)) continue;  // "Acme Corp. (NYSE: ACM) and": one sentence
    if (DottedAbbreviationAt(t, byte)) continue;  // "U.S. Steel rose": one sentence
    size_t b = begin, e = byte;
    begin = e;
    const ScriptCounts sc = c;
    c = ScriptCounts{};
    // Trim spaces and line breaks at both ends: sentences never hold them.
    while (b < e && (t[b] == ' ' || t[b] == '\n')) ++b;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\n')) --e;
    if (b == e) continue;
    all.ja += sc.ja;
    all.latin += sc.latin;
    if (e - b <= kMaxSentenceBytes) {
      out.sentences.push_back(Sentence{b, e, LangOf(sc), sc.latin >= 3, sc.ja > 0});
      continue;
    }
    // A "sentence" this long is no sentence (a table, a list, a page with no
    // punctuation): cut it at spaces so rule matching stays bounded.
    while (b < e) {
      size_t cut = e;
      if (e - b > kMaxSentenceBytes) {
        cut = t.rfind(' ', b + kMaxSentenceBytes);
        if (cut == std::string::npos || cut <= b + kMaxSentenceBytes / 2) {
          cut = b + kMaxSentenceBytes;
          while (cut > b && (tp[cut] & 0xC0) == 0x80) --cut;  // not inside a character
        }
      }
      ScriptCounts cc = CountScripts(std::string_view(t).substr(b, cut - b));
      out.sentences.push_back(Sentence{b, cut, LangOf(cc), cc.latin >= 3, cc.ja > 0});
      b = cut;
      while (b < e && t[b] == ' ') ++b;
    }
  }
  out.lang = LangOf(all);
  for (Sentence& s : out.sentences) {
    if (s.lang == Lang::kUnd) s.lang = out.lang;
  }
  return out;
}

size_t CodePointCounter::At(size_t byte_offset) {
  const size_t to = std::min(byte_offset, text_.size());
  if (to >= byte_) cp_ += CountCodePoints(text_.substr(byte_, to - byte_));
  else cp_ -= CountCodePoints(text_.substr(to, byte_ - to));
  byte_ = to;
  return cp_;
}

size_t CountCodePoints(std::string_view s) {
  // Count lead bytes, that is all but the continuation bytes (10xxxxxx),
  // eight bytes at a time.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    const uint64_t w = Load8(p + i);
    // One bit per continuation byte, summed by a multiply into the top byte
    // (popcount is a library call without -mpopcnt).
    const uint64_t cont = (w & ~(w << 1) & kHigh) >> 7;
    n -= static_cast<size_t>((cont * kOnes) >> 56);
  }
  for (; i < s.size(); ++i) n -= (p[i] & 0xC0) == 0x80;
  return n;
}

}  // namespace kiji::text
