#include "text/text.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

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

// Folds whitespace in already-normalized text: spaces and tabs (and other
// horizontal spaces NFKC leaves) to one space, trims lines, one "\n" for a
// line break, "\n\n" for one or more blank lines.
std::string FoldWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t newlines = 0;   // pending line breaks
  bool space = false;    // pending space
  size_t i = 0;
  while (i < s.size()) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\v') { space = true; ++i; continue; }
    if (ch == '\r') {
      ++newlines;
      ++i;
      if (i < s.size() && s[i] == '\n') ++i;
      space = false;
      continue;
    }
    if (ch == '\n') { ++newlines; ++i; space = false; continue; }
    size_t len = 1;
    if (ch >= 0x80) {
      UChar32 c;
      int32_t j = static_cast<int32_t>(i);
      U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, static_cast<int32_t>(s.size()), c);
      len = static_cast<size_t>(j) - i;
      if (c == 0x2028 || c == 0x2029 || c == 0x85) { ++newlines; i += len; space = false; continue; }
      if (u_isWhitespace(c) || c == 0xFEFF || c == 0x200B) { space = true; i += len; continue; }
    }
    if (!out.empty()) {
      if (newlines >= 2) out.append("\n\n");
      else if (newlines == 1) out.push_back('\n');
      else if (space) out.push_back(' ');
    }
    newlines = 0;
    space = false;
    out.append(s, i, len);
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

Lang DetectLang(std::string_view s) {
  size_t ja = 0, latin = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      unsigned char ch = p[i++];
      if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ++latin;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (IsJapaneseChar(c)) ja += 2;  // one Japanese character carries about two Latin letters
    else if (u_isalpha(c) && uscript_getScript(c, nullptr) == USCRIPT_LATIN) ++latin;
  }
  size_t total = ja + latin;
  if (total == 0) return Lang::kUnd;
  double ja_share = static_cast<double>(ja) / static_cast<double>(total);
  if (ja_share >= 0.7) return Lang::kJa;
  if (ja_share <= 0.3) return Lang::kEn;
  return Lang::kMixed;
}

NormText Normalize(std::string_view bytes) {
  NormText out;
  std::string raw(bytes);
  size_t first_bad = 0;
  if (size_t bad = RepairUtf8(raw, &first_bad)) {
    out.warnings.push_back("invalid UTF-8 replaced at byte " + std::to_string(first_bad) +
                           (bad > 1 ? " (" + std::to_string(bad) + " sequences)" : ""));
  }
  out.text = NormalizeString(raw);
  out.lang = DetectLang(out.text);

  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, out.text.data(), static_cast<int64_t>(out.text.size()), &status);
  std::unique_ptr<icu::BreakIterator> it = NewSentenceIterator();
  it->setText(ut, status);
  size_t begin = 0;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; end = it->next()) {
    size_t b = begin, e = static_cast<size_t>(end);
    begin = e;
    // Trim spaces and line breaks at both ends: sentences never hold them.
    while (b < e && (out.text[b] == ' ' || out.text[b] == '\n')) ++b;
    while (e > b && (out.text[e - 1] == ' ' || out.text[e - 1] == '\n')) --e;
    if (b == e) continue;
    Sentence s{b, e, Lang::kUnd};
    s.lang = DetectLang(std::string_view(out.text).substr(b, e - b));
    if (s.lang == Lang::kUnd) s.lang = out.lang;
    out.sentences.push_back(s);
  }
  utext_close(ut);
  return out;
}

size_t CodePointCounter::At(size_t byte_offset) {
  if (byte_offset < byte_) { byte_ = 0; cp_ = 0; }
  while (byte_ < byte_offset && byte_ < text_.size()) {
    // Count lead bytes only: continuation bytes are 10xxxxxx.
    if ((static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80) ++cp_;
    ++byte_;
  }
  return cp_;
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

}  // namespace kiji::text
