// Block values, the article's subtree, and rendering it as text.
#include <gumbo.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>

#include "extract/html_internal.h"

namespace kiji::extract::html {
namespace {

void TrimTrailingSpaces(std::string* s) {
  while (!s->empty() && s->back() == ' ') s->pop_back();
}

// True when the text of the leaf block at `i` ends a sentence ("He
// declined to comment.", "と述べた。").
bool EndsSentence(const Page& page, uint32_t i) {
  const Node& b = page.nodes[i];
  if (b.chars != b.own_chars) return false;
  for (uint32_t k = b.end; k-- > i + 1;) {
    const Node& t = page.nodes[k];
    if (!(t.flags & kText)) continue;
    std::string_view s(page.text.data() + t.text_begin, t.text_len);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty()) continue;
    for (std::string_view end : {".", "!", "?", ".\"", ".”", "。", "！", "？", "」"}) {
      if (s.size() >= end.size() && s.substr(s.size() - end.size()) == end) return true;
    }
    return false;
  }
  return false;
}

// Appends a line break (`blank`: a blank line) unless one is there.
void Break(std::string* out, bool blank) {
  TrimTrailingSpaces(out);
  if (out->empty()) return;
  if (out->back() != '\n') out->push_back('\n');
  if (blank && (out->size() < 2 || (*out)[out->size() - 2] != '\n')) out->push_back('\n');
}

void AppendText(std::string* out, std::string_view t, bool pre) {
  if (t.empty()) return;
  if (!pre && t.front() == ' ' && (out->empty() || out->back() == ' ' || out->back() == '\n')) t.remove_prefix(1);
  out->append(t);
}

}  // namespace

float ValueOfBlock(const BlockStats& b) {
  if (b.chars == 0) return 0;
  float chars = static_cast<float>(b.chars);
  float link_density = static_cast<float>(b.link_chars) / chars;
  if (b.flags & kFurniture) return -chars;
  // A sentence may link most of its words (a summary of deals, "as
  // reported by ..."); a bare list of links has no sentence to it.
  bool sentence = (b.flags & kParagraph) && b.punct >= 2;
  if (link_density > (sentence ? 0.75f : 0.5f)) return -chars;
  if (b.flags & kHeading) return 0;
  bool good = b.chars >= 80 || (b.chars >= 25 && b.punct >= 1 && link_density < 0.3f);
  if (!good) return -static_cast<float>(b.link_chars);
  // Links are counted where subtrees are scored (ScoreBlocks).
  float v = chars;
  if (b.punct == 0) v *= 0.3f;
  // Paragraphs are what articles are made of; list items are as often
  // teasers and menus.
  if (b.flags & kListItem) v *= 0.5f;
  else if (!(b.flags & (kParagraph | kPre))) v *= 0.8f;
  return v;
}

void ScoreBlocks(Page& page) {
  std::vector<Node>& nodes = page.nodes;
  const size_t n = nodes.size();
  if (n == 0) return;
  // 1. Sum text statistics bottom-up (children follow their parent).
  for (size_t i = n; i-- > 1;) {
    Node& c = nodes[i];
    Node& p = nodes[c.parent];
    p.chars += c.chars;
    p.link_chars += c.link_chars;
    p.punct += c.punct;
    if (c.tag == GUMBO_TAG_TABLE || c.tag == GUMBO_TAG_BLOCKQUOTE || (c.flags & kHasQuoteOrTable)) {
      if (!(c.flags & kText)) p.flags |= kHasQuoteOrTable;
    }
  }
  // 2. Good text mass per subtree, furniture not considered yet.
  auto block_stats = [](const Node& c) {
    BlockStats b;
    b.chars = c.own_chars;
    b.link_chars = c.own_link_chars;
    b.punct = c.own_punct;
    b.flags = c.flags;
    return b;
  };
  for (size_t i = n; i-- > 0;) {
    Node& c = nodes[i];
    if (c.flags & kText) continue;
    if ((c.flags & kBlock) || i == 0) c.good += std::max(0.0f, ValueOfBlock(block_stats(c)));
    if (i > 0) nodes[c.parent].good += c.good;
  }
  // 3. Furniture, top-down. A furniture name or tag on an element that
  // holds most of the page's good text is a wrapper, not furniture (a
  // theme's "modal-enabled" or "post type-post" on the article, ASP.NET's
  // page-wide <form>); reader comments are furniture whatever their size.
  const float total_good = nodes[0].good;
  for (size_t i = 1; i < n; ++i) {
    Node& c = nodes[i];
    if (c.flags & kText) continue;
    bool own = (c.flags & (kDropHint | kBoilerTag | kCommentHint)) != 0 && c.tag != GUMBO_TAG_BODY;
    if (own && !(c.flags & kCommentHint) && c.good * 2 > total_good && total_good > 0) own = false;
    if (own || (nodes[c.parent].flags & kFurniture)) c.flags |= kFurniture;
  }
  // 4. Values and subtree scores, bottom-up.
  for (size_t i = n; i-- > 0;) {
    Node& c = nodes[i];
    if (c.flags & kText) continue;
    if ((c.flags & kBlock) || i == 0) {
      c.value = ValueOfBlock(block_stats(c));
      if (c.value < 0) c.flags |= kBadBlock;
    }
    c.base += c.value;
    // Link-heavy subtrees (teaser cards, link lists) lose at every level.
    if (c.base > 0 && c.chars > 0) c.base *= 1.0f - static_cast<float>(c.link_chars) / static_cast<float>(c.chars);
    // Furniture names ("footer" -50%) lower what a subtree brings to its
    // ancestors; content names ("article-body", up to +40%) only choose
    // among candidates, so that wrappers named "main" or "content" do not
    // win by compounding.
    if (c.hint < 0 && c.base > 0) c.base *= std::max(0.0f, 1.0f + 0.25f * static_cast<float>(c.hint));
    c.score = c.base;
    if (c.hint > 0 && c.score > 0) c.score *= 1.0f + 0.1f * static_cast<float>(std::min<int>(c.hint, 4));
    if (i > 0) nodes[c.parent].base += c.base;
  }
}

uint32_t ChooseContainer(const Page& page) {
  const std::vector<Node>& nodes = page.nodes;
  uint32_t best = 0;
  float best_score = -1e30f;
  // Backwards: descendants come first, so among equal scores the deepest wins.
  for (size_t i = nodes.size(); i-- > 0;) {
    const Node& c = nodes[i];
    if (c.flags & kText) continue;
    if (c.score > best_score) {
      best_score = c.score;
      best = static_cast<uint32_t>(i);
    }
  }
  // No good text anywhere (a one-line notice, a page of short items): the
  // whole page, furniture left out, is the best guess.
  if (best_score <= 0) return 0;
  // A lone paragraph is not an article: its parent holds the story's other
  // lines (a subheading, a one-line quote) that scored nothing.
  while (best != 0 && (nodes[best].flags & (kParagraph | kListItem | kHeading | kPre))) best = nodes[best].parent;
  return best;
}

namespace {

// Walks [root, end) and renders text; `skip` decides which element
// subtrees (other than the root) are left out.
// `trim`: leave out short runs of text before the first good block and
// after the last (a byline, a date line, a "Comments" heading).
template <typename Skip>
std::string RenderRange(const Page& page, uint32_t root, Skip skip, bool trim) {
  const std::vector<Node>& nodes = page.nodes;
  std::string out;
  if (root >= nodes.size()) return out;
  struct Open {
    uint32_t end;
    uint32_t flags;
  };
  std::vector<Open> open;
  uint32_t end = nodes[root].end;
  size_t first_good = std::string::npos;     // output offset where the first good block starts
  uint32_t good_end = 0;                     // node index past the good block being rendered
  size_t last_good_out = std::string::npos;  // output offset where it ended
  auto close_until = [&](uint32_t i) {
    while (!open.empty() && open.back().end <= i) {
      uint32_t f = open.back().flags;
      open.pop_back();
      if (f & kCell) {
        AppendText(&out, " ", false);
      } else if (f & (kListItem | kRow)) {
        Break(&out, false);
      } else {
        Break(&out, true);
      }
    }
  };
  for (uint32_t i = root; i < end;) {
    close_until(i);
    if (good_end != 0 && i >= good_end) {
      last_good_out = out.size();
      good_end = 0;
    }
    const Node& c = nodes[i];
    if (c.flags & kText) {
      AppendText(&out, std::string_view(page.text).substr(c.text_begin, c.text_len), (c.flags & kPre) != 0);
      ++i;
      continue;
    }
    if (i != root && skip(c, i)) {
      i = c.end;
      continue;
    }
    if (c.flags & kLineBreak) {
      TrimTrailingSpaces(&out);
      out.push_back('\n');
    } else if (c.flags & kBlock) {
      if (c.flags & kCell) AppendText(&out, " ", false);
      else Break(&out, !(c.flags & (kListItem | kRow)));
      open.push_back({c.end, c.flags});
      // Good text, and list items, table cells and preformatted text that
      // are not boilerplate, are kept whole by the trimming below.
      bool keep = c.own_chars > 0 && (c.value > 0 || (c.value >= 0 && ((c.flags & (kListItem | kCell | kPre)) ||
                                                                       EndsSentence(page, i))));
      if (keep) {
        if (first_good == std::string::npos) first_good = out.size();
        good_end = std::max(good_end, c.end);
      }
    }
    ++i;
  }
  close_until(end);
  if (good_end != 0) last_good_out = out.size();
  if (trim) {
    // Bytes: a byline or a share bar, not a section of the article.
    constexpr size_t kLead = 200;
    constexpr size_t kTrail = 300;
    if (last_good_out != std::string::npos && last_good_out < out.size() && out.size() - last_good_out < kTrail) {
      out.resize(last_good_out);
    }
    if (first_good != std::string::npos && first_good > 0 && first_good < kLead) out.erase(0, first_good);
  }
  // Trim.
  size_t b = out.find_first_not_of(" \n");
  if (b == std::string::npos) return "";
  size_t e = out.find_last_not_of(" \n");
  return out.substr(b, e - b + 1);
}

}  // namespace

bool IsFurnitureLine(std::string_view line) {
  // Lower-cased letters and digits only ("Advertisement:" == "advertisement").
  std::string key;
  for (char ch : line) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c)) key.push_back(static_cast<char>(std::tolower(c)));
  }
  if (key.empty()) return false;
  static const char* const kLines[] = {
      "advertisement", "advert", "ad", "ads", "sponsored", "sponsoredcontent", "anzeige", "werbung", "publicidade",
      "publicidad", "pubblicità", "publicité", "реклама", "広告", "スポンサーリンク", "storycontinuesbelow",
      "storycontinuesbelowadvertisement", "continuereading", "continuereadingbelow", "readmore", "readmorehere",
      "buynow", "related", "relatednews", "relatedarticles", "relatedstories", "relatedcontent", "moreonthis",
      "share", "sharethis", "sharethisarticle", "sharethisstory", "comments", "comment", "print", "email", "close",
      "caption", "backtogallery", "loading", "clickhere", "seemore", "showmore", "tags", "topics", "関連記事",
      "続きを読む", "この記事をシェア", "シェア", "ツイート"};
  for (const char* k : kLines) {
    if (key == k) return true;
  }
  // A byline or a date line: "By Jane Doe", "Published 2:16 AM EST Nov 20, 2019",
  // "Updated: 2019-11-19 10:00", "2025年12月22日 15時30分".
  if (line.size() <= 80) {
    static const RE2 byline(R"((?i)^\s*(?:by|von|por|par|di|posted by|written by|words by)\s+\p{Lu}[\pL.'-]*(?:\s+\p{Lu}[\pL.'-]*){0,3}\s*$)");
    static const RE2 stamp(R"((?i)(?:published|updated|posted|modified|date|last updated|publicado|veröffentlicht|aktualisiert|기사입력|입력|수정|更新|公開|配信))");
    static const RE2 clock(R"((?i)\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}時\d{1,2}分)");
    if (RE2::PartialMatch(line, byline)) return true;
    bool date = FindDateInText(line).has_value();
    bool time = RE2::PartialMatch(line, clock);
    if ((date || time) && (RE2::PartialMatch(line, stamp) || (date && time))) return true;
  }
  return false;
}

std::string Render(const Page& page, uint32_t root) {
  return RenderRange(page, root, [&page](const Node& c, uint32_t i) {
    if (c.flags & kFurniture) return true;
    // Figures are pictures and their captions, unless they frame a table
    // or a quote (an embedded post).
    if (c.tag == GUMBO_TAG_FIGCAPTION || ((c.flags & kFigure) && !(c.flags & kHasQuoteOrTable))) return true;
    // A link list or a furniture line with nothing nested inside.
    if ((c.flags & kBadBlock) && c.own_chars == c.chars) return true;
    // A short line that says "Advertisement", a byline, a date line.
    if ((c.flags & kBlock) && c.chars == c.own_chars && c.own_chars <= 120 && !(c.flags & kHeading)) {
      std::string line;
      for (uint32_t k = i + 1; k < c.end; ++k) {
        const Node& t = page.nodes[k];
        if (t.flags & kText) line.append(page.text, t.text_begin, t.text_len);
      }
      if (IsFurnitureLine(line)) return true;
    }
    return false;
  }, true);
}

std::string TextOf(const Page& page, uint32_t root) {
  return RenderRange(page, root, [](const Node&, uint32_t) { return false; }, false);
}

}  // namespace kiji::extract::html
