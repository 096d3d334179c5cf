#include "feed/feed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <set>

#include "extract/article.h"
#include "fetch/fetch.h"
#include "input/input.h"

namespace kiji::feed {
namespace {

constexpr const char* kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// --- Small string helpers ---------------------------------------------------

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Removes markup from an HTML-escaped title and folds white space.
std::string PlainTitle(std::string_view s) {
  std::string out;
  bool in_tag = false, space = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) in_tag = false;
    else if (!in_tag) {
      if (std::isspace(static_cast<unsigned char>(c))) space = !out.empty();
      else {
        if (space) out += ' ';
        space = false;
        out += c;
      }
    }
  }
  return out;
}

// --- Dates --------------------------------------------------------------------

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int MonthNumber(std::string_view name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::string low = Lower(name.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (low == kMonths[i]) return i + 1;
  }
  return 0;
}

int DaysIn(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string FormatDate(int y, int m, int d) {
  char buf[40];
  if (m == 0) std::snprintf(buf, sizeof buf, "%04d", y);
  else if (d == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<std::string> CheckedDate(int y, int m, int d) {
  if (y < 1000 || y > 9999) return std::nullopt;
  if (m < 0 || m > 12 || (m == 0 && d != 0)) return std::nullopt;
  if (d < 0 || (m > 0 && d > DaysIn(y, m))) return std::nullopt;
  return FormatDate(y, m, d);
}

// "2025-03-03T10:00:00+09:00", "2025-03", "2025", "2025/03/03 10:00".
std::optional<std::string> NumericDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (!Digits(s, 0, 4, &y)) return std::nullopt;
  if (s.size() == 4) return CheckedDate(y, 0, 0);
  char sep = s[4];
  if (sep != '-' && sep != '/') return std::nullopt;
  size_t pos = 5;
  size_t n = (pos + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[pos + 1]))) ? 2 : 1;
  if (!Digits(s, pos, n, &m)) return std::nullopt;
  pos += n;
  if (pos == s.size()) return CheckedDate(y, m, 0);
  if (s[pos] != sep) return std::nullopt;
  ++pos;
  n = (pos + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[pos + 1]))) ? 2 : 1;
  if (!Digits(s, pos, n, &d)) return std::nullopt;
  pos += n;
  if (pos < s.size() && s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  return CheckedDate(y, m, d);
}

// "Mon, 03 Mar 2025 10:00:00 +0900", "3 March 2025", "03 Mar 25 10:00 GMT".
std::optional<std::string> Rfc822Date(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma < 12) s = Trim(s.substr(comma + 1));
  size_t i = 0;
  auto word = [&]() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(b, i - b);
  };
  std::string_view day_s = word(), month_s = word(), year_s = word();
  int day = 0, year = 0;
  if (day_s.empty() || day_s.size() > 2 || !Digits(day_s, 0, day_s.size(), &day)) return std::nullopt;
  int month = MonthNumber(month_s);
  if (month == 0) return std::nullopt;
  if (year_s.size() == 4 && Digits(year_s, 0, 4, &year)) {
  } else if (year_s.size() == 2 && Digits(year_s, 0, 2, &year)) {
    year += year < 50 ? 2000 : 1900;  // RFC 2822 4.3
  } else {
    return std::nullopt;
  }
  if (day < 1) return std::nullopt;
  return CheckedDate(year, month, day);
}

// --- XML helpers --------------------------------------------------------------

std::string_view LocalName(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

std::string_view NsHref(const xmlNode* n) {
  return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char*>(n->ns->href)) : std::string_view();
}

bool IsDc(const xmlNode* n) { return NsHref(n).find("purl.org/dc/elements") != std::string_view::npos; }
bool IsNews(const xmlNode* n) { return NsHref(n).find("sitemap-news") != std::string_view::npos; }

bool Is(const xmlNode* n, std::string_view name) {
  return n && n->type == XML_ELEMENT_NODE && LocalName(n) == name;
}

std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (!c) return "";
  std::string out(Trim(reinterpret_cast<const char*>(c)));
  xmlFree(c);
  return out;
}

std::string Attr(const xmlNode* n, const char* name, const char* ns = nullptr) {
  xmlChar* v = ns ? xmlGetNsProp(n, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(ns))
                  : xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string out(Trim(reinterpret_cast<const char*>(v)));
  xmlFree(v);
  return out;
}

std::string Lang(std::string_view tag) {
  tag = Trim(tag);
  size_t cut = tag.find_first_of("-_");
  std::string primary = Lower(tag.substr(0, cut));
  if (primary.empty() || primary.size() > 3 ||
      !std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return "";
  }
  return primary;
}

std::string XmlLang(const xmlNode* n) {
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    xmlChar* v = xmlNodeGetLang(n);
    if (v) {
      std::string out = Lang(reinterpret_cast<const char*>(v));
      xmlFree(v);
      return out;
    }
  }
  return "";
}

class Builder {
 public:
  Builder(xmlDoc* doc, std::string url, Feed* feed) : doc_(doc), url_(std::move(url)), feed_(feed) {}

  // Resolves `link` against the node's xml:base and the feed URL; adds the item.
  void Add(const xmlNode* node, std::string_view link, Item item) {
    link = Trim(link);
    if (link.empty()) {
      Warn(node, "item without a link skipped");
      return;
    }
    std::string base = url_;
    if (xmlChar* b = xmlNodeGetBase(doc_, node)) {
      base = reinterpret_cast<const char*>(b);
      xmlFree(b);
      // A relative xml:base resolves against the feed URL.
      Result<std::string> abs = fetch::ResolveUrl(url_, base);
      base = abs.ok() ? abs.value() : url_;
    }
    Result<std::string> u = fetch::ResolveUrl(base, link);
    if (!u.ok()) {
      Warn(node, "item link '" + std::string(link) + "' skipped: " + u.error().what);
      return;
    }
    if (!seen_.insert(u.value()).second) return;
    item.url = u.value();
    if (item.title) {
      std::string t = PlainTitle(*item.title);
      if (t.empty()) item.title.reset();
      else item.title = t;
    }
    feed_->items.push_back(std::move(item));
  }

  void Warn(const xmlNode* node, const std::string& what) {
    feed_->warnings.push_back("line " + std::to_string(xmlGetLineNo(node)) + ": " + what);
  }

 private:
  xmlDoc* doc_;
  std::string url_;
  Feed* feed_;
  std::set<std::string> seen_;
};

std::optional<std::string> OptDate(const std::string& raw) {
  if (raw.empty()) return std::nullopt;
  return IsoDate(raw);
}

void ParseRss(const xmlNode* root, Builder& b) {
  for (const xmlNode* ch = root->children; ch; ch = ch->next) {
    if (!Is(ch, "channel")) continue;
    std::string feed_lang;
    for (const xmlNode* n = ch->children; n; n = n->next) {
      if (Is(n, "language")) feed_lang = Lang(Text(n));
    }
    for (const xmlNode* it = ch->children; it; it = it->next) {
      if (!Is(it, "item")) continue;
      Item item;
      std::string link, orig, guid, pub, dc_date, updated, lang;
      bool guid_link = true;
      for (const xmlNode* f = it->children; f; f = f->next) {
        if (f->type != XML_ELEMENT_NODE) continue;
        std::string_view name = LocalName(f);
        if (name == "link" && NsHref(f).empty()) link = Text(f);
        else if (name == "link" && link.empty() && !Attr(f, "href").empty()) link = Attr(f, "href");  // atom:link in RSS
        else if (name == "origLink") orig = Text(f);
        else if (name == "guid") {
          guid = Text(f);
          guid_link = Lower(Attr(f, "isPermaLink")) != "false";
        } else if (name == "title" && NsHref(f).empty()) item.title = Text(f);
        else if (name == "pubDate") pub = Text(f);
        else if (name == "date" && IsDc(f)) dc_date = Text(f);
        else if (name == "updated") updated = Text(f);
        else if (name == "language" && IsDc(f)) lang = Lang(Text(f));
      }
      if (!orig.empty()) link = orig;  // FeedBurner's original article URL, not its redirect
      if (link.empty() && guid_link && (guid.rfind("http://", 0) == 0 || guid.rfind("https://", 0) == 0)) link = guid;
      std::string when = !pub.empty() ? pub : dc_date;
      item.published = OptDate(when);
      item.date = !updated.empty() ? updated : when;
      std::string l = !lang.empty() ? lang : feed_lang;
      if (!l.empty()) item.lang = l;
      b.Add(it, link, std::move(item));
    }
  }
}

void ParseRdf(const xmlNode* root, Builder& b) {
  std::string feed_lang;
  for (const xmlNode* ch = root->children; ch; ch = ch->next) {
    if (!Is(ch, "channel")) continue;
    for (const xmlNode* n = ch->children; n; n = n->next) {
      if (Is(n, "language") && IsDc(n)) feed_lang = Lang(Text(n));
    }
  }
  for (const xmlNode* it = root->children; it; it = it->next) {
    if (!Is(it, "item")) continue;
    Item item;
    std::string link = Attr(it, "about", kRdfNs), dc_date, lang;
    std::string link_el;
    for (const xmlNode* f = it->children; f; f = f->next) {
      if (f->type != XML_ELEMENT_NODE) continue;
      std::string_view name = LocalName(f);
      if (name == "link") link_el = Text(f);
      else if (name == "title" && !IsDc(f)) item.title = Text(f);
      else if (name == "title" && !item.title) item.title = Text(f);
      else if (name == "date" && IsDc(f)) dc_date = Text(f);
      else if (name == "language" && IsDc(f)) lang = Lang(Text(f));
    }
    if (!link_el.empty()) link = link_el;  // <link> is the page; rdf:about is only an identifier
    item.published = OptDate(dc_date);
    item.date = dc_date;
    std::string l = !lang.empty() ? lang : feed_lang;
    if (!l.empty()) item.lang = l;
    b.Add(it, link, std::move(item));
  }
}

void ParseAtom(const xmlNode* root, Builder& b) {
  for (const xmlNode* e = root->children; e; e = e->next) {
    if (!Is(e, "entry")) continue;
    Item item;
    std::string link, any_link, published, updated;
    for (const xmlNode* f = e->children; f; f = f->next) {
      if (f->type != XML_ELEMENT_NODE) continue;
      std::string_view name = LocalName(f);
      if (name == "link") {
        std::string rel = Attr(f, "rel"), href = Attr(f, "href");
        if (href.empty()) continue;
        if ((rel.empty() || rel == "alternate") && (link.empty() || Attr(f, "type").find("html") != std::string::npos)) {
          link = href;
        }
        if (any_link.empty() && rel != "self" && rel != "edit" && rel != "replies" && rel != "enclosure") any_link = href;
      } else if (name == "title") {
        item.title = Text(f);
      } else if (name == "published" || name == "issued") {
        published = Text(f);
      } else if (name == "updated" || name == "modified") {
        updated = Text(f);
      }
    }
    if (link.empty()) link = any_link;
    item.published = OptDate(!published.empty() ? published : updated);
    item.date = !updated.empty() ? updated : published;
    std::string l = XmlLang(e);
    if (!l.empty()) item.lang = l;
    b.Add(e, link, std::move(item));
  }
}

void ParseSitemap(const xmlNode* root, Builder& b, bool index) {
  for (const xmlNode* u = root->children; u; u = u->next) {
    if (!Is(u, index ? "sitemap" : "url")) continue;
    Item item;
    std::string loc, lastmod, news_date;
    for (const xmlNode* f = u->children; f; f = f->next) {
      if (f->type != XML_ELEMENT_NODE) continue;
      std::string_view name = LocalName(f);
      if (name == "loc") loc = Text(f);
      else if (name == "lastmod") lastmod = Text(f);
      else if (name == "news" && IsNews(f)) {
        for (const xmlNode* g = f->children; g; g = g->next) {
          if (Is(g, "title")) item.title = Text(g);
          else if (Is(g, "publication_date")) news_date = Text(g);
          else if (Is(g, "publication")) {
            for (const xmlNode* h = g->children; h; h = h->next) {
              if (Is(h, "language")) {
                std::string l = Lang(Text(h));
                if (!l.empty()) item.lang = l;
              }
            }
          }
        }
      }
    }
    // lastmod says when the page changed, not when it was published.
    item.published = OptDate(news_date);
    item.date = !lastmod.empty() ? lastmod : news_date;
    b.Add(u, loc, std::move(item));
  }
}

// The first error of a parse: libxml2 keeps only the last one, and after a
// fatal error it goes on reporting the confusion that follows.
struct FirstError {
  std::string text;
};

void OnXmlError(void* data, xmlError* e) {
  auto* ctxt = static_cast<xmlParserCtxt*>(data);
  auto* first = ctxt ? static_cast<FirstError*>(ctxt->_private) : nullptr;
  if (!first || !first->text.empty() || !e || e->level < XML_ERR_ERROR) return;
  first->text = "line " + std::to_string(e->line) + ": " + std::string(Trim(e->message ? e->message : "error"));
}

std::string ErrorText(xmlParserCtxt* ctxt, const FirstError& first) {
  if (!first.text.empty()) return first.text;
  const xmlError* e = xmlCtxtGetLastError(ctxt);
  if (!e || !e->message) return "not well-formed XML";
  return "line " + std::to_string(e->line) + ": " + std::string(Trim(e->message));
}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

// Returns true when the document's XML declaration names an encoding.
bool DeclaresEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 200);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") return true;  // a BOM decides
  if (head.substr(0, 5) != "<?xml") return false;
  size_t end = head.find("?>");
  return head.substr(0, end).find("encoding") != std::string_view::npos;
}

// Reads `bytes`; returns null (and the first error) unless well-formed, or
// with `recover` whatever libxml2 can make of it.
xmlDoc* ReadXml(std::string_view bytes, const std::string& url, const char* encoding, bool recover, std::string* error) {
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    *error = "cannot start the XML parser";
    return nullptr;
  }
  FirstError first;
  ctxt->_private = &first;
  ctxt->sax->serror = OnXmlError;
  int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  if (recover) flags |= XML_PARSE_RECOVER;
  xmlDoc* doc = xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(), encoding, flags);
  if (!recover && doc && !ctxt->wellFormed) {
    xmlFreeDoc(doc);
    doc = nullptr;
  }
  if (!doc || !ctxt->wellFormed) *error = ErrorText(ctxt.get(), first);
  return doc;
}

// HTML entities feeds use without declaring them, as code points.
int HtmlEntity(std::string_view name) {
  static const std::pair<const char*, int> kEntities[] = {
      {"nbsp", 160},    {"iexcl", 161},   {"cent", 162},    {"pound", 163},   {"yen", 165},     {"sect", 167},
      {"copy", 169},    {"laquo", 171},   {"reg", 174},     {"deg", 176},     {"plusmn", 177},  {"middot", 183},
      {"raquo", 187},   {"times", 215},   {"divide", 247},  {"ndash", 8211},  {"mdash", 8212},  {"lsquo", 8216},
      {"rsquo", 8217},  {"sbquo", 8218},  {"ldquo", 8220},  {"rdquo", 8221},  {"bdquo", 8222},  {"dagger", 8224},
      {"bull", 8226},   {"hellip", 8230}, {"prime", 8242},  {"euro", 8364},   {"trade", 8482},  {"larr", 8592},
      {"rarr", 8594},   {"uarr", 8593},   {"darr", 8595},   {"eacute", 233},  {"egrave", 232},  {"agrave", 224},
      {"uuml", 252},    {"ouml", 246},    {"auml", 228},    {"szlig", 223},   {"ccedil", 231},  {"shy", 173},
  };
  for (const auto& [n, cp] : kEntities) {
    if (name == n) return cp;
  }
  return 0;
}

// Returns `xml` with each '&' that starts no reference escaped as "&amp;"
// and known HTML entities turned into character references. CDATA sections
// and comments are left alone; a document with its own DTD keeps its
// named references.
std::string RepairEntities(std::string_view xml) {
  if (xml.size() >= 2 && ((xml[0] == '\xFF' && xml[1] == '\xFE') || (xml[0] == '\xFE' && xml[1] == '\xFF'))) {
    return std::string(xml);  // UTF-16: not byte-compatible with ASCII
  }
  const bool own_dtd = xml.substr(0, 4096).find("<!ENTITY") != std::string_view::npos;
  std::string out;
  out.reserve(xml.size() + 64);
  size_t i = 0;
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '<' && xml.compare(i, 9, "<![CDATA[") == 0) {
      size_t end = xml.find("]]>", i);
      end = end == std::string_view::npos ? xml.size() : end + 3;
      out.append(xml.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '<' && xml.compare(i, 4, "<!--") == 0) {
      size_t end = xml.find("-->", i);
      end = end == std::string_view::npos ? xml.size() : end + 3;
      out.append(xml.substr(i, end - i));
      i = end;
      continue;
    }
    if (c != '&') {
      out += c;
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool ok = false;
    if (j < xml.size() && xml[j] == '#') {
      ++j;
      bool hex = j < xml.size() && (xml[j] == 'x' || xml[j] == 'X');
      if (hex) ++j;
      size_t digits = j;
      while (j < xml.size() && (hex ? std::isxdigit(static_cast<unsigned char>(xml[j])) : std::isdigit(static_cast<unsigned char>(xml[j])))) ++j;
      ok = j > digits && j < xml.size() && xml[j] == ';';
    } else {
      size_t b = j;
      while (j < xml.size() && j - b < 32 &&
             (std::isalnum(static_cast<unsigned char>(xml[j])) || xml[j] == '_' || xml[j] == '.' || xml[j] == '-' || xml[j] == ':')) {
        ++j;
      }
      if (j > b && j < xml.size() && xml[j] == ';' && std::isalpha(static_cast<unsigned char>(xml[b]))) {
        std::string_view name = xml.substr(b, j - b);
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" || own_dtd) {
          ok = true;
        } else if (int cp = HtmlEntity(name)) {
          out += "&#" + std::to_string(cp) + ";";
          i = j + 1;
          continue;
        }
      }
    }
    if (ok) {
      out.append(xml.substr(i, j + 1 - i));
      i = j + 1;
    } else {
      out += "&amp;";
      ++i;
    }
  }
  return out;
}

}  // namespace

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kRss: return "rss";
    case Kind::kRdf: return "rdf";
    case Kind::kAtom: return "atom";
    case Kind::kSitemap: return "sitemap";
    case Kind::kSitemapIndex: return "sitemapindex";
  }
  return "?";
}

std::optional<std::string> IsoDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text[0]))) {
    if (std::optional<std::string> d = NumericDate(text)) return d;
  }
  return Rfc822Date(text);
}

Result<Feed> ParseFeed(std::string_view bytes, const std::string& url, const ParseOptions& options) {
  static const bool init = (xmlInitParser(), true);
  (void)init;
  std::string inflated;
  if (input::IsGzip(bytes)) {
    Result<std::string> plain = input::Gunzip(bytes, url, options.max_bytes);
    if (!plain.ok()) return MakeError(ErrorCode::kBadFeed, url, plain.error().what);
    inflated = std::move(plain).value();
    bytes = inflated;
  }
  if (Trim(bytes).empty()) return MakeError(ErrorCode::kBadFeed, url, "empty document, not a feed or sitemap");
  if (bytes.size() > options.max_bytes) {
    return MakeError(ErrorCode::kTooLarge, url, "feed is over " + std::to_string(options.max_bytes) + " bytes");
  }
  const char* encoding = nullptr;
  if (!options.charset.empty() && !DeclaresEncoding(bytes)) encoding = options.charset.c_str();

  std::string error;
  std::unique_ptr<xmlDoc, DocDeleter> doc(ReadXml(bytes, url, encoding, false, &error));
  std::string repaired_from, recovered_from;
  if (!doc) {
    // Real feeds carry stray '&' and HTML entities (&nbsp;): escape them
    // and read again; failing that, keep what libxml2's recovery finds.
    std::string fixed = RepairEntities(bytes);
    std::string error2;
    if (fixed != bytes) doc.reset(ReadXml(fixed, url, encoding, false, &error2));
    if (doc) {
      repaired_from = error;
    } else {
      doc.reset(ReadXml(fixed, url, encoding, true, &error2));
      recovered_from = error;
    }
  }
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root) {
    if (extract::LooksLikeHtml(bytes)) return MakeError(ErrorCode::kBadFeed, url, "not a feed or sitemap: an HTML page");
    return MakeError(ErrorCode::kBadFeed, url,
                     recovered_from.empty() ? "no root element" : "not well-formed XML: " + recovered_from);
  }
  Feed feed;
  Builder b(doc.get(), url, &feed);
  std::string_view name = LocalName(root);
  if (name == "rss") {
    feed.kind = Kind::kRss;
    ParseRss(root, b);
  } else if (name == "RDF" && NsHref(root) == kRdfNs) {
    feed.kind = Kind::kRdf;
    ParseRdf(root, b);
  } else if (name == "feed") {
    feed.kind = Kind::kAtom;
    ParseAtom(root, b);
  } else if (name == "urlset") {
    feed.kind = Kind::kSitemap;
    ParseSitemap(root, b, false);
  } else if (name == "sitemapindex") {
    feed.kind = Kind::kSitemapIndex;
    ParseSitemap(root, b, true);
  } else {
    return MakeError(ErrorCode::kBadFeed, url,
                     "not a feed or sitemap: the root element is <" + std::string(name) + ">");
  }
  if (!repaired_from.empty()) {
    feed.warnings.insert(feed.warnings.begin(),
                         "not well-formed XML (" + repaired_from + "); read it with stray '&' and HTML entities escaped");
  }
  if (!recovered_from.empty()) {
    if (feed.items.empty()) return MakeError(ErrorCode::kBadFeed, url, "not well-formed XML: " + recovered_from);
    feed.warnings.insert(feed.warnings.begin(), "not well-formed XML (" + recovered_from + "); kept the " +
                                                    std::to_string(feed.items.size()) + " items that could be read");
  }
  return feed;
}

}  // namespace kiji::feed
