#include "resolve/canonical.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

namespace kiji::resolve {
namespace {

using rules::Gazetteer;
using rules::NonOrgKind;
using rules::OrgEntry;

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes the code point starting at s[i] (valid UTF-8 assumed).
char32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  size_t k = 1;
  for (; k <= static_cast<size_t>(extra) && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  *len = k;
  return cp;
}

// Returns the code point that ends just before s[i] (i > 0).
char32_t CodePointBefore(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  size_t len = 0;
  return CodePointAt(s, j, &len);
}

bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }

// Byte offsets of the code point boundaries of `s`, 0 and s.size() included.
std::vector<size_t> Boundaries(std::string_view s) {
  std::vector<size_t> b;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) b.push_back(i);
  }
  b.push_back(s.size());
  return b;
}

const rules::NonOrgEntry* NonOrg(const Gazetteer* g, std::string_view s) {
  return g ? g->FindNonOrg(rules::NameKey(s)) : nullptr;
}

bool IsKind(const rules::NonOrgEntry* e, NonOrgKind k) { return e && e->kind == k; }

// Returns how many leading bytes of `s` are words that never start a name.
size_t LeadLength(std::string_view s, const Gazetteer* g) {
  if (!g) return 0;
  size_t off = 0;
  while (off < s.size()) {
    std::string_view rest = s.substr(off);
    size_t skip = 0;
    if (IsAsciiAlnum(static_cast<unsigned char>(rest[0]))) {
      size_t sp = rest.find(' ');
      if (sp != std::string_view::npos && IsKind(NonOrg(g, rest.substr(0, sp)), NonOrgKind::kLead)) {
        skip = sp + 1;
      }
    } else if (rules::HasJapanese(rest.substr(0, 4))) {
      // Japanese lead words are written out whole (本日, 今回): only prefixes
      // without Latin letters, whose key is the text itself.
      std::vector<size_t> b = Boundaries(rest.substr(0, std::min<size_t>(rest.size(), 24)));
      for (size_t n = std::min<size_t>(b.size() - 2, 6); n >= 1 && skip == 0; --n) {
        std::string_view prefix = rest.substr(0, b[n]);
        bool ascii = false;
        for (char c : prefix) ascii = ascii || static_cast<unsigned char>(c) < 0x80;
        if (!ascii && IsKind(NonOrg(g, prefix), NonOrgKind::kLead)) skip = b[n];
      }
    }
    if (skip == 0 || skip >= rest.size()) break;
    off += skip;
    while (off < s.size() && s[off] == ' ') ++off;
  }
  return off;
}

// True when `name` ends with a word that ends event names ("ICT Week 2025",
// "GameFest フォーラム"), a trailing number aside.
bool EndsWithEvent(std::string_view name, const Gazetteer* g) {
  if (!g) return false;
  std::string_view s = name;
  while (!s.empty() && (s.back() == ' ' || (s.back() >= '0' && s.back() <= '9'))) s.remove_suffix(1);
  if (s.empty()) return false;
  if (static_cast<unsigned char>(s.back()) < 0x80) {
    size_t sp = s.rfind(' ');
    std::string_view last = sp == std::string_view::npos ? s : s.substr(sp + 1);
    return IsKind(NonOrg(g, last), NonOrgKind::kEvent);
  }
  std::vector<size_t> b = Boundaries(s);
  size_t n = b.size() - 1;  // code points
  for (size_t k = 2; k <= std::min<size_t>(n, 8); ++k) {
    if (IsKind(NonOrg(g, s.substr(b[n - k])), NonOrgKind::kEvent)) return true;
  }
  return false;
}

// True when `name` starts with a title ("President Taro Yamada", "Prime
// Minister Kishida"): a person, not an organization.
bool StartsWithTitle(std::string_view name, const Gazetteer* g) {
  if (!g || name.empty() || static_cast<unsigned char>(name[0]) >= 0x80) return false;
  size_t sp = name.find(' ');
  return sp != std::string_view::npos && IsKind(NonOrg(g, name.substr(0, sp)), NonOrgKind::kTitle);
}

bool IsAcronym(std::string_view s) {
  if (s.size() < 2 || s.size() > 12) return false;
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
    else if (!(c >= '0' && c <= '9') && c != '&' && c != '-' && c != '.') return false;
  }
  return letter;
}

// Returns the acronym in "(ACR)" (optionally after a space) at text[at], or "".
std::string BracketedAcronymAfter(std::string_view text, size_t at) {
  if (at < text.size() && text[at] == ' ') ++at;
  if (at >= text.size() || text[at] != '(') return "";
  size_t close = text.find(')', at);
  if (close == std::string_view::npos || close - at - 1 < 2 || close - at - 1 > 10) return "";
  std::string_view acr = text.substr(at + 1, close - at - 1);
  if (!(acr[0] >= 'A' && acr[0] <= 'Z') || !IsAcronym(acr)) return "";
  return std::string(acr);
}

// A Japanese name ending in a gazetteer name, after nothing or a place of
// that organization's country: ウズベキスタン共和国デジタル技術省.
const OrgEntry* FindBySuffix(std::string_view name, const Gazetteer& g) {
  std::vector<size_t> b = Boundaries(name);
  for (size_t i = 1; i + 2 < b.size(); ++i) {  // at least two code points left
    std::string_view suffix = name.substr(b[i]);
    const OrgEntry* e = g.FindOrg(rules::NameKey(suffix));
    if (!e) continue;
    const rules::NonOrgEntry* prefix = g.FindNonOrg(rules::NameKey(name.substr(0, b[i])));
    if (prefix && (prefix->kind == NonOrgKind::kCountry || prefix->kind == NonOrgKind::kCity ||
                   prefix->kind == NonOrgKind::kRegion) &&
        prefix->country == e->country) {
      return e;
    }
    return nullptr;  // the longest gazetteer suffix decides
  }
  return nullptr;
}

// "Ministry of Finance of Vietnam" -> ("Ministry of Finance", "VN").
bool SplitPlaceTail(std::string_view name, const Gazetteer& g, std::string_view* head, std::string* country) {
  for (std::string_view sep : {std::string_view(" of the "), std::string_view(" of "), std::string_view(" in ")}) {
    size_t at = name.rfind(sep);
    if (at == std::string_view::npos || at == 0) continue;
    const rules::NonOrgEntry* p = g.FindNonOrg(rules::NameKey(name.substr(at + sep.size())));
    if (p && p->kind == NonOrgKind::kCountry) {
      *head = name.substr(0, at);
      *country = p->country;
      return true;
    }
  }
  return false;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// One organization mention while linking.
struct OrgMention {
  size_t entity = 0;               // index into the entity vector
  std::vector<std::string> names;  // its name first, then the rule's aliases
  const OrgEntry* entry = nullptr;
};

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

}  // namespace

void Canonicalize(const text::NormText& text, const rules::Gazetteer* g, std::vector<Entity>* entities) {
  std::string_view all(text.text);
  std::vector<Entity>& ents = *entities;

  // 1. Trim and filter.
  std::vector<bool> drop(ents.size(), false);
  std::vector<OrgMention> mentions;
  for (size_t i = 0; i < ents.size(); ++i) {
    Entity& e = ents[i];
    if (e.type != "organization") continue;
    size_t lead = LeadLength(all.substr(e.begin, e.end - e.begin), g);
    std::string name = e.fields.value("name", std::string(all.substr(e.begin, e.end - e.begin)));
    size_t name_lead = LeadLength(name, g);
    if (lead > 0) e.begin += lead;
    if (name_lead > 0) name = name.substr(name_lead);
    const OrgEntry* entry = g ? g->FindOrg(rules::NameKey(name)) : nullptr;
    if (!entry && (rules::NameKey(name).empty() || NonOrg(g, name) || EndsWithEvent(name, g) ||
                   StartsWithTitle(name, g))) {
      drop[i] = true;
      continue;
    }
    OrgMention m;
    m.entity = i;
    m.names.push_back(name);
    if (e.fields.contains("aliases") && e.fields["aliases"].is_array()) {
      for (const auto& a : e.fields["aliases"]) {
        if (a.is_string()) AddUnique(&m.names, a.get<std::string>());
      }
    }
    // "Kanto Robotics Ltd. (KRL)": an acronym in brackets right after the
    // name (rules see it only when no sentence break falls between).
    std::string acr = BracketedAcronymAfter(all, e.end);
    if (!acr.empty() && (rules::HasJapanese(name) || AcronymMatches(acr, name))) AddUnique(&m.names, acr);
    m.entry = entry;
    mentions.push_back(std::move(m));
  }

  // 2. Link.
  auto link_all = [&](std::vector<OrgMention>& ms) {
    UnionFind uf(ms.size());
    std::vector<const OrgEntry*> root_entry(ms.size(), nullptr);
    auto unite = [&](size_t a, size_t b) {
      a = uf.Find(a);
      b = uf.Find(b);
      if (a == b) return;
      if (root_entry[a] && root_entry[b] && root_entry[a] != root_entry[b]) return;  // two known organizations
      if (b < a) std::swap(a, b);
      uf.parent[b] = a;
      if (!root_entry[a]) root_entry[a] = root_entry[b];
    };
    std::unordered_map<std::string, size_t> by_key;
    for (size_t i = 0; i < ms.size(); ++i) {
      OrgMention& m = ms[i];
      if (!m.entry && g) {
        for (const std::string& n : m.names) {
          if ((m.entry = g->FindOrg(rules::NameKey(n)))) break;
        }
        if (!m.entry && rules::HasJapanese(m.names[0])) m.entry = FindBySuffix(m.names[0], *g);
      }
      root_entry[i] = m.entry;
      std::vector<std::string> keys;
      for (const std::string& n : m.names) {
        keys.push_back(rules::NameKey(n));
        keys.push_back(rules::NameKey(rules::StripLegalForm(n)));
        std::string_view head;
        std::string country;
        if (g && SplitPlaceTail(n, *g, &head, &country)) {
          keys.push_back(rules::NameKey(head));
          if (!m.entry) {
            const OrgEntry* e = g->FindOrg(rules::NameKey(head));
            if (e && e->country == country) root_entry[i] = m.entry = e;
          }
        }
      }
      for (const std::string& k : keys) {
        if (k.empty()) continue;
        auto [it, fresh] = by_key.emplace(k, i);
        if (!fresh) unite(it->second, i);
      }
    }
    // Same gazetteer organization.
    std::unordered_map<const OrgEntry*, size_t> by_entry;
    for (size_t i = 0; i < ms.size(); ++i) {
      if (!ms[i].entry) continue;
      auto [it, fresh] = by_entry.emplace(ms[i].entry, i);
      if (!fresh) unite(it->second, i);
    }
    // "A (B)": a name and another in brackets right after it.
    std::vector<size_t> order(ms.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ents[ms[a].entity].begin < ents[ms[b].entity].begin; });
    for (size_t k = 0; k + 1 < order.size(); ++k) {
      const Entity& a = ents[ms[order[k]].entity];
      const Entity& b = ents[ms[order[k + 1]].entity];
      if (b.begin < a.end) continue;
      std::string_view between = all.substr(a.end, b.begin - a.end);
      size_t after = b.end;
      while (after < all.size() && all[after] == ' ') ++after;
      bool open = between == "(" || between == " (";
      if (open && after < all.size() && all[after] == ')') unite(order[k], order[k + 1]);
    }
    std::vector<size_t> roots(ms.size());
    for (size_t i = 0; i < ms.size(); ++i) {
      roots[i] = uf.Find(i);
      if (!ms[i].entry) ms[i].entry = root_entry[roots[i]];
    }
    for (size_t i = 0; i < ms.size(); ++i) ms[i].entry = root_entry[roots[i]] ? root_entry[roots[i]] : ms[i].entry;
    return roots;
  };
  std::vector<size_t> roots = link_all(mentions);

  // 3. Other mentions of the names seen.
  struct Needle {
    std::string text;
    size_t mention;  // a mention of its organization
    bool latin;
  };
  std::vector<Needle> needles;
  std::unordered_map<std::string, size_t> needle_root;  // text -> root, to skip names two organizations share
  auto add_needle = [&](const std::string& n, size_t mi) {
    if (n.size() < 2) return;
    bool latin = !rules::HasJapanese(n);
    if (latin) {
      bool upper = false;
      for (char c : n) upper = upper || (c >= 'A' && c <= 'Z');
      if (!upper) return;
      if (n.find(' ') == std::string::npos && !IsAcronym(n) && n.size() < 4) return;
      if (!IsAsciiAlnum(static_cast<unsigned char>(n.front()))) return;
    } else if (text::CountCodePoints(n) < 2) {
      return;
    }
    if (NonOrg(g, n)) return;
    auto [it, fresh] = needle_root.emplace(n, roots[mi]);
    if (!fresh) {
      if (it->second != roots[mi]) it->second = SIZE_MAX;
      return;
    }
    needles.push_back(Needle{n, mi, latin});
  };
  for (size_t mi = 0; mi < mentions.size(); ++mi) {
    for (const std::string& n : mentions[mi].names) {
      add_needle(n, mi);
      std::string stripped(rules::StripLegalForm(n));
      if (stripped != n) add_needle(stripped, mi);
    }
  }
  std::sort(needles.begin(), needles.end(),
            [](const Needle& a, const Needle& b) { return a.text.size() > b.text.size(); });
  std::array<std::vector<size_t>, 256> by_byte;
  for (size_t k = 0; k < needles.size(); ++k) {
    if (needle_root[needles[k].text] == SIZE_MAX) continue;
    by_byte[static_cast<unsigned char>(needles[k].text[0])].push_back(k);
  }
  std::vector<std::pair<size_t, size_t>> taken;
  for (size_t i = 0; i < ents.size(); ++i) {
    if (ents[i].type == "organization" && !drop[i]) taken.emplace_back(ents[i].begin, ents[i].end);
  }
  std::sort(taken.begin(), taken.end());
  auto overlaps = [&](size_t b, size_t e) {
    auto it = std::lower_bound(taken.begin(), taken.end(), std::make_pair(e, size_t{0}));
    return it != taken.begin() && std::prev(it)->second > b;
  };
  size_t first_new = mentions.size();
  std::vector<std::pair<size_t, size_t>> found;  // (needle, begin)
  for (size_t i = 0; i < all.size(); ++i) {
    const std::vector<size_t>& bucket = by_byte[static_cast<unsigned char>(all[i])];
    if (bucket.empty()) continue;
    for (size_t k : bucket) {
      const Needle& nd = needles[k];
      if (all.size() - i < nd.text.size() || std::memcmp(all.data() + i, nd.text.data(), nd.text.size()) != 0) continue;
      size_t end = i + nd.text.size();
      if (nd.latin) {
        if (i > 0 && IsAsciiAlnum(static_cast<unsigned char>(all[i - 1]))) continue;
        if (end < all.size() && IsAsciiAlnum(static_cast<unsigned char>(all[end]))) continue;
      } else {
        size_t len = 0;
        if (i > 0 && IsKatakana(CodePointAt(nd.text, 0, &len)) && IsKatakana(CodePointBefore(all, i))) continue;
        if (end < all.size() && IsKatakana(CodePointBefore(nd.text, nd.text.size())) &&
            IsKatakana(CodePointAt(all, end, &len))) {
          continue;
        }
      }
      if (!overlaps(i, end)) found.emplace_back(k, i);
      i = end - 1;
      break;
    }
  }
  for (const auto& [k, begin] : found) {
    const Needle& nd = needles[k];
    Entity e;
    e.type = "organization";
    e.begin = begin;
    e.end = begin + nd.text.size();
    e.lang = nd.latin ? "en" : "ja";
    e.rule = e.lang + "/canonical:org.repeat";
    auto s = std::upper_bound(text.sentences.begin(), text.sentences.end(), begin,
                              [](size_t b, const text::Sentence& x) { return b < x.begin; });
    e.sentence = s == text.sentences.begin() ? 0 : static_cast<size_t>(s - text.sentences.begin()) - 1;
    e.fields = Json::object();
    e.fields["name"] = nd.text;
    e.fields["aliases"] = Json::array();
    ents.push_back(std::move(e));
    drop.push_back(false);
    OrgMention m;
    m.entity = ents.size() - 1;
    m.names.push_back(nd.text);
    m.entry = mentions[nd.mention].entry;
    mentions.push_back(std::move(m));
  }
  if (mentions.size() > first_new) roots = link_all(mentions);

  // 4. Name each organization.
  std::unordered_map<size_t, std::vector<size_t>> members;  // root -> mentions, in position order
  std::vector<size_t> by_pos(mentions.size());
  std::iota(by_pos.begin(), by_pos.end(), 0);
  std::sort(by_pos.begin(), by_pos.end(), [&](size_t a, size_t b) {
    return ents[mentions[a].entity].begin < ents[mentions[b].entity].begin;
  });
  for (size_t mi : by_pos) members[roots[mi]].push_back(mi);
  for (auto& [root, list] : members) {
    const OrgEntry* entry = nullptr;
    std::vector<std::string> seen;
    for (size_t mi : list) {
      if (!entry) entry = mentions[mi].entry;
      for (const std::string& n : mentions[mi].names) AddUnique(&seen, n);
    }
    std::string canonical;
    if (entry) {
      canonical = entry->canonical;
    } else {
      size_t best = 0;
      bool best_acr = true;
      for (size_t mi : list) {
        const std::string& n = mentions[mi].names[0];
        bool acr = IsAcronym(n);
        size_t len = text::CountCodePoints(n);
        if (canonical.empty() || (best_acr && !acr) || (acr == best_acr && len > best)) {
          canonical = n;
          best = len;
          best_acr = acr;
        }
      }
    }
    std::vector<std::string> aliases;
    for (const std::string& n : seen) if (n != canonical) AddUnique(&aliases, n);
    if (entry) {
      for (const std::string& n : entry->AllNames()) if (n != canonical) AddUnique(&aliases, n);
    }
    for (size_t mi : list) {
      Entity& e = ents[mentions[mi].entity];
      e.fields["name"] = canonical;
      e.fields["aliases"] = aliases;
    }
  }

  // Drop what is not an organization; keep position order.
  std::vector<Entity> out;
  out.reserve(ents.size());
  for (size_t i = 0; i < ents.size(); ++i) {
    if (!drop[i]) out.push_back(std::move(ents[i]));
  }
  std::stable_sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end < b.end;
  });
  *entities = std::move(out);
}

std::string CanonicalName(const Entity& entity) {
  if (entity.type != "organization") return "";
  return entity.fields.value("name", std::string());
}

std::string KnownCanonicalName(const rules::Gazetteer& gazetteer, std::string_view name) {
  const OrgEntry* e = gazetteer.FindOrg(rules::NameKey(name));
  return e ? e->canonical : std::string();
}

OrgIndex::OrgIndex(const std::vector<Entity>& entities) {
  for (const Entity& e : entities) {
    if (e.type != "organization") continue;
    std::string canonical = CanonicalName(e);
    if (canonical.empty()) continue;
    auto add = [&](const std::string& n) {
      std::string k = rules::NameKey(n);
      if (!k.empty()) by_key_.emplace(k, canonical);
      std::string s = rules::NameKey(rules::StripLegalForm(n));
      if (!s.empty()) by_key_.emplace(s, canonical);
    };
    add(canonical);
    if (e.fields.contains("aliases")) {
      for (const auto& a : e.fields["aliases"]) if (a.is_string()) add(a.get<std::string>());
    }
  }
}

const std::string* OrgIndex::Find(std::string_view name) const {
  auto it = by_key_.find(rules::NameKey(name));
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace kiji::resolve
