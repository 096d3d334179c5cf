// The extract stage: an input document (plain text, HTML, a JSON Lines
// field) -> an Article: main text, title, published date, language hint.
//
// Plain text follows the seed articles' convention: an optional leading
// `date YYYY-MM-DD` token sets `published`; a first line that reads as a
// headline (short, no closing punctuation, followed directly by body text)
// becomes `title` and leaves the text; a dateline opening the body
// ("BAKU, Azerbaijan, February 28.", "Tashkent, Uzbekistan (UzDaily.com) —")
// is recognized and reported, and stays in the text. Text in a charset the
// transport declares, or that ICU is sure is Japanese, Chinese or Korean,
// is converted to UTF-8 first. HTML goes to html.h.
// Knows nothing of rules or JSON output. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kiji::extract {

struct Source {
  std::string type = "file";  // file | url | stdin | archive | warc | jsonl
  std::string location;       // path or URL as given (final URL after redirects)
  std::optional<std::string> member;
  std::optional<std::string> fetched_at;
  std::optional<int> status;
  std::optional<std::string> content_type;
};

enum class Format { kAuto, kText, kHtml };

// What the caller already knows about a document (JSON Lines fields, feed
// items, HTTP headers).
struct Hints {
  std::optional<std::string> title;
  std::optional<std::string> published;  // ISO date
  std::optional<std::string> lang;
  std::optional<std::string> url;
  std::optional<std::string> charset;    // declared by HTTP, if any
};

struct Document {
  Source source;
  std::string bytes;
  Format format = Format::kAuto;
  Hints hints;
};

struct Dateline {
  std::string text;   // as written, e.g. "BAKU, Azerbaijan, February 28."
  std::string place;  // "BAKU, Azerbaijan"
  size_t begin = 0;   // byte span in Article::body (before normalization)
  size_t end = 0;
};

struct Article {
  Source source;
  std::string body;  // main text, raw (normalized later by lib/text)
  std::optional<std::string> title;
  std::optional<std::string> published;  // ISO date
  std::optional<std::string> lang;       // declared language, if any
  std::optional<std::string> canonical_url;
  std::optional<Dateline> dateline;
  std::vector<std::string> warnings;
};

// Returns true when `bytes` looks like HTML (a doctype or an <html>, <head>,
// <body>, <meta>, <div>, <p> or <article> tag near the start).
bool LooksLikeHtml(std::string_view bytes);

// Returns true when `bytes` looks binary: a NUL byte, or a known binary
// signature, in its first 8 KB. `offset` gets the NUL's position.
bool LooksBinary(std::string_view bytes, size_t* offset);

// Returns the dateline opening `body` ("BAKU, Azerbaijan, February 28.",
// "TASHKENT, March 5 (Ledger) —"), if any, as a byte span of `body`.
std::optional<Dateline> FindDateline(const std::string& body);

// Splits plain text by the convention above.
Article ParsePlainText(std::string_view body);

// Runs the stage on one document: plain text or HTML (by format, name or
// content). Errors for binary or empty documents name the problem.
Result<Article> ExtractArticle(Document doc);

}  // namespace kiji::extract
