// Feeds and sitemaps -> the article URLs they list, with titles and dates.
//
// Reads RSS 2.0 (and 0.9x), RSS 1.0 / RDF, Atom 1.0, sitemaps (urlset,
// with Google News extensions) and sitemap indexes with libxml2, never
// touching the network (no DTDs, no external entities). Links are resolved
// against xml:base and the feed's own URL and normalized. A document that
// is not well-formed is recovered when libxml2 can still find items in it
// (with a warning naming the line); otherwise the error names the line.
// Knows nothing of HTTP or state. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kiji::feed {

enum class Kind { kRss, kRdf, kAtom, kSitemap, kSitemapIndex };

struct Item {
  std::string url;                        // absolute, normalized
  std::optional<std::string> title;       // as the feed gives it, tags removed
  std::optional<std::string> published;   // ISO date (YYYY-MM-DD or coarser) the item was published
  std::optional<std::string> lang;        // primary language subtag ("ja"), item's or feed's
  std::string date;                       // the item's newest date as written ("" if none); a change means "updated"
};

struct Feed {
  Kind kind = Kind::kRss;
  std::vector<Item> items;     // articles (for kSitemapIndex: the child sitemaps)
  std::vector<std::string> warnings;  // recovered syntax errors, items without a usable link
};

struct ParseOptions {
  std::string charset;                  // from HTTP, used when the document declares none ("")
  size_t max_bytes = size_t(64) << 20;  // largest document after gunzip (64 MiB)
};

// Parses a feed or sitemap fetched from `url` (the final URL, the base for
// relative links). Gzip-compressed documents (sitemap.xml.gz) are inflated.
// Errors: kBadFeed naming the line for XML that cannot be read, or the root
// element for documents that are no feed ("<html>").
Result<Feed> ParseFeed(std::string_view bytes, const std::string& url, const ParseOptions& options = {});

// Returns "rss", "rdf", "atom", "sitemap" or "sitemapindex".
const char* KindName(Kind kind);

// Returns the ISO date of a feed date: RFC 822 ("Mon, 03 Mar 2025 10:00:00
// +0900", pubDate), W3C-DTF / ISO 8601 ("2025-03-03T10:00:00+09:00",
// "2025-03"), or "2025/03/03". The date is the one written, in the writer's
// own time zone; nullopt when it cannot be read.
std::optional<std::string> IsoDate(std::string_view text);

}  // namespace kiji::feed
