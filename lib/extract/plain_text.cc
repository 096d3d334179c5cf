#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "extract/article.h"
#include "extract/charset.h"
#include "extract/html.h"
#include "text/text.h"

namespace kiji::extract {
namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A headline: one line of 3 to 40 words (8 to 100 characters in Japanese),
// not closed by sentence punctuation.
bool ReadsAsHeadline(std::string_view line) {
  line = TrimView(line);
  if (line.empty()) return false;
  for (std::string_view end : {".", "。", ":", ";", ",", "、", "：", "；", "」", ")", "）"}) {
    if (EndsWith(line, end)) return false;
  }
  size_t cps = text::CountCodePoints(line);
  if (cps > 250) return false;
  text::Lang lang = text::DetectLang(line);
  if (lang == text::Lang::kJa) return cps >= 8 && cps <= 100;
  size_t words = 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ' '));
  return words >= 3 && words <= 40;
}

const RE2& DatelinePattern() {
  // PLACE[, REGION][, Month Day[, Year]][ (Outlet)] followed by a dash or a
  // period: the opening of a wire story. Place names start upper-case.
  static const RE2 re(
      R"(^((?:[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,3})(?:, (?:[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,3}))?)(?:,? (?:(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?))?(?: ?\([^)\n]{1,60}\))?(?:\.|,? ?[—–-]{1,2}) )");
  return re;
}

}  // namespace

bool LooksBinary(std::string_view bytes, size_t* offset) {
  std::string_view head = bytes.substr(0, 8192);
  size_t nul = head.find('\0');
  if (nul != std::string_view::npos) {
    // UTF-16 text also has NULs; it is still not something we read as text.
    if (offset) *offset = nul;
    return true;
  }
  static constexpr const char* kMagic[] = {"\x89PNG", "GIF8", "\xFF\xD8\xFF", "%PDF", "PK\x03\x04", "\x7F" "ELF"};
  for (const char* m : kMagic) {
    if (head.substr(0, std::strlen(m)) == m) {
      if (offset) *offset = 0;
      return true;
    }
  }
  return false;
}

bool LooksLikeHtml(std::string_view bytes) {
  std::string head(bytes.substr(0, 2048));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string::npos || head[i] != '<') return false;
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>", "<p ", "<article", "<title", "<!--"}) {
    if (head.find(tag) != std::string::npos) return true;
  }
  return false;
}

std::optional<Dateline> FindDateline(const std::string& body) {
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return std::nullopt;
  std::string_view t(body.data() + start, std::min(body.size() - start, size_t(200)));
  re2::StringPiece in(t.data(), t.size());
  std::string place;
  if (!RE2::Consume(&in, DatelinePattern(), &place)) return std::nullopt;
  Dateline d;
  d.begin = start;
  d.end = start + static_cast<size_t>(in.data() - t.data());
  d.text = std::string(TrimView(std::string_view(body).substr(d.begin, d.end - d.begin)));
  d.place = place;
  return d;
}

Article ParsePlainText(std::string_view body) {
  Article a;
  std::string_view rest = body;
  // A UTF-8 byte order mark is not text.
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  // 1. `date YYYY-MM-DD`.
  {
    std::string_view t = rest;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\n' || t.front() == '\r')) t.remove_prefix(1);
    static const RE2 date_token(R"(^date (\d{4}-\d{2}-\d{2})(?:\s|$))");
    std::string iso;
    re2::StringPiece in(t.data(), t.size());
    if (RE2::Consume(&in, date_token, &iso)) {
      a.published = iso;
      rest = std::string_view(in.data(), in.size());
    }
  }
  // 2. A headline line followed directly by text.
  {
    std::string_view t = rest;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\n' || t.front() == '\r')) t.remove_prefix(1);
    size_t nl = t.find('\n');
    if (nl != std::string_view::npos) {
      std::string_view first = t.substr(0, nl);
      std::string_view after = t.substr(nl + 1);
      bool text_follows = !after.empty() && after.front() != '\n' && !(after.front() == '\r' && after.size() > 1 && after[1] == '\n') &&
                          !TrimView(after).empty();
      re2::StringPiece probe(first.data(), first.size());
      bool dateline = RE2::PartialMatch(std::string_view(first.data(), std::min(first.size(), size_t(200))), DatelinePattern());
      if (text_follows && !dateline && ReadsAsHeadline(first)) {
        a.title = std::string(TrimView(first));
        rest = after;
      }
    }
  }
  a.body = std::string(rest);
  // 3. A dateline opening the body.
  a.dateline = FindDateline(a.body);
  return a;
}

Result<Article> ExtractArticle(Document doc) {
  const std::string& where = doc.source.member ? *doc.source.member : doc.source.location;
  // UTF-16 (with its byte order mark) has NUL bytes but is text.
  bool utf16 = doc.bytes.size() >= 2 && (doc.bytes.compare(0, 2, "\xFF\xFE") == 0 || doc.bytes.compare(0, 2, "\xFE\xFF") == 0);
  size_t nul = 0;
  if (!utf16 && LooksBinary(doc.bytes, &nul)) {
    return MakeError(ErrorCode::kBinary, where, "binary file (NUL byte or binary signature at byte " + std::to_string(nul) + ")");
  }
  if (TrimView(doc.bytes).empty()) {
    return MakeError(ErrorCode::kEmpty, where, doc.bytes.empty() ? "empty input" : "input has only white space");
  }
  if (doc.format == Format::kHtml || (doc.format == Format::kAuto && LooksLikeHtml(doc.bytes))) {
    return ExtractHtml(std::move(doc));
  }
  if (utf16 && doc.format == Format::kAuto) {
    // Look at the UTF-16 text's ASCII letters for markup.
    std::string ascii;
    for (size_t i = 2; i < doc.bytes.size() && ascii.size() < 1024; ++i) {
      if (doc.bytes[i] != '\0') ascii.push_back(doc.bytes[i]);
    }
    if (LooksLikeHtml(ascii)) return ExtractHtml(std::move(doc));
  }
  if (utf16) {
    size_t replaced = 0;
    Result<std::string> text = ConvertToUtf8(doc.bytes, doc.bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", &replaced);
    if (!text.ok()) return MakeError(ErrorCode::kBadCharset, where, text.error().what);
    doc.bytes = std::move(text).value();
  }
  std::optional<std::string> content_type;
  if (!utf16 && doc.source.type != "jsonl") {
    // Plain text has no <meta>: a charset is declared by the transport or
    // not at all. Undeclared bytes that are not UTF-8 are converted only
    // when ICU is sure they are Japanese, Chinese or Korean; otherwise the
    // text stage replaces what is invalid, with a warning.
    std::string transport = doc.hints.charset ? *doc.hints.charset : "";
    if (transport.empty() && doc.source.content_type) transport = CharsetFromContentType(*doc.source.content_type);
    std::string declared = CanonicalCharset(transport);
    std::string charset;
    CharsetSource how = CharsetSource::kHttp;
    if (!declared.empty() && declared != "UTF-8") {
      CharsetDecision cs = DecideCharset(doc.bytes, transport);
      charset = cs.charset;
      how = cs.source;
    } else if (declared.empty() && CountInvalidUtf8(doc.bytes, nullptr) > 0) {
      int confidence = 0;
      std::string guess = DetectCharset(doc.bytes, &confidence);
      if (IsCjkCharset(guess) && confidence >= 50) {
        charset = guess;
        how = CharsetSource::kDetected;
      }
    }
    if (!charset.empty() && charset != "UTF-8") {
      size_t replaced = 0;
      Result<std::string> text = ConvertToUtf8(doc.bytes, charset, &replaced);
      if (!text.ok()) return MakeError(ErrorCode::kBadCharset, where, text.error().what);
      doc.bytes = std::move(text).value();
      std::string media = doc.source.content_type ? doc.source.content_type->substr(0, doc.source.content_type->find(';'))
                                                  : "text/plain";
      content_type = media + "; charset=" + charset + "; charset-source=" + CharsetSourceName(how);
    }
  }
  Article a = ParsePlainText(doc.bytes);
  a.source = std::move(doc.source);
  if (content_type) a.source.content_type = content_type;
  if (doc.hints.title) a.title = doc.hints.title;
  if (doc.hints.published) a.published = doc.hints.published;
  if (doc.hints.lang) a.lang = doc.hints.lang;
  if (doc.hints.url) a.canonical_url = doc.hints.url;
  return a;
}

}  // namespace kiji::extract
