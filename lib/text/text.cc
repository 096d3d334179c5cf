#include "text/text.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>

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

size_t RepairUtf8(std::string& bytes, size_t* first_bad) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t n = static_cast<int32_t>(bytes.size());
  // Fast path: scan until the first invalid sequence; most input is clean.
  int32_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time.
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
  if (i >= n) return 0;
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

// Folds whitespace in already-normalized text: spaces and tabs (and the
// few horizontal spaces NFKC leaves) to one space, trims lines, one "\n" for
// a line break, "\n\n" for one or more blank lines. Runs of ordinary bytes
// are copied whole; only bytes that can start white space are examined.
std::string FoldWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t newlines = 0;  // pending line breaks
  bool space = false;   // pending space
  const size_t n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  // Writes the white space pending before the next visible text.
  auto EmitPending = [&] {
    if (!out.empty()) {
      if (newlines >= 2) out.append("\n\n");
      else if (newlines == 1) out.push_back('\n');
      else if (space) out.push_back(' ');
    }
    newlines = 0;
    space = false;
  };
  size_t i = 0;
  while (i < n) {
    // Scan a run of bytes that cannot start white space.
    size_t j = i;
    while (j < n && !kMayStartSpace[p[j]]) ++j;
    if (j > i) {
      EmitPending();
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    unsigned char c = p[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') { space = true; ++i; continue; }
    if (c == '\r') {
      ++newlines;
      ++i;
      if (i < n && p[i] == '\n') ++i;
      space = false;
      continue;
    }
    if (c == '\n') { ++newlines; ++i; space = false; continue; }
    if (c < ' ') {  // other control characters are dropped as white space
      space = true;
      ++i;
      continue;
    }
    // A lead byte that may start a non-ASCII space or line separator.
    int32_t k = static_cast<int32_t>(i);
    UChar32 cp;
    U8_NEXT(p, k, static_cast<int32_t>(n), cp);
    size_t len = static_cast<size_t>(k) - i;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) { ++newlines; i += len; space = false; continue; }
    if (cp == 0xFEFF || cp == 0x200B || (cp >= 0 && u_isWhitespace(cp))) { space = true; i += len; continue; }
    EmitPending();
    out.append(s.data() + i, len);
    i += len;
  }
  return out;
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

}  // namespace

std::string NormalizeString(std::string_view s) {
  std::string nfkc;
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&nfkc, static_cast<int32_t>(s.size()));
  Nfkc()->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink,
                        nullptr, status);
  if (U_FAILURE(status)) nfkc.assign(s);
  return FoldWhitespace(nfkc);
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

inline size_t Utf8Len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

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

}  // namespace

Lang DetectLang(std::string_view s) { return LangOf(CountScripts(s)); }

NormText Normalize(std::string_view bytes) {
  // Longest piece of text matched as one sentence (16 KB).
  constexpr size_t kMaxSentenceBytes = 16 * 1024;
  NormText out;
  std::string raw(bytes);
  size_t first_bad = 0;
  if (size_t bad = RepairUtf8(raw, &first_bad)) {
    out.warnings.push_back("invalid UTF-8 replaced at byte " + std::to_string(first_bad) +
                           (bad > 1 ? " (" + std::to_string(bad) + " sequences)" : ""));
  }
  out.text = NormalizeString(raw);
  const std::string& t = out.text;

  // ICU iterates UTF-16 several times faster than UTF-8 through UText, so
  // break a UTF-16 copy and map its offsets back to bytes in one walk.
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u16 = icu::UnicodeString::fromUTF8(icu::StringPiece(t.data(), static_cast<int32_t>(t.size())));
  std::unique_ptr<icu::BreakIterator> it = NewSentenceIterator();
  it->setText(u16);
  (void)status;
  ScriptCounts all;
  size_t byte = 0;    // byte offset matching `unit`
  int32_t unit = 0;   // UTF-16 offset
  size_t begin = 0;
  const auto* tp = reinterpret_cast<const unsigned char*>(t.data());
  for (int32_t end16 = it->next(); end16 != icu::BreakIterator::DONE; end16 = it->next()) {
    // Walk the sentence once: map the offset and count scripts.
    ScriptCounts c;
    while (unit < end16 && byte < t.size()) {
      size_t len = std::min(Utf8Len(tp[byte]), t.size() - byte);
      CountChar(tp + byte, len, c);
      unit += len == 4 ? 2 : 1;
      byte += len;
    }
    size_t b = begin, e = byte;
    begin = e;
    // Trim spaces and line breaks at both ends: sentences never hold them.
    while (b < e && (t[b] == ' ' || t[b] == '\n')) ++b;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\n')) --e;
    if (b == e) continue;
    all.ja += c.ja;
    all.latin += c.latin;
    if (e - b <= kMaxSentenceBytes) {
      out.sentences.push_back(Sentence{b, e, LangOf(c), c.latin >= 3, c.ja > 0});
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
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  for (uint64_t w; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, p + i, 8);
    // One bit per continuation byte, summed by a multiply into the top byte
    // (popcount is a library call without -mpopcnt).
    const uint64_t cont = (w & ~(w << 1) & kHigh) >> 7;
    n -= static_cast<size_t>((cont * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) n -= (p[i] & 0xC0) == 0x80;
  return n;
}

}  // namespace kiji::text
