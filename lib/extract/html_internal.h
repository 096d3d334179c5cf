// Internals of the HTML extractor (html.h), exposed for tests and the
// benchmark. Not a public interface: names and fields change with the
// algorithm.
//
// One walk over gumbo's tree builds a Page: a flat, pre-order array of the
// visible elements and text nodes (a subtree is the index range
// [i, nodes[i].end)), the whitespace-collapsed text of every text node in
// one buffer, and the metadata seen on the way (<title>, <meta>, JSON-LD,
// <link rel=canonical>, <html lang>, <time datetime>, <h1>). Everything
// after the walk works on the Page: block statistics are summed bottom-up
// by running over the array backwards, the article is the subtree with the
// most good text and the least boilerplate, and rendering walks that index
// range once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiji::extract::html {

// Per-node flags.
enum NodeFlag : uint32_t {
  kText = 1 << 0,        // a text node (else an element)
  kBlock = 1 << 1,       // a block element: its text is its own paragraph
  kLink = 1 << 2,        // <a href> or inside one
  kHeading = 1 << 3,     // <h1>..<h6>
  kBoilerTag = 1 << 4,   // <nav>, <aside>, <footer>, <form>, <menu>: page furniture by its tag
  kLineBreak = 1 << 5,   // <br>
  kListItem = 1 << 6,    // <li>, <dt>, <dd>
  kCell = 1 << 7,        // <td>, <th>
  kRow = 1 << 8,         // <tr>
  kPre = 1 << 9,         // <pre> or inside one: white space kept
  kParagraph = 1 << 10,  // <p>
  kDropHint = 1 << 11,   // class/id names page furniture strongly (share, related, newsletter...)
  kFigure = 1 << 12,     // <figure> (kept only around a table or a quote), <figcaption>
  kHeaderTag = 1 << 13,  // <header>
  kCommentHint = 1 << 14,  // class/id starts with "comment": reader comments, whatever their size
  kFurniture = 1 << 16,    // set by ScoreBlocks: inside page furniture (inherited)
  kBadBlock = 1 << 17,     // set by ScoreBlocks: a block valued as boilerplate
  kHasQuoteOrTable = 1 << 18,  // set by ScoreBlocks: a <blockquote> or <table> in the subtree
};

struct Node {
  uint16_t tag = 0;    // GumboTag (elements)
  uint32_t flags = 0;  // NodeFlag bits
  int16_t hint = 0;    // class/id weight: > 0 content-like, < 0 furniture-like
  uint32_t parent = 0;      // index of the parent element (0 for the root)
  uint32_t end = 0;         // one past the last node of the subtree
  uint32_t text_begin = 0;  // text nodes: the collapsed text in Page::text
  uint32_t text_len = 0;
  // Summed over the subtree (visible text only):
  uint32_t chars = 0;       // non-space bytes of text
  uint32_t link_chars = 0;  // ... of which inside links
  uint32_t punct = 0;       // sentence punctuation and commas (. , ! ? 。 、 ！ ？ ，)
  // Own text of a block (text not inside a nested block):
  uint32_t own_chars = 0;
  uint32_t own_link_chars = 0;
  uint32_t own_punct = 0;
  float value = 0;  // block: good (> 0) or boilerplate (< 0) text mass
  float good = 0;   // subtree: good text mass, furniture not considered
  float base = 0;   // subtree: block values, link density and furniture names applied, summed up
  float score = 0;  // base with the element's own content-name bonus: what ChooseContainer compares
};

// What a page says about itself outside its body text.
struct PageMeta {
  std::string html_lang;                                   // <html lang>
  std::string title_tag;                                   // <title>
  std::vector<std::pair<std::string, std::string>> metas;  // <meta name|property|itemprop> -> content, keys lower-case
  std::vector<std::string> json_ld;                        // <script type="application/ld+json"> bodies
  std::string canonical;                                   // <link rel=canonical href>
  std::vector<uint32_t> h1;                                // <h1> node indices
  std::vector<std::pair<uint32_t, std::string>> times;     // <time datetime> node index, value
  std::vector<uint32_t> date_hinted;                       // elements whose class/id says date/byline/time
};

struct Page {
  std::vector<Node> nodes;  // pre-order; nodes[0] is <html>
  std::string text;         // collapsed text of all text nodes
  PageMeta meta;
};

// Builds a Page from gumbo's tree (a GumboNode*, typed void* here to keep
// gumbo out of this header). Iterative: any depth is fine.
Page Flatten(const void* gumbo_root);

// Parses `utf8` with gumbo and flattens it; `warnings` gets notes about
// limits applied (PrepareLimits).
Page ParsePage(std::string_view utf8, std::vector<std::string>* warnings);

// Returns the class/id weight of an element from its class and id
// attributes: > 0 for names of article content ("article-body",
// "entry-content", "story"), < 0 for furniture ("share", "related",
// "sidebar", "comment", "promo"). `drop` is set when the name says the
// element is never article text (share bars, newsletters, related links).
int ClassIdWeight(std::string_view class_and_id, bool* drop);

// Statistics of one block of text, for ValueOfBlock.
struct BlockStats {
  uint32_t chars = 0;
  uint32_t link_chars = 0;
  uint32_t punct = 0;
  uint32_t flags = 0;
};

// Returns the value of a block: its text mass counted as article text
// (> 0: long, punctuated, few links), as boilerplate (< 0: link lists,
// furniture tags and names) or neither (0: short lines such as a
// subheading, which go with whatever surrounds them).
float ValueOfBlock(const BlockStats& b);

// Computes block values and subtree scores (backwards over the array).
void ScoreBlocks(Page& page);

// Returns the index of the subtree holding the article: the highest
// score, the deepest one among equals.
uint32_t ChooseContainer(const Page& page);

// Returns the text of the subtree at `root`: blocks separated by blank
// lines, <br> as a line break, table cells by spaces; furniture inside the
// article (share bars, link lists, forms, figure captions) left out.
std::string Render(const Page& page, uint32_t root);

// Returns true when a short line of text is page furniture: an ad label
// ("Advertisement", "広告"), a widget label ("Share", "Related"), a byline
// ("By Jane Doe") or a date line ("Published 2:16 AM EST Nov 20, 2019").
bool IsFurnitureLine(std::string_view line);

// Returns the collapsed text of the subtree at `root`, no furniture check.
std::string TextOf(const Page& page, uint32_t root);

// Metadata candidates, by source, and the choice among them.
struct TitleSources {
  std::string og_title;     // og:title / twitter:title
  std::string ld_headline;  // JSON-LD headline
  std::string h1;           // first <h1> (inside the article when there is one)
  std::string title_tag;    // <title>
  std::string site_name;    // og:site_name / application-name / JSON-LD publisher
};
// Returns the title and the name of its source ("og:title", "json-ld",
// "h1", "title"), or "" when there is none.
std::pair<std::string, std::string> ChooseTitle(const TitleSources& s);

// Returns `s` reduced for comparing titles and lines: ASCII letters and
// digits lower-cased, other ASCII, the ideographic space and CJK
// punctuation dropped, other characters kept.
std::string SquashForCompare(std::string_view s);

// Returns `title` without a site name before or after a separator
// ("Story - Site", "Site | Story", "記事｜サイト").
std::string TrimSiteName(std::string_view title, std::string_view site_name);

struct DateSources {
  std::string ld_published;    // JSON-LD datePublished
  std::string meta_published;  // article:published_time and its kin
  std::string time_datetime;   // <time datetime> (pubdate or in the byline)
  std::string meta_other;      // other <meta> dates (date, pubdate, DC.date...)
  std::string url;             // the page's URL
  std::string visible;         // byline/dateline text near the article
  std::string modified;        // article:modified_time, JSON-LD dateModified: the last resort
};
// Returns the ISO date and the name of its source ("json-ld", "meta",
// "time", "meta-other", "url", "visible", "modified"), or "" when no
// source has one.
std::pair<std::string, std::string> ChooseDate(const DateSources& s);

// Returns `s` as an ISO date (YYYY-MM-DD) when it holds one: ISO 8601
// and RFC 822 timestamps, "November 19, 2019", "19 Nov 2019",
// "2025年12月22日", "令和7年12月22日", "2019/11/19", "20191119".
std::optional<std::string> ParseDate(std::string_view s);

// Returns the date in a URL path (/2019/11/19/, /2019-11-19, /20191119/;
// /2019/11/ gives "2019-11").
std::optional<std::string> DateFromUrl(std::string_view url);

// Returns the first date written in running text (a byline or dateline).
std::optional<std::string> FindDateInText(std::string_view text);

// Returns the primary language subtag, lower-cased ("en-US" -> "en",
// "ja_JP" -> "ja"), or "" for an empty or malformed tag.
std::string PrimaryLanguage(std::string_view tag);

// Limits on what gumbo is given: deep nesting makes HTML parsers
// quadratic, and misnested formatting tags make gumbo's tree a hundred
// times the size of its input.
struct PrepareLimits {
  size_t max_depth = 512;        // start tags nested deeper are dropped, with their end tags
  size_t max_elements = 100000;  // the page is cut before the start tag past this count (news pages have ~5000)
};

struct PrepareReport {
  bool too_deep = false;                  // tags were dropped for depth
  size_t cut_at = std::string_view::npos; // byte where the page was cut for its element count
};

// Copies `html` into `out` without what gumbo need not see: the bodies of
// <script> (JSON-LD kept), <style> and <svg>, attributes nothing reads,
// and what the limits cut. Returns false (and leaves `out` empty) when
// there was nothing to drop.
bool PrepareHtml(std::string_view html, const PrepareLimits& limits, std::string* out, PrepareReport* report);

}  // namespace kiji::extract::html
