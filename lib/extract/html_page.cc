// The walk over gumbo's tree into a Page, and the guards that keep gumbo
// linear (nesting depth).
#include <gumbo.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <array>
#include <cstring>
#include <unordered_map>

#include "common/strings.h"
#include "extract/html_internal.h"

namespace kiji::extract::html {
namespace {

// What the walk does with an element, by tag.
enum TagRole : uint8_t {
  kInline = 0,    // text flows through
  kBlockRole,     // a block: separates paragraphs
  kSkip,          // never visible text (script, style, form controls, media)
  kHead,          // <head>: metadata only
};

struct TagInfo {
  std::array<uint8_t, GUMBO_TAG_LAST + 1> role{};
  std::array<uint32_t, GUMBO_TAG_LAST + 1> flags{};
  TagInfo() {
    for (GumboTag t : {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
                       GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR, GUMBO_TAG_DIV, GUMBO_TAG_DL,
                       GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER,
                       GUMBO_TAG_FORM, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
                       GUMBO_TAG_H6, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_LI, GUMBO_TAG_MAIN,
                       GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_SECTION,
                       GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT,
                       GUMBO_TAG_TR, GUMBO_TAG_UL, GUMBO_TAG_CAPTION, GUMBO_TAG_LEGEND, GUMBO_TAG_LISTING,
                       GUMBO_TAG_XMP, GUMBO_TAG_PLAINTEXT, GUMBO_TAG_HTML, GUMBO_TAG_UNKNOWN, GUMBO_TAG_TD,
                       GUMBO_TAG_TH, GUMBO_TAG_MULTICOL, GUMBO_TAG_MARQUEE, GUMBO_TAG_FRAMESET}) {
      role[t] = kBlockRole;
    }
    for (GumboTag t : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG,
                       GUMBO_TAG_MATH, GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS,
                       GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO, GUMBO_TAG_INPUT, GUMBO_TAG_SELECT, GUMBO_TAG_TEXTAREA,
                       GUMBO_TAG_BUTTON, GUMBO_TAG_OPTION, GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST, GUMBO_TAG_MAP,
                       GUMBO_TAG_AREA, GUMBO_TAG_IMG, GUMBO_TAG_IMAGE, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES,
                       GUMBO_TAG_APPLET, GUMBO_TAG_RT, GUMBO_TAG_RP, GUMBO_TAG_KEYGEN, GUMBO_TAG_PROGRESS,
                       GUMBO_TAG_METER, GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_FRAME,
                       GUMBO_TAG_BGSOUND, GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_BASE, GUMBO_TAG_TITLE,
                       GUMBO_TAG_MENUITEM, GUMBO_TAG_OUTPUT}) {
      role[t] = kSkip;
    }
    role[GUMBO_TAG_HEAD] = kHead;
    for (GumboTag t : {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6}) {
      flags[t] |= kHeading;
    }
    for (GumboTag t : {GUMBO_TAG_NAV, GUMBO_TAG_ASIDE, GUMBO_TAG_FOOTER, GUMBO_TAG_MENU}) flags[t] |= kBoilerTag;
    for (GumboTag t : {GUMBO_TAG_LI, GUMBO_TAG_DT, GUMBO_TAG_DD}) flags[t] |= kListItem;
    flags[GUMBO_TAG_TD] |= kCell;
    flags[GUMBO_TAG_TH] |= kCell;
    flags[GUMBO_TAG_TR] |= kRow;
    flags[GUMBO_TAG_P] |= kParagraph;
    flags[GUMBO_TAG_PRE] |= kPre;
    flags[GUMBO_TAG_LISTING] |= kPre;
    flags[GUMBO_TAG_XMP] |= kPre;
    flags[GUMBO_TAG_PLAINTEXT] |= kPre;
    flags[GUMBO_TAG_BR] |= kLineBreak;
    flags[GUMBO_TAG_FIGURE] |= kFigure;
    flags[GUMBO_TAG_FIGCAPTION] |= kFigure;
    flags[GUMBO_TAG_HEADER] |= kHeaderTag;
    for (size_t t = 0; t <= GUMBO_TAG_LAST; ++t) {
      if (role[t] == kBlockRole) flags[t] |= kBlock;
    }
  }
};

const TagInfo& Tags() {
  static const TagInfo info;
  return info;
}

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

bool ContainsLower(std::string_view haystack, std::string_view needle) {
  return AsciiLower(haystack).find(needle) != std::string::npos;
}

// True when inline style or attributes hide the element.
bool Hidden(const GumboElement& e) {
  if (gumbo_get_attribute(&e.attributes, "hidden")) return true;
  if (const char* aria = Attr(e, "aria-hidden"); aria && std::strcmp(aria, "true") == 0) return true;
  if (const char* style = Attr(e, "style")) {
    std::string s = AsciiLower(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) return true;
  }
  return false;
}

// Appends the text of a text node, white space collapsed (unless `pre`),
// and counts its visible bytes and punctuation.
void AppendCollapsed(std::string_view in, bool pre, std::string* out, uint32_t* chars, uint32_t* punct) {
  uint32_t c = 0, p = 0;
  bool space = false;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size();
  out->reserve(out->size() + n);
  for (size_t i = 0; i < n; ++i) {
    unsigned char ch = s[i];
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
      if (pre) {
        out->push_back(ch == '\r' ? '\n' : static_cast<char>(ch));
      } else {
        space = true;
      }
      continue;
    }
    if (space) {
      out->push_back(' ');
      space = false;
    }
    out->push_back(static_cast<char>(ch));
    ++c;
    switch (ch) {
      case '.': case ',': case '!': case '?': case ';': ++p; break;
      case 0xE3:  // 、 。 (E3 80 81 / E3 80 82)
        if (i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0x81 || s[i + 2] == 0x82)) ++p;
        break;
      case 0xEF:  // ！ ， ？ (EF BC 81 / 8C / 9F)
        if (i + 2 < n && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x8C || s[i + 2] == 0x9F)) ++p;
        break;
      default: break;
    }
  }
  if (space) out->push_back(' ');
  *chars += c;
  *punct += p;
}

// Class/id names, as keyword -> weight. Order does not matter: every
// keyword found counts. Weights: ±1 mild, ±2 clear, -3 never article text
// (the element and everything in it is dropped).
struct Keyword {
  const char* word;
  int weight;
};
constexpr Keyword kKeywords[] = {
    // Article content.
    {"article", 1}, {"content", 1}, {"entry", 1}, {"story", 1}, {"post", 1}, {"text", 1}, {"body", 1},
    {"main", 1}, {"prose", 1}, {"blog", 1},
    {"articlebody", 2}, {"article-body", 2}, {"article_body", 2}, {"story-body", 2}, {"storybody", 2},
    {"entry-content", 2}, {"post-content", 2}, {"postbody", 2}, {"post-body", 2}, {"article-content", 2},
    {"honbun", 2}, {"hombun", 2}, {"kiji", 1},  // Japanese sites name the article text 本文 (honbun), 記事 (kiji)
    {"article__body", 2}, {"article-text", 2}, {"twitter-tweet", 2}, {"social-media-embed", 2},
    {"embedded-tweet", 2}, {"tweet-embed", 2}, {"embed-twitter", 2}, {"instagram-media", 2}, {"story-content", 2}, {"news-text", 2}, {"body-text", 2},
    // Furniture, mild: may wrap the article on some sites.
    {"header", -1}, {"meta", -1}, {"byline", -1}, {"author", -1},
    {"date", -1}, {"time", -1}, {"hidden", -1}, {"media", -1}, {"photo", -1}, {"image", -1}, {"video", -1},
    {"thumb", -1}, {"label", -1}, {"tool", -1}, {"masthead", -1}, {"banner", -1},
    {"sidebar", -2}, {"widget", -2}, {"footer", -2}, {"foot", -1}, {"menu", -2}, {"nav", -2}, {"comment", -2},
    {"sponsor", -2}, {"promo", -2}, {"popular", -2}, {"trending", -2}, {"pagination", -2}, {"pager", -2},
    {"disclaimer", -1}, {"copyright", -1}, {"login", -2}, {"signin", -2}, {"paywall", -1}, {"skip", -1},
    // Never article text.
    {"share", -3}, {"sharing", -3}, {"social", -3}, {"related", -3}, {"recommend", -3}, {"newsletter", -3},
    {"subscribe", -3}, {"subscription", -3}, {"signup", -3}, {"sign-up", -3}, {"advert", -3}, {"-ad-", -3},
    {"breadcrumb", -3}, {"cookie", -3}, {"consent", -3}, {"gdpr", -3}, {"popup", -3}, {"modal", -3}, {"rollover", -3},
    {"tooltip", -3}, {"popover", -3}, {"hovercard", -3},
    {"outbrain", -3}, {"taboola", -3}, {"disqus", -3}, {"read-more", -3}, {"readmore", -3},
    {"more-stories", -3}, {"most-read", -3}, {"mostread", -3}, {"tags", -3}, {"tag-list", -3}, {"taglist", -3},
    {"caption", -3}, {"credit", -3}, {"gallery", -3}, {"slideshow", -3}, {"carousel", -3}, {"lightbox", -3},
    {"ranking", -2}, {"pankuzu", -3}, {"kanren", -3},  // Japanese: access ranking, breadcrumbs, related
    {"print", -3}, {"follow", -3}, {"rss", -3}, {"toolbar", -3}, {"jump", -3},
};

// Whole-token class names (too short to find as substrings).
constexpr Keyword kTokens[] = {
    {"ad", -3}, {"ads", -3}, {"adv", -3}, {"advertisement", -3}, {"ad-slot", -3}, {"ad-container", -3},
    {"ad-wrapper", -3}, {"ad-unit", -3}, {"dfp", -3}, {"hide", -3}, {"hid", -3}, {"hidden", -3}, {"d-none", -3}, {"sr-only", -3},
    {"visually-hidden", -3}, {"screen-reader-text", -3}, {"tag", -3}, {"sns", -3}, {"side", -2}, {"gnav", -3},
    {"gnavi", -3},
};

class KeywordMatcher {
 public:
  KeywordMatcher() : set_(Options(), RE2::UNANCHORED) {
    for (const Keyword& k : kKeywords) {
      std::string err;
      set_.Add(RE2::QuoteMeta(k.word), &err);
    }
    set_.Compile();
  }
  int Weight(std::string_view lowered, bool* drop) const {
    std::vector<int> hits;
    bool d = false;
    int positive = 0, negative = 0;
    if (set_.Match(re2::StringPiece(lowered.data(), lowered.size()), &hits)) {
      for (int h : hits) {
        int kw = kKeywords[h].weight;
        if (kw == -3) d = true;
        if (kw > 0) positive = std::max(positive, kw);
        else negative = std::min(negative, kw);
      }
    }
    // Tokens: split on white space.
    size_t i = 0;
    while (i < lowered.size()) {
      size_t j = lowered.find(' ', i);
      if (j == std::string_view::npos) j = lowered.size();
      std::string_view tok = lowered.substr(i, j - i);
      for (const Keyword& k : kTokens) {
        if (tok == k.word) {
          if (k.weight == -3) d = true;
          negative = std::min(negative, k.weight);
        }
      }
      i = j + 1;
    }
    // "article-body share-enabled": the body wins.
    if (positive >= 2) {
      d = false;
      negative = std::max(negative, -1);
    }
    *drop = d;
    return positive + negative;
  }

 private:
  static RE2::Options Options() {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_literal(false);
    return o;
  }
  RE2::Set set_;
};

const KeywordMatcher& Matcher() {
  static const KeywordMatcher m;
  return m;
}

// True when a class token or the id starts with "comment" (comments,
// comment-list, commentlist).
bool StartsWithComment(const char* s) {
  if (!s) return false;
  std::string_view v(s);
  size_t i = 0;
  while (i < v.size()) {
    size_t j = v.find(' ', i);
    if (j == std::string_view::npos) j = v.size();
    std::string tok = AsciiLower(v.substr(i, j - i));
    if (tok.rfind("comment", 0) == 0 && tok.find("count") == std::string::npos) return true;
    i = j + 1;
  }
  return false;
}

bool IsWhitespaceOnly(const char* s) {
  for (; *s; ++s) {
    if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f') return false;
  }
  return true;
}

}  // namespace

int ClassIdWeight(std::string_view class_and_id, bool* drop) {
  std::string low = AsciiLower(class_and_id);
  for (char& c : low) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  bool d = false;
  int w = Matcher().Weight(low, &d);
  if (drop) *drop = d;
  return w;
}

Page Flatten(const void* gumbo_root) {
  const TagInfo& tags = Tags();
  Page page;
  page.nodes.reserve(4096);
  page.text.reserve(1 << 16);
  std::unordered_map<std::string, std::pair<int, bool>> hint_cache;

  struct Frame {
    const GumboNode* node;
    uint32_t index;      // in page.nodes (elements only)
    uint32_t next;       // next child to visit
    uint32_t owner;      // nearest block element (own-text owner)
    uint32_t inherited;  // kLink | kPre
    bool in_head;
  };
  std::vector<Frame> stack;
  const auto* root = static_cast<const GumboNode*>(gumbo_root);
  if (!root || root->type != GUMBO_NODE_ELEMENT) {
    Node n;
    n.flags = kBlock;
    n.end = 1;
    page.nodes.push_back(n);
    return page;
  }

  // Collects metadata from an element that is not itself visible text.
  auto harvest = [&](const GumboNode* node) {
    const GumboElement& e = node->v.element;
    switch (e.tag) {
      case GUMBO_TAG_META: {
        const char* content = Attr(e, "content");
        if (!content) break;
        for (const char* key_attr : {"property", "name", "itemprop", "http-equiv"}) {
          if (const char* key = Attr(e, key_attr)) page.meta.metas.emplace_back(AsciiLower(key), content);
        }
        break;
      }
      case GUMBO_TAG_TITLE:
        if (page.meta.title_tag.empty() && e.children.length > 0) {
          const auto* t = static_cast<const GumboNode*>(e.children.data[0]);
          if (t->type == GUMBO_NODE_TEXT) {
            uint32_t c = 0, p = 0;
            AppendCollapsed(t->v.text.text, false, &page.meta.title_tag, &c, &p);
          }
        }
        break;
      case GUMBO_TAG_LINK:
        if (const char* rel = Attr(e, "rel"); rel && ContainsLower(rel, "canonical") && page.meta.canonical.empty()) {
          if (const char* href = Attr(e, "href")) page.meta.canonical = href;
        }
        break;
      case GUMBO_TAG_SCRIPT:
        if (const char* type = Attr(e, "type"); type && ContainsLower(type, "ld+json")) {
          for (unsigned i = 0; i < e.children.length; ++i) {
            const auto* t = static_cast<const GumboNode*>(e.children.data[i]);
            if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_CDATA) page.meta.json_ld.emplace_back(t->v.text.text);
          }
        }
        break;
      default: break;
    }
  };

  // Adds the element `node` under `parent` and pushes its frame.
  auto open = [&](const GumboNode* node, const Frame* parent) {
    const GumboElement& e = node->v.element;
    Node n;
    n.tag = static_cast<uint16_t>(e.tag);
    n.flags = tags.flags[e.tag] | (parent ? (parent->inherited & (kLink | kPre)) : 0);
    n.parent = parent ? parent->index : 0;
    if (e.tag == GUMBO_TAG_A && gumbo_get_attribute(&e.attributes, "href")) n.flags |= kLink;
    const char* cls = Attr(e, "class");
    const char* id = Attr(e, "id");
    if ((cls && *cls) || (id && *id)) {
      std::string key = cls ? cls : "";
      if (id && *id) {
        key += ' ';
        key += id;
      }
      auto it = hint_cache.find(key);
      if (it == hint_cache.end()) {
        bool drop = false;
        int w = ClassIdWeight(key, &drop);
        it = hint_cache.emplace(std::move(key), std::make_pair(w, drop)).first;
      }
      n.hint = static_cast<int16_t>(it->second.first);
      if (it->second.second) n.flags |= kDropHint;
      if (StartsWithComment(cls) || StartsWithComment(id)) n.flags |= kCommentHint;
    }
    if (const char* itemprop = Attr(e, "itemprop")) {
      std::string ip = AsciiLower(itemprop);
      if (ip.find("articlebody") != std::string::npos || ip == "text") n.hint = static_cast<int16_t>(n.hint + 3);
      if (ip.find("datepublished") != std::string::npos) {
        if (const char* content = Attr(e, "content")) page.meta.metas.emplace_back("itemprop:datepublished", content);
        else if (const char* dt = Attr(e, "datetime")) page.meta.metas.emplace_back("itemprop:datepublished", dt);
      }
    }
    if (const char* role = Attr(e, "role")) {
      std::string r = AsciiLower(role);
      if (r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" || r == "search") {
        n.flags |= kBoilerTag;
      } else if (r == "main" || r == "article") {
        n.hint = static_cast<int16_t>(n.hint + 1);
      }
    }
    uint32_t index = static_cast<uint32_t>(page.nodes.size());
    if (e.tag == GUMBO_TAG_H1) page.meta.h1.push_back(index);
    if (e.tag == GUMBO_TAG_TIME) {
      if (const char* dt = Attr(e, "datetime")) page.meta.times.emplace_back(index, dt);
    }
    if (n.hint < 0 && cls) {
      std::string c = AsciiLower(cls);
      if (c.find("date") != std::string::npos || c.find("time") != std::string::npos ||
          c.find("byline") != std::string::npos || c.find("posted") != std::string::npos ||
          c.find("publish") != std::string::npos) {
        page.meta.date_hinted.push_back(index);
      }
    }
    page.nodes.push_back(n);
    uint32_t owner = (n.flags & kBlock) ? index : (parent ? parent->owner : 0);
    stack.push_back(Frame{node, index, 0, owner, n.flags, false});
  };

  if (const char* lang = Attr(root->v.element, "lang")) page.meta.html_lang = lang;
  else if (const char* xml_lang = Attr(root->v.element, "xml:lang")) page.meta.html_lang = xml_lang;
  open(root, nullptr);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& children = f.node->v.element.children;
    if (f.next >= children.length) {
      if (!f.in_head) page.nodes[f.index].end = static_cast<uint32_t>(page.nodes.size());
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[f.next++]);
    switch (child->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& e = child->v.element;
        uint8_t role = tags.role[e.tag];
        if (f.in_head || role == kHead) {
          // <head> (and anything gumbo put in it) holds metadata only: walk
          // it for <meta>, <title>, <link>, JSON-LD without adding nodes.
          harvest(child);
          if (role != kSkip) stack.push_back(Frame{child, f.index, 0, f.owner, f.inherited, true});
          break;
        }
        if (role == kSkip) {
          harvest(child);
          break;
        }
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML || Hidden(e)) break;
        Frame parent = f;  // `open` may reallocate the stack
        open(child, &parent);
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE: {
        if (f.in_head) break;
        const char* s = child->v.text.text;
        bool pre = (f.inherited & kPre) != 0;
        Node n;
        n.flags = kText | (f.inherited & (kLink | kPre));
        n.parent = f.index;
        n.text_begin = static_cast<uint32_t>(page.text.size());
        if (child->type == GUMBO_NODE_WHITESPACE && !pre) {
          // Only a separator between inline elements.
          if (IsWhitespaceOnly(s)) page.text.push_back(' ');
        } else {
          AppendCollapsed(s, pre, &page.text, &n.chars, &n.punct);
        }
        n.text_len = static_cast<uint32_t>(page.text.size()) - n.text_begin;
        if (n.text_len == 0) break;
        n.end = static_cast<uint32_t>(page.nodes.size()) + 1;
        if (n.flags & kLink) n.link_chars = n.chars;
        Node& owner = page.nodes[f.owner];
        owner.own_chars += n.chars;
        owner.own_punct += n.punct;
        if (n.flags & kLink) owner.own_link_chars += n.chars;
        page.nodes.push_back(n);
        break;
      }
      default: break;
    }
  }
  return page;
}

namespace {

// Lower-cases an ASCII tag name into `buf` (at most 15 bytes kept).
std::string_view TagName(std::string_view html, size_t begin, size_t end, char (&buf)[16]) {
  size_t n = std::min<size_t>(end - begin, 15);
  for (size_t k = 0; k < n; ++k) {
    char c = html[begin + k];
    buf[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buf, n);
}

bool Nests(std::string_view name) {
  // Void elements and those the parser closes by itself never pile up.
  static constexpr std::string_view kNoNest[] = {
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb",
      "rt", "rtc", "rp", "caption", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
      "param", "source", "track", "wbr", "html", "head", "body", "keygen", "image", "frame", "basefont", "bgsound",
      "isindex", "!doctype"};
  for (std::string_view t : kNoNest) {
    if (name == t) return false;
  }
  return true;
}

// Finds the end tag `</name` (any case) from `from`; npos when missing.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t k = from; (k = html.find("</", k)) != std::string_view::npos; k += 2) {
    if (k + 2 + name.size() > html.size()) return std::string_view::npos;
    bool same = true;
    for (size_t m = 0; m < name.size() && same; ++m) {
      char c = html[k + 2 + m];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == name[m];
    }
    if (same) return k;
  }
  return std::string_view::npos;
}

}  // namespace

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// True for the attributes Flatten and the metadata readers look at.
bool KeptAttribute(std::string_view html, size_t begin, size_t end) {
  static constexpr std::string_view kKept[] = {
      "class", "id", "href", "hidden", "style", "aria-hidden", "itemprop", "role", "lang", "xml:lang", "content",
      "property", "name", "rel", "type", "datetime", "http-equiv", "charset"};
  if (end - begin > 15) return false;
  char buf[16];
  std::string_view name = TagName(html, begin, end, buf);
  for (std::string_view k : kKept) {
    if (name == k) return true;
  }
  return false;
}

struct StartTag {
  size_t end = std::string_view::npos;  // one past '>'; npos when the tag never closes
  bool self_closing = false;
  bool dropped = false;  // some attribute is not kept
  std::vector<std::pair<size_t, size_t>> kept;  // attribute spans (name, and value if any)
};

// Reads the attributes of a start tag from `j` (just past its name) the
// way the HTML tokenizer does: quoted values may hold '>' and '/'.
void ScanStartTag(std::string_view html, size_t j, StartTag* t) {
  t->kept.clear();
  t->dropped = false;
  t->self_closing = false;
  size_t n = html.size(), k = j;
  while (k < n) {
    while (k < n && (IsSpace(html[k]) || html[k] == '/')) {
      if (html[k] == '/' && k + 1 < n && html[k + 1] == '>') t->self_closing = true;
      ++k;
    }
    if (k >= n) return;
    if (html[k] == '>') {
      t->end = k + 1;
      return;
    }
    t->self_closing = false;
    size_t name_begin = k;
    ++k;  // the first character may be '='
    while (k < n && !IsSpace(html[k]) && html[k] != '/' && html[k] != '>' && html[k] != '=') ++k;
    size_t name_end = k;
    size_t m = k;
    while (m < n && IsSpace(html[m])) ++m;
    if (m < n && html[m] == '=') {
      k = m + 1;
      while (k < n && IsSpace(html[k])) ++k;
      if (k < n && (html[k] == '"' || html[k] == '\'')) {
        size_t close = html.find(html[k], k + 1);
        if (close == std::string_view::npos) return;
        k = close + 1;
      } else {
        while (k < n && !IsSpace(html[k]) && html[k] != '>') ++k;
      }
    }
    if (KeptAttribute(html, name_begin, name_end)) t->kept.emplace_back(name_begin, k);
    else t->dropped = true;
  }
}

}  // namespace

bool PrepareHtml(std::string_view html, const PrepareLimits& limits, std::string* out, PrepareReport* report) {
  // One pass over the tags, writing what gumbo needs to see: the bodies of
  // <script> (other than JSON-LD), <style> and <svg> are dropped, since no
  // text of the page is in them and they are half the bytes of a typical
  // news page; so are the attributes nothing here reads (data-*, src,
  // srcset, event handlers: a quarter of the rest); start tags nested
  // deeper than the limit, and their end tags, are dropped too; past the
  // element limit the page is cut.
  out->clear();
  out->reserve(html.size());
  *report = PrepareReport{};
  size_t elements = 0;
  std::vector<bool> kept;  // per open element: was its start tag kept
  size_t copied = 0;       // html[copied, i) is still to be appended
  bool changed = false;
  auto drop = [&](size_t from, size_t to) {
    out->append(html.substr(copied, from - copied));
    copied = to;
    changed = true;
  };
  StartTag tag;
  size_t i = 0, n = html.size();
  char buf[16];
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      size_t close = html.find("-->", lt + 4);
      i = close == std::string_view::npos ? n : close + 3;
      continue;
    }
    bool end_tag = html[lt + 1] == '/';
    size_t name_begin = lt + (end_tag ? 2 : 1);
    size_t j = name_begin;
    while (j < n && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                     (html[j] >= '0' && html[j] <= '9') || html[j] == '-' || html[j] == '!')) {
      ++j;
    }
    if (j == name_begin) {
      i = lt + 1;
      continue;
    }
    std::string_view name = TagName(html, name_begin, j, buf);
    size_t tag_end;
    bool self_closing = false;
    size_t rewritten_at = std::string::npos;  // where in `out` the reduced start tag begins
    if (end_tag || name.front() == '!') {
      size_t gt = html.find('>', j);
      if (gt == std::string_view::npos) break;
      tag_end = gt + 1;
    } else {
      if (++elements > limits.max_elements) {
        drop(lt, n);
        report->cut_at = lt;
        break;
      }
      ScanStartTag(html, j, &tag);
      if (tag.end == std::string_view::npos) break;
      tag_end = tag.end;
      self_closing = tag.self_closing;
      if (tag.dropped) {
        drop(lt, tag_end);
        rewritten_at = out->size();
        out->append(html.substr(lt, j - lt));
        for (const auto& [b, e] : tag.kept) {
          out->push_back(' ');
          out->append(html.substr(b, e - b));
        }
        out->append(self_closing ? "/>" : ">");
      }
    }
    if (!end_tag && (name == "script" || name == "style" || name == "svg")) {
      size_t close = FindEndTag(html, tag_end, name);
      if (close == std::string_view::npos) close = n;
      bool json_ld = false;
      if (name == "script") {
        std::string attrs = AsciiLower(html.substr(j, tag_end - j));
        json_ld = attrs.find("ld+json") != std::string::npos;
      }
      if (!json_ld && close > tag_end) drop(tag_end, close);
      i = close;
      continue;
    }
    if (!end_tag && (name == "textarea" || name == "title" || name == "xmp" || name == "noembed")) {
      size_t close = FindEndTag(html, tag_end, name);
      i = close == std::string_view::npos ? n : close;
      continue;
    }
    if (self_closing || !Nests(name)) {
      i = tag_end;
      continue;
    }
    if (!end_tag) {
      bool keep = kept.size() < limits.max_depth;
      kept.push_back(keep);
      if (!keep) {
        --elements;  // gumbo never sees it
        report->too_deep = true;
        if (rewritten_at != std::string::npos) out->resize(rewritten_at);
        else drop(lt, tag_end);
      }
    } else if (!kept.empty()) {
      bool keep = kept.back();
      kept.pop_back();
      if (!keep) drop(lt, tag_end);
    }
    i = tag_end;
  }
  if (!changed) {
    out->clear();
    return false;
  }
  if (copied < n) out->append(html.substr(copied));
  return true;
}

Page ParsePage(std::string_view utf8, std::vector<std::string>* warnings) {
  std::string prepared;
  PrepareLimits limits;
  PrepareReport report;
  if (PrepareHtml(utf8, limits, &prepared, &report)) utf8 = prepared;
  if (report.too_deep && warnings) {
    warnings->push_back("elements nested deeper than " + std::to_string(limits.max_depth) +
                        " levels; the deeper tags were ignored");
  }
  if (report.cut_at != std::string_view::npos && warnings) {
    warnings->push_back("page has over " + std::to_string(limits.max_elements) +
                        " elements; only the part before byte " + std::to_string(report.cut_at) + " was read");
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
  Page page = Flatten(out->root);
  gumbo_destroy_output(&options, out);
  return page;
}

}  // namespace kiji::extract::html
