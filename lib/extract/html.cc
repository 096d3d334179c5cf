#include "extract/html.h"

#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "extract/charset.h"
#include "extract/html_internal.h"
#include "text/text.h"

namespace kiji::extract {
namespace {

using html::Page;

// What JSON-LD says about the article.
struct LinkedData {
  std::string headline;
  std::string date_published;
  std::string article_body;
  std::string in_language;
  std::string publisher;
  std::string date_modified;
};

bool IsArticleType(const nlohmann::json& type) {
  auto one = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t.find("BlogPosting") != std::string::npos ||
           t == "Report" || t == "NewsArticle";
  };
  if (type.is_string()) return one(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && one(t.get<std::string>())) return true;
    }
  }
  return false;
}

std::string StringField(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array() && !it->empty() && (*it)[0].is_string()) return (*it)[0].get<std::string>();
  if (it->is_object()) {
    auto name = it->find("name");
    if (name != it->end() && name->is_string()) return name->get<std::string>();
    auto id = it->find("@id");
    if (id != it->end() && id->is_string()) return id->get<std::string>();
  }
  return "";
}

// Reads every JSON-LD block; an Article-typed object wins over others.
LinkedData ReadLinkedData(const std::vector<std::string>& blocks) {
  LinkedData article, other;
  bool have_article = false;
  for (const std::string& block : blocks) {
    nlohmann::json j = nlohmann::json::parse(block, nullptr, false);
    if (j.is_discarded()) {
      // Hand-written JSON-LD is often broken (raw newlines, trailing
      // commas); the two fields that matter most are still findable.
      static const RE2 date(R"re("datePublished"\s*:\s*"([^"]{6,40})")re");
      static const RE2 headline(R"re("headline"\s*:\s*"((?:[^"\\]|\\.){1,400})")re");
      std::string v;
      if (other.date_published.empty() && RE2::PartialMatch(block, date, &v)) other.date_published = v;
      if (other.headline.empty() && RE2::PartialMatch(block, headline, &v)) other.headline = v;
      continue;
    }
    std::vector<const nlohmann::json*> stack{&j};
    size_t visited = 0;
    while (!stack.empty() && ++visited < 10000) {
      const nlohmann::json* x = stack.back();
      stack.pop_back();
      if (x->is_array()) {
        for (auto it = x->rbegin(); it != x->rend(); ++it) stack.push_back(&*it);
        continue;
      }
      if (!x->is_object()) continue;
      auto type = x->find("@type");
      bool is_article = type != x->end() && IsArticleType(*type);
      LinkedData* into = is_article ? &article : &other;
      if (is_article && have_article) into = &other;
      auto fill = [&](std::string& field, const char* key) {
        if (field.empty()) field = StringField(*x, key);
      };
      if (is_article || x->contains("datePublished") || x->contains("headline")) {
        fill(into->headline, "headline");
        fill(into->date_published, "datePublished");
        fill(into->article_body, "articleBody");
        fill(into->in_language, "inLanguage");
        fill(into->publisher, "publisher");
        fill(into->date_modified, "dateModified");
        if (is_article) have_article = true;
      }
      for (const char* nested : {"@graph", "mainEntity", "mainEntityOfPage", "itemListElement"}) {
        auto it = x->find(nested);
        if (it != x->end() && (it->is_array() || it->is_object())) stack.push_back(&*it);
      }
    }
  }
  if (!have_article) return other;
  if (article.headline.empty()) article.headline = other.headline;
  if (article.date_published.empty()) article.date_published = other.date_published;
  if (article.publisher.empty()) article.publisher = other.publisher;
  return article;
}

std::string MetaValue(const html::PageMeta& m, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    for (const auto& [k, v] : m.metas) {
      if (k == key && !v.empty()) return v;
    }
  }
  return "";
}

// Removes the title (and short lines before it, a kicker or a section
// name) from the head of `text`.
void DropTitleAtHead(std::string* text, const std::string& title) {
  std::string t = html::SquashForCompare(title);
  if (t.empty()) return;
  size_t pos = 0;
  for (int para = 0; para < 3 && pos < text->size(); ++para) {
    size_t end = text->find("\n\n", pos);
    if (end == std::string::npos) end = text->size();
    std::string_view p(text->data() + pos, end - pos);
    std::string sp = html::SquashForCompare(p);
    if (sp == t) {
      size_t next = end;
      while (next < text->size() && (*text)[next] == '\n') ++next;
      text->erase(0, next);
      return;
    }
    if (p.size() > 80) return;
    pos = end;
    while (pos < text->size() && (*text)[pos] == '\n') ++pos;
  }
}

// Removes markup from a JSON-LD articleBody that carries it.
std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_tag = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<') {
      in_tag = true;
      // Block tags become paragraph breaks.
      if (s.compare(i, 2, "<p") == 0 || s.compare(i, 3, "</p") == 0 || s.compare(i, 3, "<br") == 0) out += "\n\n";
      continue;
    }
    if (c == '>' && in_tag) {
      in_tag = false;
      continue;
    }
    if (!in_tag) out.push_back(c);
  }
  return out;
}

std::string ResolveUrl(const std::string& href, const std::string& base) {
  if (href.empty()) return "";
  if (href.find("://") != std::string::npos) return href;
  size_t scheme = base.find("://");
  if (scheme == std::string::npos) return "";
  if (href.rfind("//", 0) == 0) return base.substr(0, scheme + 1) + href;
  size_t host_end = base.find('/', scheme + 3);
  std::string origin = host_end == std::string::npos ? base : base.substr(0, host_end);
  if (href.front() == '/') return origin + href;
  size_t last = base.rfind('/');
  if (last == std::string::npos || last < scheme + 3) return origin + "/" + href;
  return base.substr(0, last + 1) + href;
}

// Decides the charset and returns the page in UTF-8; records the decision
// in `a` (source.content_type, warnings).
Result<std::string> DecodePage(Document& doc, const std::string& where, Article* a) {
  CharsetDecision cs;
  if (doc.source.type == "jsonl") {
    cs.charset = "UTF-8";
    cs.source = CharsetSource::kJsonl;
  } else {
    std::string transport = doc.hints.charset ? *doc.hints.charset : "";
    if (transport.empty() && doc.source.content_type) transport = CharsetFromContentType(*doc.source.content_type);
    cs = DecideCharset(doc.bytes, transport);
  }
  if (cs.warning) a->warnings.push_back("charset: " + *cs.warning);
  std::string utf8;
  if (cs.charset == "UTF-8") {
    utf8 = std::move(doc.bytes);
    if (utf8.compare(0, 3, "\xEF\xBB\xBF") == 0) utf8.erase(0, 3);
    if (cs.invalid_utf8) {
      a->warnings.push_back(std::to_string(cs.invalid_utf8) + " invalid UTF-8 sequence" +
                            (cs.invalid_utf8 == 1 ? "" : "s") + " replaced");
    }
  } else {
    size_t replaced = 0;
    Result<std::string> converted = ConvertToUtf8(doc.bytes, cs.charset, &replaced);
    if (!converted.ok()) return MakeError(ErrorCode::kBadCharset, where, converted.error().what);
    utf8 = std::move(converted).value();
    if (replaced) {
      a->warnings.push_back(std::to_string(replaced) + " byte sequence" + (replaced == 1 ? "" : "s") +
                            " not valid in " + cs.charset + " replaced");
    }
  }
  // As served when the served type names the charset used, else the
  // served media type with it; then how it was decided.
  std::string content_type = "text/html; charset=" + cs.charset;
  if (doc.source.content_type && !doc.source.content_type->empty()) {
    const std::string& served = *doc.source.content_type;
    if (CanonicalCharset(CharsetFromContentType(served)) == cs.charset) {
      content_type = served;
    } else {
      std::string media_type = served.substr(0, served.find(';'));
      while (!media_type.empty() && media_type.back() == ' ') media_type.pop_back();
      if (!media_type.empty()) content_type = media_type + "; charset=" + cs.charset;
    }
  }
  a->source.content_type = content_type + "; charset-source=" + CharsetSourceName(cs.source);
  // Parse at most kMaxHtmlBytes, cut at a tag boundary.
  if (utf8.size() > kMaxHtmlBytes) {
    size_t cut = utf8.rfind('<', kMaxHtmlBytes);
    if (cut == std::string::npos || cut < kMaxHtmlBytes / 2) cut = kMaxHtmlBytes;
    auto mib = [](size_t n) { return std::to_string((n + (size_t(1) << 19)) >> 20); };
    a->warnings.push_back("page is " + mib(utf8.size()) + " MiB; only the first " + mib(cut) + " MiB were read");
    utf8.resize(cut);
  }
  return utf8;
}

// Returns the page's title and fills `h1` with the headline's text.
std::string ReadTitle(const Page& page, uint32_t container, const LinkedData& ld, std::string* h1) {
  const html::PageMeta& m = page.meta;
  html::TitleSources ts;
  ts.og_title = MetaValue(m, {"og:title", "twitter:title"});
  ts.ld_headline = ld.headline;
  if (!m.h1.empty()) {
    // The first <h1> inside the article, else the first on the page.
    uint32_t pick = m.h1.front();
    for (uint32_t h : m.h1) {
      if (h >= container && h < page.nodes[container].end) {
        pick = h;
        break;
      }
    }
    ts.h1 = html::TextOf(page, pick);
  }
  ts.title_tag = m.title_tag;
  ts.site_name = MetaValue(m, {"og:site_name", "application-name", "twitter:site"});
  if (ts.site_name.empty()) ts.site_name = ld.publisher;
  *h1 = ts.h1;
  return html::ChooseTitle(ts).first;
}

// Returns the published date (ISO) from the page's sources.
std::string ReadPublished(const Page& page, uint32_t container, const LinkedData& ld, const std::string& url) {
  const html::PageMeta& m = page.meta;
  html::DateSources ds;
  ds.ld_published = ld.date_published;
  ds.meta_published = MetaValue(m, {"article:published_time", "og:published_time", "itemprop:datepublished",
                                    "datepublished", "published_time"});
  for (const auto& [index, value] : m.times) {
    (void)index;
    if (html::ParseDate(value)) {
      ds.time_datetime = value;
      break;
    }
  }
  ds.meta_other = MetaValue(m, {"pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date.issued",
                                "dc.date", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
                                "article.published", "originalpublicationdate", "cxenseparse:recs:publishtime"});
  if (ds.meta_other.empty()) {
    // Site-specific names: "sn-post-date", "publish_date_utc"...
    for (const char* part : {"publish", "date"}) {
      for (const auto& [k, v] : m.metas) {
        if (k.find(part) == std::string::npos || k.find("modif") != std::string::npos ||
            k.find("updat") != std::string::npos || k.find("expir") != std::string::npos) {
          continue;
        }
        if (html::ParseDate(v)) {
          ds.meta_other = v;
          break;
        }
      }
      if (!ds.meta_other.empty()) break;
    }
  }
  ds.url = url;
  // Where bylines are: elements named for dates, the stretch between the
  // headline and the article, the article's first lines.
  size_t n = 0;
  for (uint32_t i : m.date_hinted) {
    if (++n > 12) break;
    ds.visible += html::TextOf(page, i);
    ds.visible += "\n";
  }
  uint32_t from = container;
  for (uint32_t h : m.h1) {
    if (h < container && container - h < 2000) {
      from = h;
      break;
    }
  }
  for (uint32_t i = from; i < container && ds.visible.size() < 4000; ++i) {
    const html::Node& t = page.nodes[i];
    if (t.flags & html::kText) ds.visible.append(page.text, t.text_begin, t.text_len);
    else if (t.flags & html::kBlock) ds.visible.push_back('\n');
  }
  ds.visible += "\n";
  ds.visible += html::TextOf(page, container).substr(0, 1500);
  ds.modified = MetaValue(m, {"article:modified_time", "og:updated_time", "datemodified"});
  if (ds.modified.empty()) ds.modified = ld.date_modified;
  return html::ChooseDate(ds).first;
}

// Returns the declared language ("en", "ja", "pt"), or "" when none is
// declared or the text's script contradicts the declaration.
std::string ReadLanguage(const html::PageMeta& m, const LinkedData& ld, const std::string& body) {
  std::string lang = html::PrimaryLanguage(m.html_lang);
  if (lang.empty()) lang = html::PrimaryLanguage(MetaValue(m, {"og:locale", "content-language", "dc.language", "language"}));
  if (lang.empty()) lang = html::PrimaryLanguage(ld.in_language);
  if (lang.empty()) return "";
  text::Lang declared = text::ParseLang(lang);
  text::Lang seen = text::DetectLang(std::string_view(body).substr(0, 4000));
  // Templates declare "en" on pages in any language; the script decides.
  bool contradicts = (declared == text::Lang::kEn && seen == text::Lang::kJa) ||
                     (declared == text::Lang::kJa && seen == text::Lang::kEn) ||
                     (declared != text::Lang::kUnd && seen == text::Lang::kUnd && body.size() > 200);
  return contradicts ? "" : lang;
}

}  // namespace

Result<Article> ExtractHtml(Document doc) {
  const std::string where = doc.source.member ? *doc.source.member : doc.source.location;
  Article a;
  a.source = doc.source;
  Result<std::string> utf8 = DecodePage(doc, where, &a);
  if (!utf8.ok()) return utf8.error();
  // The article: the best subtree, rendered.
  Page page = html::ParsePage(*utf8, &a.warnings);
  html::ScoreBlocks(page);
  uint32_t container = html::ChooseContainer(page);
  std::string body = html::Render(page, container);
  LinkedData ld = ReadLinkedData(page.meta.json_ld);
  // A JSON-LD articleBody stands in when the page gives little text.
  std::string ld_body = ld.article_body;
  if (ld_body.find('<') != std::string::npos) ld_body = StripTags(ld_body);
  if (ld_body.size() >= 400 && body.size() * 2 < ld_body.size()) {
    body = std::move(ld_body);
    a.warnings.push_back("main text taken from the page's JSON-LD articleBody");
  }
  std::string h1;
  std::string title = ReadTitle(page, container, ld, &h1);
  if (!title.empty()) {
    a.title = title;
    DropTitleAtHead(&body, title);
    if (!h1.empty() && h1 != title) DropTitleAtHead(&body, h1);
  }
  // The canonical URL before the date: the URL may carry it.
  std::string base = doc.hints.url ? *doc.hints.url : "";
  if (base.empty() && a.source.location.find("://") != std::string::npos) base = a.source.location;
  std::string canonical = ResolveUrl(page.meta.canonical, base);
  if (canonical.empty()) canonical = ResolveUrl(MetaValue(page.meta, {"og:url"}), base);
  if (canonical.empty()) canonical = base;
  if (!canonical.empty()) a.canonical_url = canonical;
  std::string published = ReadPublished(page, container, ld, canonical);
  if (!published.empty()) a.published = published;
  std::string lang = ReadLanguage(page.meta, ld, body);
  if (!lang.empty()) a.lang = lang;
  a.body = std::move(body);
  a.dateline = FindDateline(a.body);
  // Hints from the caller (JSON Lines fields) win over the page.
  if (doc.hints.title) a.title = doc.hints.title;
  if (doc.hints.published) a.published = doc.hints.published;
  if (doc.hints.lang) a.lang = doc.hints.lang;
  if (a.body.empty()) {
    std::string what = "no text found in the page";
    if (a.title) what += " (title: \"" + *a.title + "\")";
    return MakeError(ErrorCode::kEmpty, where, what);
  }
  return a;
}

}  // namespace kiji::extract
