// Web pages -> Article: the charset decided and converted (charset.h), the
// page parsed with gumbo, the article's main text found and rendered, and
// its title, published date, language and canonical URL read from the
// page's metadata.
//
// Main text: every block of text is valued by its length, punctuation and
// link density, its tag (<nav>, <aside>, <footer>, <form> are furniture)
// and its class/id names ("article-body" versus "share", "related",
// "newsletter"); the article is the subtree with the most good text and the
// least boilerplate; inside it, headings, lists and tables stay, furniture
// goes. Blocks are separated by blank lines, <br> is a line break. A
// JSON-LD articleBody is used when the page's own text gives too little
// and the articleBody is sane (long enough, not markup).
// Title: og:title, JSON-LD headline, <h1>, <title> without the site name;
// it is removed from the head of the text. Published: JSON-LD
// datePublished, article:published_time, <time datetime>, other <meta>
// dates, a date in the URL, a visible dateline (ISO date). Language: <html
// lang>, og:locale (dropped when the text's script says otherwise).
// Knows nothing of rules or JSON output. Thread-safe.
#pragma once

#include "common/result.h"
#include "extract/article.h"

namespace kiji::extract {

// The largest page parsed whole; past it the page is cut at a tag boundary
// and a warning says so (16 MiB). Pages with elements nested over 512 deep
// or over 100000 elements are flattened or cut the same way.
inline constexpr size_t kMaxHtmlBytes = size_t(16) << 20;

// Runs the HTML extractor on one document. Errors: a page that yields no
// text at all (kEmpty), bytes that cannot be converted (kBadCharset).
Result<Article> ExtractHtml(Document doc);

}  // namespace kiji::extract
