#include "resolve/canonical.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory_resource>
#include <numeric>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "common/strings.h"

namespace kiji::resolve {
namespace {

using rules::Gazetteer;
using rules::NonOrgEntry;
using rules::NonOrgKind;
using rules::OrgEntry;

// True for a capital with a diacritic from Latin-1 to Latin Extended-B
// (À, Ø, Š, Ł, Ș): the non-ASCII capitals of patterns/en/organizations.rules'
// UPPER.
bool IsLatinCapital(char32_t c) {
  return c >= 0xC0 && c <= 0x24F && u_isupper(static_cast<UChar32>(c));
}

// Separators of a list caught as one name (longest first); a cue list
// splits at "or" and "/" too, never at "&" ("Ernst & Young").
constexpr std::string_view kListSeparators[] = {", and ", ", & ", ", ", " and ", " & "};
constexpr std::string_view kCueListSeparators[] = {", and ", ", or ", ", ", " and ", " or ", "/"};

using text::CodePointAt;
using text::CodePointBefore;
using text::IsKatakana;

// How common a byte is in news text, roughly (lower: rarer): capitals and
// digits are rare in running text; UTF-8 continuation bytes each carry a
// small share of Japanese text (the first ones more: kana); lowercase
// letters, spaces and lead bytes are everywhere. Only speed depends on it.
constexpr std::array<uint8_t, 256> kByteCommonness = [] {
  std::array<uint8_t, 256> a{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 'A' && b <= 'Z') a[b] = 2;
    else if (b >= '0' && b <= '9') a[b] = 3;
    else if (b >= 0x84 && b <= 0xBF) a[b] = 4;
    else if (b >= 0x80 && b <= 0x83) a[b] = 6;
    else a[b] = 10;
  }
  return a;
}();

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsKind(const NonOrgEntry* e, NonOrgKind k) { return e && e->kind == k; }

bool IsPlace(const NonOrgEntry* e) {
  return e && (e->kind == NonOrgKind::kCountry || e->kind == NonOrgKind::kCity || e->kind == NonOrgKind::kRegion);
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

// True for "Tokyo-based", "London-based": a place word, never a name's start.
bool IsBasedWord(std::string_view w) {
  return w.size() > 6 && w.substr(w.size() - 6) == "-based";
}

// Returns how many leading bytes of `s` are words that never start a name
// ("The", "During"; 本日), leaving at least one word.
size_t LeadLength(std::string_view s, const Gazetteer& g, std::string* scratch) {
  size_t off = 0;
  while (off < s.size()) {
    std::string_view rest = s.substr(off);
    size_t skip = 0;
    if (IsAsciiAlnum(rest[0])) {
      size_t sp = rest.find(' ');
      if (sp != std::string_view::npos &&
          (IsKind(g.FindNonOrgWord(rest.substr(0, sp)), NonOrgKind::kLead) || IsBasedWord(rest.substr(0, sp)))) {
        skip = sp + 1;
      }
    } else if (static_cast<unsigned char>(rest[0]) >= 0x80) {
      // Japanese lead words are written out whole (本日, 今回): prefixes of
      // up to six code points without Latin letters.
      size_t n = 0, end = 0;
      // News abbreviates a foreign company's country to one kanji before
      // its katakana name: 英アーム, 独シーメンス, 韓国の is written out.
      static constexpr std::string_view kCountryKanji[] = {"米", "英", "独", "仏", "中", "韓", "台", "豪",
                                                           "加", "伊", "印", "露", "蘭"};
      for (std::string_view k : kCountryKanji) {
        // A katakana letter next (not ー alone).
        if (rest.size() > k.size() && rest.substr(0, k.size()) == k) {
          const char32_t c = CodePointAt(rest, k.size());
          if (IsKatakana(c) && c != 0x30FC) skip = k.size();
        }
      }
      while (end < rest.size() && n < 6 && static_cast<unsigned char>(rest[end]) >= 0x80) {
        ++end;
        while (end < rest.size() && (static_cast<unsigned char>(rest[end]) & 0xC0) == 0x80) ++end;
        ++n;
        if (end < rest.size() &&
            IsKind(g.FindNonOrg(rules::NameKeyInto(rest.substr(0, end), scratch)), NonOrgKind::kLead)) {
          skip = end;
        }
      }
    }
    if (skip == 0 || skip >= rest.size()) break;
    off += skip;
    while (off < s.size() && s[off] == ' ') ++off;
  }
  return off;
}

// True when `name` ends with a word that ends event names ("ICT Week 2025";
// 博覧会), a trailing number aside.
bool EndsWithEvent(std::string_view name, const Gazetteer& g) {
  std::string_view s = name;
  while (!s.empty() && (s.back() == ' ' || (s.back() >= '0' && s.back() <= '9'))) s.remove_suffix(1);
  if (s.empty()) return false;
  if (static_cast<unsigned char>(s.back()) < 0x80) {
    size_t sp = s.rfind(' ');
    return IsKind(g.FindNonOrgWord(sp == std::string_view::npos ? s : s.substr(sp + 1)), NonOrgKind::kEvent);
  }
  // The last 2 to 8 code points, shortest first.
  size_t at = s.size();
  for (size_t k = 1; k <= 8 && at > 0; ++k) {
    do --at; while (at > 0 && IsContinuation(s[at]));
    if (IsContinuation(s[at])) break;  // no code point starts here
    if (k >= 2 && IsKind(g.FindNonOrg(s.substr(at)), NonOrgKind::kEvent)) return true;
  }
  return false;
}

// True when `name` starts with a title ("President Taro Yamada", "Prime
// Minister Kishida"): a person.
bool StartsWithTitle(std::string_view name, const Gazetteer& g) {
  if (name.empty() || static_cast<unsigned char>(name[0]) >= 0x80) return false;
  size_t sp = name.find(' ');
  return sp != std::string_view::npos && IsKind(g.FindNonOrgWord(name.substr(0, sp)), NonOrgKind::kTitle);
}

// Returns the length of `name` before an "on"/"in" that reads a time
// word with it (a lead word: a weekday, a month, "Today"): "Bank of Japan
// on Tuesday" is the Bank of Japan; else name.size().
size_t BeforeTimePhrase(std::string_view name, const Gazetteer& g) {
  size_t keep = name.size();
  for (std::string_view link : {std::string_view(" on "), std::string_view(" in ")}) {
    for (size_t at = name.find(link); at < keep; at = name.find(link, at + 1)) {
      std::string_view rest = name.substr(at + link.size());
      std::string_view word = rest.substr(0, rest.find(' '));
      if (word != "The" && word != "A" && word != "An" && IsKind(g.FindNonOrgWord(word), NonOrgKind::kLead)) {
        keep = at;
        break;
      }
    }
  }
  return keep;
}

// Returns how many leading bytes of `name` are titles and "of" or "at"
// before an organization's name ("CEO of New Media Investment Group",
// "Chief Executive Officer of the Kanto Bank"), with a function and "for"
// or "at" ("Vice President of Sales for Dräger, Inc."), or 0 when it does
// not start so ("President Taro Yamada" stays whole: a person).
size_t TitleOfLength(std::string_view name, const Gazetteer& g) {
  size_t at = 0;
  bool title = false;
  while (at < name.size() && name[at] >= 'A' && name[at] <= 'Z') {
    size_t sp = name.find(' ', at);
    if (sp == std::string_view::npos || !IsKind(g.FindNonOrgWord(name.substr(at, sp - at)), NonOrgKind::kTitle)) break;
    title = true;
    at = sp + 1;
  }
  if (!title) return 0;
  // The length of "of ", "at the "... at the start of `s` when a capital
  // follows, else 0.
  auto link_length = [](std::string_view s, bool of) {
    for (std::string_view link : {std::string_view("of the "), std::string_view("at the "),
                                  std::string_view("for the "), std::string_view("of "), std::string_view("at "),
                                  std::string_view("for ")}) {
      if ((link[0] == 'o') != of && link[0] != 'a') continue;  // "of" after a title, "for" after a function
      if (s.size() > link.size() && s.substr(0, link.size()) == link) {
        return s[link.size()] >= 'A' && s[link.size()] <= 'Z' ? link.size() : size_t{0};
      }
    }
    return size_t{0};
  };
  const size_t link = link_length(name.substr(at), true);
  if (link == 0) return 0;
  at += link;
  // One word that names no organization ("Sales", "Marketing"), then "for".
  const size_t sp = name.find(' ', at);
  const NonOrgEntry* function = sp == std::string_view::npos ? nullptr : g.FindNonOrgWord(name.substr(at, sp - at));
  if (sp != std::string_view::npos && (function == nullptr || function->kind == NonOrgKind::kGeneric)) {
    if (const size_t next = link_length(name.substr(sp + 1), false)) return sp + 1 + next;
  }
  return at;
}

// A Japanese name (as key) ending in a gazetteer name, after nothing or a
// place of that organization's country: ウズベキスタン共和国デジタル技術省.
const OrgEntry* FindBySuffix(std::string_view key, const Gazetteer& g) {
  size_t starts = 0;  // code points
  for (char c : key) starts += IsContinuation(c) ? 0 : 1;
  // Suffixes from the second code point on, at least two code points long.
  size_t i = 0;
  for (size_t at = 0; at < key.size() && i + 1 < starts; ++at) {
    if (IsContinuation(key[at])) continue;
    if (i++ == 0) continue;
    const OrgEntry* e = g.FindOrg(key.substr(at));
    if (!e) continue;
    const NonOrgEntry* prefix = g.FindNonOrg(key.substr(0, at));
    return IsPlace(prefix) && prefix->country == e->country ? e : nullptr;  // the longest suffix decides
  }
  return nullptr;
}

// Returns s.rfind(needle) (needle not empty), testing a byte before
// comparing (std::string_view::rfind compares at every position).
size_t RFind(std::string_view s, std::string_view needle) {
  if (needle.size() > s.size()) return std::string_view::npos;
  for (size_t at = s.size() - needle.size() + 1; at-- > 0;) {
    if (s[at] == needle[0] && s.compare(at, needle.size(), needle) == 0) return at;
  }
  return std::string_view::npos;
}

// "Ministry of Finance of Vietnam" -> ("Ministry of Finance", "VN").
bool SplitPlaceTail(std::string_view name, const Gazetteer& g, std::string_view* head, std::string* country,
                    std::string* scratch) {
  for (std::string_view sep : {std::string_view(" of the "), std::string_view(" of "), std::string_view(" in ")}) {
    size_t at = RFind(name, sep);
    if (at == std::string_view::npos || at == 0) continue;
    const NonOrgEntry* p = g.FindNonOrg(rules::NameKeyInto(name.substr(at + sep.size()), scratch));
    if (IsKind(p, NonOrgKind::kCountry)) {
      *head = name.substr(0, at);
      *country = p->country;
      return true;
    }
  }
  return false;
}

// Returns the acronym in "(ACR)" (optionally after a space) at text[at], or "".
std::string_view BracketedAcronymAfter(std::string_view text, size_t at) {
  if (at < text.size() && text[at] == ' ') ++at;
  if (at >= text.size() || text[at] != '(') return "";
  size_t close = text.find(')', at);
  if (close == std::string_view::npos || close - at - 1 < 2 || close - at - 1 > 10) return "";
  std::string_view acr = text.substr(at + 1, close - at - 1);
  if (!(acr[0] >= 'A' && acr[0] <= 'Z') || !IsAcronym(acr)) return "";
  return acr;
}

// Containers of one Canonicalize call take their memory from its arena
// (an article's hundreds of small strings and vectors, one free at the end).
using PString = std::pmr::string;
template <typename T>
using PVec = std::pmr::vector<T>;

struct UnionFind {
  PVec<size_t> parent;
  UnionFind(size_t n, std::pmr::memory_resource* r) : parent(n, r) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// What linking needs to know of one name (computed once per distinct name
// of a record: an article names the same organization many times).
struct NameInfo {
  explicit NameInfo(std::pmr::memory_resource* r) : key(r), stripped(r), stripped_key(r), head_key(r) {}

  PString key;                      // NameKey(name)
  bool not_org = false;             // a place, generic phrase, event or titled person
  const OrgEntry* entry = nullptr;  // the gazetteer organization it names, if any
  bool known = false;               // the gazetteer has this key (FindOrg(key))
  PString stripped;                 // the name without its legal form ("" when it has none)
  // The keys that link it: key (when not empty), the stripped name's key,
  // the key without "of <country>" (when there is such a name).
  PString stripped_key;
  PString head_key;
  bool has_stripped = false;
  bool has_head = false;
  // The link keys as numbers (one per distinct key of the Linker): key,
  // stripped_key, head_key; kNoKey for those not used.
  static constexpr uint32_t kNoKey = UINT32_MAX;
  uint32_t link_ids[3] = {kNoKey, kNoKey, kNoKey};

  // Calls f(id) for each link key, in that order.
  template <typename F>
  void ForEachLinkKey(F f) const {
    for (uint32_t id : link_ids) {
      if (id != kNoKey) f(id);
    }
  }
};

// One organization mention while linking.
struct OrgMention {
  explicit OrgMention(std::pmr::memory_resource* r) : names(r) {}

  size_t entity = 0;               // index into the entity vector
  size_t raw_begin = 0;            // where the rule's span began (before trimming)
  PVec<PString> names;             // its name first, then the other names seen with it
  const NameInfo* info = nullptr;  // Info(names[0]) (in infos_; none for repeats, added last)
  // NameKeys that link it (names, without legal forms, without "of
  // <country>"): keys_[keys_begin, keys_end) of the Linker.
  size_t keys_begin = 0, keys_end = 0;
  const OrgEntry* entry = nullptr;
  bool cue = false;                // found by a context cue, not by a name's shape
};

void AddUnique(PVec<PString>* v, std::string_view s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->emplace_back(s);
}

// Hashes std::string and std::string_view alike (lookups without a copy).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The work of one Canonicalize call.
class Linker {
 public:
  Linker(const text::NormText& text, const Gazetteer* g, std::vector<Entity>* ents)
      : text_(text), all_(text.text), g_(g), ents_(*ents), drop_(ents->size(), false, &arena_),
        given_(ents->size()) {
    infos_.reserve(2 * ents->size() + 8);  // (no rehash as names come)
  }
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  void Run() {
    Collect();
    SplitCoordinations();
    AttachAcronyms();
    for (OrgMention& m : mentions_) ComputeKeys(&m);
    Link();
    DropSurnames();
    AddRepeats();
    Name();
  }

  // Returns the surviving entities, sorted by position (those given were;
  // those added are sorted and merged in).
  std::vector<Entity> Take() {
    std::vector<Entity> out;
    out.reserve(ents_.size());
    for (size_t i = 0; i < ents_.size(); ++i) {
      if (!drop_[i]) out.push_back(std::move(ents_[i]));
    }
    auto less = [](const Entity& a, const Entity& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      return a.end < b.end;
    };
    size_t given = 0;
    for (size_t i = 0; i < given_ && i < drop_.size(); ++i) given += drop_[i] ? 0 : 1;
    auto mid = out.begin() + static_cast<std::ptrdiff_t>(given);
    // Trimming moves a start forward by a word at most: re-sort the given
    // part only if that broke its order.
    if (!std::is_sorted(out.begin(), mid, less)) std::stable_sort(out.begin(), mid, less);
    std::stable_sort(mid, out.end(), less);
    std::inplace_merge(out.begin(), mid, out.end(), less);
    return out;
  }

 private:
  // 1. Trims leading words, drops what is not an organization, collects the
  // names each mention was seen with.
  void Collect() {
    mentions_.reserve(ents_.size());
    for (size_t i = 0; i < ents_.size(); ++i) {
      Entity& e = ents_[i];
      if (e.type != "organization") continue;
      const size_t raw_begin = e.begin;
      const std::string_view span = all_.substr(e.begin, e.end - e.begin);
      auto field = e.fields.find("name");
      std::string_view written = field != e.fields.end() ? field->get_ref<const std::string&>() : span;
      // A gazetteer rule's span is a name exactly as the table lists it.
      const bool exact = e.rule.find("/gazetteer:") != std::string::npos;
      if (g_ && !exact) {
        size_t lead = LeadLength(span, *g_, &scratch_);
        // A lead word that is part of a listed name stays (国有資産監督管理
        // 委員会 is not 資産監督管理委員会).
        if (lead > 0 && written == span && Info(written).known && !Info(written.substr(lead)).known) lead = 0;
        e.begin += lead;
        // (The name is usually the span itself: no need to read it twice.)
        written.remove_prefix(written == span ? lead : LeadLength(written, *g_, &scratch_));
      }
      // A name's shape read a title with it: "CEO of New Media Investment
      // Group" is New Media Investment Group.
      if (g_ && !exact && written == all_.substr(e.begin, e.end - e.begin)) {
        const size_t title = TitleOfLength(written, *g_);
        e.begin += title;
        written.remove_prefix(title);
      }
      // A name's tail read a time with it: "Bank of Japan on Tuesday".
      if (g_ && !exact && written == all_.substr(e.begin, e.end - e.begin)) {
        const size_t keep = BeforeTimePhrase(written, *g_);
        e.end = e.begin + keep;
        written = written.substr(0, keep);
      }
      std::string_view name = written;
      // A context cue reads capitalized words: "NASA Administrator Jim
      // Bridenstine" is NASA and a person.
      const bool cue = e.rule.find(":org.cue_") != std::string::npos;
      if (cue && all_.substr(e.begin, e.end - e.begin) == name) {
        size_t keep = BeforeTitle(name);
        e.end = e.begin + keep;
        name = name.substr(0, keep);
        // "Korean GS Caltex": a nationality before an acronym's name.
        const size_t country = CountryBeforeAcronym(name);
        e.begin += country;
        name.remove_prefix(country);
      }
      // People the words around a name show: "Hana Kobo, President of X"
      // and "Trade Minister Ana Lee" (a cue read "Hana Kobo" and "Trade");
      // a gazetteer name followed by a capitalized word, after a title
      // ("Minister for Communications Sato Kenji": a family name first).
      if (g_ && (cue || exact) && all_.substr(e.begin, e.end - e.begin) == name && IsPersonByTitle(e, cue)) {
        drop_[i] = true;
        continue;
      }
      // A gazetteer name that goes on with a head word or an "&" word is a
      // longer name the gazetteer does not know ("Hanwa Engineering", "Hanwa
      // E&C" beside the gazetteer's "Hanwa"): that name, not the shorter one.
      if (g_ && exact && all_.substr(e.begin, e.end - e.begin) == name) {
        const size_t longer = LongerNameEnd(e.end);
        if (longer != e.end) {
          e.end = longer;
          name = all_.substr(e.begin, e.end - e.begin);
          e.rule = e.lang + "/canonical:org.longer_name";
          e.fields = Json::object({{"name", std::string(name)}, {"aliases", Json::array()}});
        }
      }
      const NameInfo& info = Info(name);
      // A prefecture or city that signs (福岡県と…協定を締結) is a party: the
      // rule saw it as one, so its being a place does not drop it.
      const bool signing_place = info.not_org && g_ && e.rule.find(":org.municipality_party") != std::string::npos &&
                                 (IsKind(g_->FindNonOrg(info.key), NonOrgKind::kCity) ||
                                  IsKind(g_->FindNonOrg(info.key), NonOrgKind::kRegion));
      // "Emirates" in "United Arab Emirates": a place's last word. An
      // exchange in a listing note, "(東証プライム：1234)", "(NYSE: ABC)",
      // is no mention of the exchange.
      if ((info.not_org && !signing_place) || (g_ && all_.substr(e.begin, e.end - e.begin) == name && EndsLongerName(e.begin, e.end, false)) ||
          InTickerNote(e.begin, e.end)) {
        drop_[i] = true;
        continue;
      }
      OrgMention& m = mentions_.emplace_back(&arena_);
      m.entity = i;
      m.raw_begin = raw_begin;
      m.entry = info.entry;
      m.info = &info;
      m.names.emplace_back(name);
      AddWrittenLongForm(e.rule, name, &m.names);
      auto aliases = e.fields.find("aliases");
      if (aliases != e.fields.end() && aliases->is_array()) {
        for (const auto& a : *aliases) {
          if (a.is_string()) AddUnique(&m.names, a.get_ref<const std::string&>());
        }
      }
      m.cue = cue;
    }
  }

  // Adds the long form the text writes of a Japanese short name, so that
  // both name one organization: 群馬大 -> 群馬大学, 大阪府大 -> 大阪府立大学
  // (rule org.university_short), 浙江省政府 -> 浙江省人民政府.
  void AddWrittenLongForm(std::string_view rule, std::string_view name, PVec<PString>* names) const {
    static constexpr std::string_view kDai = "\u5927";              // 大
    static constexpr std::string_view kGov = "\u7701\u653F\u5E9C";  // 省政府
    std::string long_form;
    auto add_if_written = [&](std::string_view stem, std::string_view tail) {
      long_form.assign(stem).append(tail);
      if (all_.find(long_form) != std::string_view::npos) AddUnique(names, long_form);
    };
    if (rule.ends_with(":org.university_short") && name.ends_with(kDai)) {
      std::string_view stem = name.substr(0, name.size() - kDai.size());
      add_if_written(stem, "\u5927\u5B66");          // 大学
      add_if_written(stem, "\u7ACB\u5927\u5B66");   // 立大学
    } else if (name.ends_with(kGov)) {
      add_if_written(name.substr(0, name.size() - kGov.size()), "\u7701\u4EBA\u6C11\u653F\u5E9C");  // 省人民政府
    }
  }

  // True when text[begin, end) opens a listing note: "(" then the name,
  // at most a few words of market segment ("プライム", "Prime", "・名証
  // メイン"), ":" and a ticker or code of letters, digits and dots, then ")".
  bool InTickerNote(size_t begin, size_t end) const {
    if (begin == 0) return false;
    if (all_[begin - 1] != '(') return InListingNote(begin, end);
    const size_t close = all_.find(')', end);
    if (close == std::string_view::npos || close - end > 48) return false;
    const std::string_view rest = all_.substr(end, close - end);
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || rest.find('(') != std::string_view::npos) return InListingNote(begin, end);
    std::string_view code = rest.substr(colon + 1);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    if (code.empty() || code.size() > 10) return InListingNote(begin, end);
    for (char c : code) {
      if (!IsAsciiAlnum(c) && c != '.') return InListingNote(begin, end);
    }
    return true;
  }

  // True when text[begin, end), an exchange's name further inside a
  // bracket, is a listing note all the same: the bracket names a code
  // ("(コード番号:8732 東証第一部)", "(証券コード番号 4712・JASDAQ)"), or the
  // name is followed by its market segment ("(東証1部上場;銘柄コード8473)").
  bool InListingNote(size_t begin, size_t end) const {
    // Only an exchange's name: 東証, 名証, 東京証券取引所 (証 is in each).
    if (all_.substr(begin, end - begin).find("\u8A3C") == std::string_view::npos) return false;
    const size_t open = all_.rfind('(', begin);
    if (open == std::string_view::npos || begin - open > 48) return false;
    if (all_.find(')', open) < begin) return false;
    const size_t close = all_.find(')', end);
    if (close == std::string_view::npos || close - end > 48) return false;
    const std::string_view note = all_.substr(open + 1, close - open - 1);
    if (note.find("\u30B3\u30FC\u30C9") != std::string_view::npos) return true;  // コード
    const std::string_view after = all_.substr(end, close - end);
    for (std::string_view segment :
         {"\u7B2C\u4E00\u90E8" /*第一部*/, "\u7B2C\u4E8C\u90E8" /*第二部*/, "\u7B2C1\u90E8", "\u7B2C2\u90E8",
          "1\u90E8", "2\u90E8", "\u4E00\u90E8" /*一部*/, "\u4E8C\u90E8" /*二部*/,
          "\u30D7\u30E9\u30A4\u30E0" /*プライム*/, "\u30B9\u30BF\u30F3\u30C0\u30FC\u30C9" /*スタンダード*/,
          "\u30B0\u30ED\u30FC\u30B9" /*グロース*/, "\u30DE\u30B6\u30FC\u30BA" /*マザーズ*/, "JASDAQ",
          "\u4E0A\u5834" /*上場*/}) {
      if (after.substr(0, segment.size()) == segment) return true;
    }
    return false;
  }

  // True when `name` is a place, a generic phrase, an event or a titled
  // person rather than an organization (and not a gazetteer organization).
  // `known`: g_->FindOrg(key) is not null.
  bool NotAnOrg(std::string_view name, std::string_view key, bool known) const {
    if (key.empty()) return true;
    if (!g_ || known) return false;
    return g_->FindNonOrg(key) || EndsWithEvent(name, *g_) || StartsWithTitle(name, *g_) || IsBasedWord(name);
  }

  // Returns the byte length of a country or nationality (one or two words)
  // that starts `name` before an acronym's name ("South Korean GS
  // Engineering", "Japanese NTT"), else 0: the country is no part of it.
  size_t CountryBeforeAcronym(std::string_view name) {
    if (!g_) return 0;
    for (size_t sp = name.find(' '), words = 1; sp != std::string_view::npos && words <= 2;
         sp = name.find(' ', sp + 1), ++words) {
      if (!IsKind(g_->FindNonOrg(rules::NameKeyInto(name.substr(0, sp), &scratch_)), NonOrgKind::kCountry)) continue;
      const size_t next = name.find(' ', sp + 1);
      if (IsAcronym(name.substr(sp + 1, next == std::string_view::npos ? std::string_view::npos : next - sp - 1))) {
        return sp + 1;
      }
    }
    return 0;
  }

  // Returns the end of the capitalized words right after all_[.., end)
  // when they make a longer name: the last one a head word ("Holdings",
  // "Construction"), a department's word ("Engineering") or a word written
  // with "&" ("E&A"); `end` otherwise, and before a title, a place or a
  // word that never starts a name.
  size_t LongerNameEnd(size_t end) const {
    size_t w = end, longer = end;
    for (int words = 0; words < 3; ++words) {
      if (w + 1 >= all_.size() || all_[w] != ' ' || !(all_[w + 1] >= 'A' && all_[w + 1] <= 'Z')) break;
      size_t e1 = w + 1;
      while (e1 < all_.size() && (IsAsciiAlnum(all_[e1]) || all_[e1] == '&')) ++e1;
      const std::string_view word = all_.substr(w + 1, e1 - w - 1);
      const NonOrgEntry* ne = g_->FindNonOrgWord(word);
      if (IsKind(ne, NonOrgKind::kTitle) || IsKind(ne, NonOrgKind::kLead) || IsPlace(ne)) break;
      w = e1;
      // (A department's word, "Engineering", "Research", ends names too;
      // not capitals: "SUV", "LTE".)
      bool department = IsKind(ne, NonOrgKind::kGeneric) && word.size() >= 5;
      for (size_t k = 1; department && k < word.size(); ++k) department = word[k] >= 'a' && word[k] <= 'z';
      if (IsKind(ne, NonOrgKind::kHead) || department || word.find('&') != std::string_view::npos) longer = w;
    }
    return longer;
  }

  // True when the organization mention `e` (by a cue, or a gazetteer
  // name: `cue` false) is a person's name, as the title beside it shows:
  //  - a cue's name followed by ", <title>" ("Hana Kobo, President and CEO
  //    of ..."), or by a minister's or secretary's title, its portfolio
  //    ("Trade" in "... with Trade Minister Ana Lee");
  //  - a gazetteer name followed by a capitalized word that is no name's
  //    head, after a title and the portfolio's capitalized words ("Minister
  //    for Communications Sato Kenji", "Governor Sato Kenji"), but not
  //    after "of" or "at" ("CEO of Sato Kenji..." names the company).
  bool IsPersonByTitle(const Entity& e, bool cue) const {
    auto title_at = [&](size_t at) {  // the word at all_[at] is a title
      size_t w = at;
      while (w < all_.size() && IsAsciiAlnum(all_[w])) ++w;
      return w > at && IsKind(g_->FindNonOrgWord(all_.substr(at, w - at)), NonOrgKind::kTitle);
    };
    const size_t end = e.end;
    if (cue) {
      if (end + 2 < all_.size() && all_[end] == ',' && all_[end + 1] == ' ' && title_at(end + 2)) return true;
      for (std::string_view t : {std::string_view(" Minister"), std::string_view(" Secretary")}) {
        if (all_.compare(end, t.size(), t) == 0 &&
            (end + t.size() == all_.size() || !IsAsciiAlnum(all_[end + t.size()]))) {
          return true;
        }
      }
      return false;
    }
    // The word after: capitalized, lower-case after its first letter, no head.
    if (end + 2 >= all_.size() || all_[end] != ' ' || !(all_[end + 1] >= 'A' && all_[end + 1] <= 'Z')) return false;
    size_t e1 = end + 2;
    while (e1 < all_.size() && all_[e1] >= 'a' && all_[e1] <= 'z') ++e1;
    if (e1 == end + 2 || (e1 < all_.size() && IsAsciiAlnum(all_[e1]))) return false;
    const NonOrgEntry* next = g_->FindNonOrgWord(all_.substr(end + 1, e1 - end - 1));
    if (next) return false;  // a head, a place, a title...: not a given name
    // The words before: capitalized words and "for", "and", up to a title.
    size_t at = e.begin;
    for (int words = 0; words < 8; ++words) {
      if (at < 2 || all_[at - 1] != ' ') return false;
      size_t w = at - 1;
      while (w > 0 && IsAsciiAlnum(all_[w - 1])) --w;
      const std::string_view word = all_.substr(w, at - 1 - w);
      if (word.empty()) return false;
      if (word == "of" || word == "at") return false;
      if (title_at(w)) return true;
      if (!(word[0] >= 'A' && word[0] <= 'Z') && word != "for" && word != "and") return false;
      at = w;
    }
    return false;
  }

  // Returns the length of `name` before a title inside it ("NASA
  // Administrator Jim Bridenstine" -> 4), or name.size() when none.
  size_t BeforeTitle(std::string_view name) const {
    if (!g_) return name.size();
    for (size_t sp = name.find(' '); sp != std::string_view::npos; sp = name.find(' ', sp + 1)) {
      size_t end = name.find(' ', sp + 1);
      std::string_view word = name.substr(sp + 1, end == std::string_view::npos ? std::string_view::npos : end - sp - 1);
      if (IsKind(g_->FindNonOrgWord(word), NonOrgKind::kTitle)) return sp;
    }
    return name.size();
  }

  // True when `name`, one word, is written elsewhere after a first name or
  // a title ("Jeffrey Epstein", "Mr. Epstein"): a person's surname.
  bool WrittenAsSurname(std::string_view name) const {
    if (!g_ || name.empty() || name.find(' ') != std::string_view::npos || IsAcronym(name)) return false;
    for (size_t at = all_.find(name); at != std::string_view::npos; at = all_.find(name, at + 1)) {
      size_t end = at + name.size();
      if (end < all_.size() && IsAsciiAlnum(all_[end])) continue;
      if (at < 2 || all_[at - 1] != ' ') continue;
      size_t w = at - 1;
      while (w > 0 && (IsAsciiAlnum(all_[w - 1]) || all_[w - 1] == '.')) --w;
      std::string_view before = all_.substr(w, at - 1 - w);
      if (before.empty() || !(before[0] >= 'A' && before[0] <= 'Z')) continue;
      const NonOrgEntry* ne = g_->FindNonOrgWord(before);
      if (!IsKind(ne, NonOrgKind::kTitle) && ne) continue;  // "The X", "Japanese X"
      if (EndsLongerName(at, end, true) || StartsLongerName(at, end)) continue;
      return true;  // "Mr. X", "Jeffrey X"
    }
    return false;
  }

  // True when the name at all_[at, end) ends a longer name with the
  // capitalized words before it (three at most): a place ("Arab Emirates"
  // in "United Arab Emirates", "New Zealand") or, with `or_org`, a known
  // organization.
  bool EndsLongerName(size_t at, size_t end, bool or_org) const {
    std::string key;
    size_t w = at;
    for (int words = 0; words < 3; ++words) {
      if (w < 2 || all_[w - 1] != ' ') return false;
      size_t v = w - 1;
      while (v > 0 && IsAsciiAlnum(all_[v - 1])) --v;
      if (v == w - 1 || !(all_[v] >= 'A' && all_[v] <= 'Z')) return false;
      w = v;
      rules::NameKeyInto(all_.substr(w, end - w), &key);
      if (IsPlace(g_->FindNonOrg(key)) || (or_org && g_->FindOrg(key))) return true;
    }
    return false;
  }

  // True when the words after the name at all_[at, end) make it a longer
  // name: a place ("Ascom North America", "Ascom Japan"), a head word or a
  // legal form ("Ascom Holdings", "Ascom Inc.").
  bool StartsLongerName(size_t at, size_t end) const {
    auto word_end = [&](size_t w) {
      while (w < all_.size() && IsAsciiAlnum(all_[w])) ++w;
      return w;
    };
    if (end + 1 >= all_.size() || all_[end] != ' ' || !(all_[end + 1] >= 'A' && all_[end + 1] <= 'Z')) return false;
    const size_t e1 = word_end(end + 1);
    const std::string_view with = all_.substr(at, e1 < all_.size() && all_[e1] == '.' ? e1 + 1 - at : e1 - at);
    if (rules::StripLegalForm(with).size() != with.size()) return true;
    const NonOrgEntry* ne = g_->FindNonOrgWord(all_.substr(end + 1, e1 - end - 1));
    if (IsPlace(ne) || IsKind(ne, NonOrgKind::kHead)) return true;
    if (e1 + 1 >= all_.size() || all_[e1] != ' ' || !(all_[e1 + 1] >= 'A' && all_[e1 + 1] <= 'Z')) return false;
    std::string key;
    return IsPlace(g_->FindNonOrg(rules::NameKeyInto(all_.substr(end + 1, word_end(e1 + 1) - end - 1), &key)));
  }

  // True when `name` ends with a word that alone names no one organization
  // but ends names of them ("... Holdings", "... Group", "... Inc."): the
  // gazetteer's `head` words, and legal forms.
  bool EndsWithHead(std::string_view name) const {
    if (!g_) return false;
    size_t sp = name.rfind(' ');
    if (sp == std::string_view::npos) return false;
    if (rules::StripLegalForm(name).size() != name.size()) return true;
    return IsKind(g_->FindNonOrgWord(name.substr(sp + 1)), NonOrgKind::kHead);
  }

  // True for "University of Tokyo", "Hanoi University of Science and
  // Technology": a head word followed by "of", "for" or "on" and more.
  bool HasHeadFirst(std::string_view name) const {
    if (!g_) return false;
    for (std::string_view link : {std::string_view(" of "), std::string_view(" for "), std::string_view(" on ")}) {
      for (size_t at = name.find(link); at != std::string_view::npos; at = name.find(link, at + 1)) {
        size_t sp = name.rfind(' ', at - 1);
        std::string_view word = name.substr(sp == std::string_view::npos ? 0 : sp + 1,
                                            at - (sp == std::string_view::npos ? 0 : sp + 1));
        if (IsKind(g_->FindNonOrgWord(word), NonOrgKind::kHead)) return true;
      }
    }
    return false;
  }

  // Returns `parts` (of `name`) joined into groups that each have an
  // organization's shape (a head word last or first), from the right:
  // "Hanoi University of Science", "Technology", "Ho Chi Minh City
  // University" are two names, the "and" inside the first one's. Empty
  // when no such grouping has two names or more.
  PVec<std::pair<size_t, size_t>> ShapedGroups(std::string_view name,
                                                const PVec<std::pair<size_t, size_t>>& parts) {
    PVec<std::pair<size_t, size_t>> groups(&arena_);
    size_t end = parts.size();
    while (end > 0) {
      size_t k = end;
      bool shaped = false;
      while (k > 0 && !shaped) {
        --k;
        const size_t from = parts[k].first;
        const size_t to = parts[end - 1].first + parts[end - 1].second;
        std::string_view g = name.substr(from, to - from);
        shaped = EndsWithHead(g) || HasHeadFirst(g);
        if (shaped) groups.emplace_back(from, to - from);
      }
      if (!shaped) return PVec<std::pair<size_t, size_t>>(&arena_);
      end = k;
    }
    if (groups.size() < 2) groups.clear();
    std::reverse(groups.begin(), groups.end());
    return groups;
  }

  // 1b. "Ministry of Digital Technologies and IT Park", "Ministry of X, IT
  // Park, and Y", "Mekong Data Holdings and Hoang Long Group": a list of
  // names caught as one is split into its parts when one of them is a known
  // name (gazetteer, or another mention of this text) or every part ends
  // with a head word.
  //
  // A list a cue rule found as a list (`org.cue_list`: "companies A, B and
  // C", "executives from A, B/C and others") is split always, at ", ",
  // " and ", " or " and "/", not at " & " ("Ernst & Young"): its words
  // said that each item is an organization. A list of no organization
  // ("officials from Japan and Vietnam") goes.
  void SplitCoordinations() {
    auto listed = [](std::string_view name) {
      return name.find(" and ") != std::string_view::npos || name.find(", ") != std::string_view::npos ||
             name.find(" & ") != std::string_view::npos;
    };
    auto cue_list = [this](const OrgMention& m) {
      const std::string& rule = ents_[m.entity].rule;
      return rule.ends_with(":org.cue_list") || rule.ends_with(":org.cue_with_list");
    };
    bool any = false;
    for (const OrgMention& m : mentions_) any = any || listed(m.names[0]) || cue_list(m);
    if (!any) return;
    // (Keys in infos_: linking reads every name's key anyway.)
    std::pmr::unordered_set<std::string_view> seen(&arena_);
    auto known = [&](std::string_view s) {
      std::string_view k = rules::NameKeyInto(s, &scratch_);
      return !k.empty() && ((g_ && g_->FindOrg(k)) || seen.count(k) > 0);
    };
    PVec<size_t> gone(&arena_);  // cue lists of no organization, in order
    // Cue lists first: their items are known names for the other lists
    // ("companies such as Gannett, GateHouse and ..." tells "Gannett and
    // GateHouse Media" apart).
    for (int pass = 0; pass < 2; ++pass) {
      seen.clear();
      for (const OrgMention& m : mentions_) {
        seen.insert(m.info->key);
        for (size_t k = 1; k < m.names.size(); ++k) seen.insert(Info(m.names[k]).key);
      }
      const size_t count = mentions_.size();
      for (size_t mi = 0; mi < count; ++mi) {
        const PString name(mentions_[mi].names[0], &arena_);
        const bool by_cue = cue_list(mentions_[mi]);
        if (by_cue != (pass == 0) || (!listed(name) && !by_cue)) continue;
        if (!by_cue && mentions_[mi].info->known) continue;  // a name the gazetteer lists whole
        SplitMention(mi, name, by_cue, known, &gone);
      }
    }
    if (gone.empty()) return;
    PVec<OrgMention> kept(&arena_);
    kept.reserve(mentions_.size());
    for (size_t i = 0, g = 0; i < mentions_.size(); ++i) {
      if (g < gone.size() && gone[g] == i) {
        drop_[mentions_[i].entity] = true;
        ++g;
        continue;
      }
      kept.push_back(std::move(mentions_[i]));
    }
    mentions_ = std::move(kept);
  }

  // Splits mention `mi` (named `name`) into its parts, for
  // SplitCoordinations; appends `mi` to `gone` for a cue list of no
  // organization.
  template <typename Known>
  void SplitMention(size_t mi, const PString& name, bool by_cue, const Known& known, PVec<size_t>* gone) {
    const size_t begin = ents_[mentions_[mi].entity].begin;
    if (all_.substr(begin, ents_[mentions_[mi].entity].end - begin) != name) return;  // a rewritten name
    // Parts between separators, as (offset, length) in `name`; a legal
    // form at the end stays with the last part ("Daiwa House Industry Co.,
    // Ltd." is one name).
    PVec<std::pair<size_t, size_t>> parts(&arena_);
    const size_t core = std::min(name.size(), rules::StripLegalForm(name).size());
    size_t from = 0;
    bool after_slash = false;
    for (size_t i = 0; i < core;) {
      size_t sep = 0;
      for (std::string_view s : by_cue ? std::span<const std::string_view>(kCueListSeparators)
                                       : std::span<const std::string_view>(kListSeparators)) {
        if (name.compare(i, s.size(), s) == 0) {
          sep = s.size();
          break;
        }
      }
      if (sep == 0) {
        ++i;
        continue;
      }
      // (The name after a "/" is the same organization's: "Comcast/Xfinity".)
      if (!after_slash) parts.emplace_back(from, i - from);
      after_slash = name[i] == '/';
      i += sep;
      from = i;
    }
    if (!after_slash) parts.emplace_back(from, name.size() - from);
    // A head word alone after "and" ends the name before it: "Daewon
    // Engineering and Construction" is one name in a list.
    for (size_t k = 1; k < parts.size();) {
      const size_t prev_end = parts[k - 1].first + parts[k - 1].second;
      const std::string_view part = std::string_view(name).substr(parts[k].first, parts[k].second);
      if (g_ && part.find(' ') == std::string_view::npos && IsKind(g_->FindNonOrgWord(part), NonOrgKind::kHead) &&
          std::string_view(name).substr(prev_end, parts[k].first - prev_end) == " and ") {
        parts[k - 1].second = parts[k].first + parts[k].second - parts[k - 1].first;
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(k));
        continue;
      }
      ++k;
    }
    bool any_known = false, all_names = parts.size() > 1, all_headed = true;
    for (const auto& [off, len] : parts) {
      unsigned char c0 = len > 0 ? static_cast<unsigned char>(name[off]) : 0;
      all_names = all_names && ((c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9'));
      std::string_view part = std::string_view(name).substr(off, len);
      any_known = any_known || known(part);
      all_headed = all_headed && EndsWithHead(part);
    }
    if (by_cue) {
      all_headed = all_names;  // (each part an organization by the cue)
    } else if (all_names && !any_known && !all_headed) {
      // "Hanoi University of Science and Technology and Ho Chi Minh City
      // University": an "and" inside a name and one between two.
      PVec<std::pair<size_t, size_t>> groups = ShapedGroups(name, parts);
      if (!groups.empty()) {
        parts = std::move(groups);
        all_headed = true;
      }
    }
    if (!all_names || !(any_known || all_headed)) {
      if (by_cue) gone->push_back(mi);
      return;
    }
    // Split for a known part, the others must look like names of their
    // own ("... and Alex Azar" is a person). The last part of a name
    // found by its head word or legal form keeps that shape: "Gannett and
    // GateHouse Media" is Gannett and GateHouse Media.
    const std::string& rule = ents_[mentions_[mi].entity].rule;
    const bool shaped_last = rule.ends_with(":org.head_last") || rule.ends_with(":org.legal_form");
    PVec<std::pair<size_t, size_t>> valid(&arena_);
    for (const auto& part : parts) {
      std::string_view p = std::string_view(name).substr(part.first, part.second);
      if (Info(p).not_org) continue;
      const bool last_shaped = shaped_last && &part == &parts.back() && p.find(' ') != std::string_view::npos;
      if (!all_headed && !known(p) && !EndsWithHead(p) && !IsAcronym(p) && !last_shaped) continue;
      valid.push_back(part);
    }
    if (valid.empty()) {
      if (by_cue) gone->push_back(mi);  // "officials from Japan and Vietnam"
      return;
    }
    parts = std::move(valid);
    // (Copied only when a part needs an entity of its own.)
    const Entity model = parts.size() > 1 ? ents_[mentions_[mi].entity] : Entity();
    for (size_t k = 0; k < parts.size(); ++k) {
      const std::string_view part = std::string_view(name).substr(parts[k].first, parts[k].second);
      Entity* e;
      size_t index;
      if (k == 0) {
        index = mentions_[mi].entity;
        e = &ents_[index];
      } else {
        ents_.push_back(model);
        drop_.push_back(false);
        index = ents_.size() - 1;
        e = &ents_.back();
      }
      e->begin = begin + parts[k].first;
      e->end = e->begin + part.size();
      e->fields["name"] = std::string(part);
      e->fields["aliases"] = Json::array();
      OrgMention m(&arena_);
      m.entity = index;
      m.raw_begin = e->begin;
      m.info = &Info(part);
      m.entry = m.info->entry;
      m.names.emplace_back(part);
      m.cue = by_cue;
      if (k == 0) mentions_[mi] = std::move(m);
      else mentions_.push_back(std::move(m));
    }
  }

  // 1c. An acronym defined beside a name joins its mention when it fits the
  // name: "Japan External Trade Organization (JETRO)", "JETRO, the Japan
  // External Trade Organization", "VNPT (Vietnam Posts and Telecommunications
  // Group)". The mention grows to cover it; a mention of the acronym alone
  // inside it goes.
  void AttachAcronyms() {
    auto fits = [](std::string_view acr, std::string_view name) {
      return rules::HasJapanese(name) || AcronymMatches(acr, name);
    };
    bool grew = false;
    for (OrgMention& m : mentions_) {
      Entity& e = ents_[m.entity];
      const PString& name = m.names[0];
      std::string_view acr = BracketedAcronymAfter(all_, e.end);
      if (!acr.empty() && fits(acr, name)) {
        e.end = all_.find(')', e.end) + 1;
        AddUnique(&m.names, acr);
        if (!m.entry && !rules::HasJapanese(name)) local_acronyms_.insert(acr);
        grew = true;
        continue;
      }
      // Before the name: "ACR, the " / "ACR, " or "ACR (" ... ")".
      size_t p = e.begin;
      bool bracket = false;
      if (p >= 1 && all_[p - 1] == '(' && e.end < all_.size() && all_[e.end] == ')') {
        bracket = true;
        --p;
        if (p >= 1 && all_[p - 1] == ' ') --p;
      } else {
        for (std::string_view art : {std::string_view("the "), std::string_view("a "), std::string_view("an ")}) {
          if (p >= art.size() && all_.compare(p - art.size(), art.size(), art) == 0) {
            p -= art.size();
            break;
          }
        }
        if (p < 2 || all_.compare(p - 2, 2, ", ") != 0) continue;
        p -= 2;
      }
      size_t q = p;
      while (q > 0 && ((all_[q - 1] >= 'A' && all_[q - 1] <= 'Z') || (all_[q - 1] >= '0' && all_[q - 1] <= '9') ||
                       all_[q - 1] == '&')) {
        --q;
      }
      if (q == p || (q > 0 && IsAsciiAlnum(all_[q - 1]))) continue;
      std::string_view cand = all_.substr(q, p - q);
      if (!IsAcronym(cand) || !(cand[0] >= 'A' && cand[0] <= 'Z') || !fits(cand, name)) continue;
      e.begin = q;
      if (bracket) e.end += 1;
      AddUnique(&m.names, cand);
      if (!m.entry && !rules::HasJapanese(name)) local_acronyms_.insert(cand);
      grew = true;
    }
    if (!grew) return;
    // Drop mentions inside a grown one (the acronym's own mention).
    PVec<size_t> order(mentions_.size(), &arena_);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Entity& x = ents_[mentions_[a].entity];
      const Entity& y = ents_[mentions_[b].entity];
      if (x.begin != y.begin) return x.begin < y.begin;
      return x.end > y.end;
    });
    PVec<bool> gone(mentions_.size(), false, &arena_);
    size_t reach = 0;
    bool first = true;
    for (size_t mi : order) {
      const Entity& x = ents_[mentions_[mi].entity];
      if (!first && x.end <= reach) {
        gone[mi] = true;
        drop_[mentions_[mi].entity] = true;
        continue;
      }
      first = false;
      reach = std::max(reach, x.end);
    }
    PVec<OrgMention> kept(&arena_);
    kept.reserve(mentions_.size());
    for (size_t mi = 0; mi < mentions_.size(); ++mi) {
      if (!gone[mi]) kept.push_back(std::move(mentions_[mi]));
    }
    mentions_ = std::move(kept);
  }

  void ComputeKeys(OrgMention* m) {
    if (m->entry && local_acronyms_.count(m->names[0])) m->entry = nullptr;
    m->keys_begin = keys_.size();
    for (size_t k = 0; k < m->names.size(); ++k) {
      const NameInfo& info = k == 0 ? *m->info : Info(m->names[k]);
      if (!m->entry && !local_acronyms_.count(m->names[k])) m->entry = info.entry;
      info.ForEachLinkKey([this](uint32_t id) { keys_.push_back(id); });
    }
    m->keys_end = keys_.size();
  }

  // 2. Links mentions: same key, same gazetteer organization, "A (B)".
  void Link() {
    const size_t n = mentions_.size();
    UnionFind uf(n, &arena_);
    PVec<const OrgEntry*> root_entry(n, &arena_);
    for (size_t i = 0; i < n; ++i) root_entry[i] = mentions_[i].entry;
    auto unite = [&](size_t a, size_t b) {
      a = uf.Find(a);
      b = uf.Find(b);
      if (a == b) return;
      if (root_entry[a] && root_entry[b] && root_entry[a] != root_entry[b]) return;  // two known organizations
      if (b < a) std::swap(a, b);
      uf.parent[b] = a;
      if (!root_entry[a]) root_entry[a] = root_entry[b];
    };
    // Each mention joins the first mention with one of its keys, then the
    // first with its gazetteer entry, in mention order (the order decides
    // which links two known organizations refuse).
    PVec<size_t> first_with_key(key_ids_.size(), SIZE_MAX, &arena_);
    std::pmr::unordered_map<const OrgEntry*, size_t> first_with_entry(&arena_);
    for (size_t i = 0; i < n; ++i) {
      for (size_t k = mentions_[i].keys_begin; k < mentions_[i].keys_end; ++k) {
        size_t& first = first_with_key[keys_[k]];
        if (first == SIZE_MAX) first = i;
        else unite(first, i);
      }
      if (mentions_[i].entry) {
        auto [it, fresh] = first_with_entry.emplace(mentions_[i].entry, i);
        if (!fresh) unite(it->second, i);
      }
    }
    // "A (B)": a name and another in brackets right after it.
    PVec<size_t> order(n, &arena_);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return ents_[mentions_[a].entity].begin < ents_[mentions_[b].entity].begin; });
    for (size_t k = 0; k + 1 < n; ++k) {
      const Entity& a = ents_[mentions_[order[k]].entity];
      const Entity& b = ents_[mentions_[order[k + 1]].entity];
      size_t b_begin = mentions_[order[k + 1]].raw_begin;  // "IT Park (The Administration ... LLC)"
      if (b_begin < a.end) continue;
      std::string_view between = all_.substr(a.end, b_begin - a.end);
      size_t after = b.end;
      while (after < all_.size() && all_[after] == ' ') ++after;
      if ((between == "(" || between == " (") && after < all_.size() && all_[after] == ')') {
        unite(order[k], order[k + 1]);
      }
    }
    roots_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      roots_[i] = uf.Find(i);
      mentions_[i].entry = root_entry[roots_[i]];
    }
  }

  // 2b. Drops an organization known only from context cues whose one-word
  // name the text also writes after a first name or a title ("Epstein"
  // after "representatives of", and "Jeffrey Epstein"): a person.
  void DropSurnames() {
    // Per root (roots are mention indexes): every mention a cue, none known.
    PVec<char> only_cues(mentions_.size(), 1, &arena_);
    bool any_cues = false;
    for (size_t i = 0; i < mentions_.size(); ++i) {
      char& c = only_cues[roots_[i]];
      c = c && mentions_[i].cue && !mentions_[i].entry;
      any_cues = any_cues || mentions_[i].cue;
    }
    if (!any_cues) return;
    // One test per organization and name (each reads the whole text).
    PVec<char> person(mentions_.size(), 0, &arena_);  // per root: a surname
    std::pmr::unordered_set<std::string_view> tested(&arena_);
    for (size_t i = 0; i < mentions_.size(); ++i) {
      if (!only_cues[roots_[i]] || person[roots_[i]] || !tested.insert(mentions_[i].names[0]).second) continue;
      if (WrittenAsSurname(mentions_[i].names[0])) person[roots_[i]] = true;
    }
    PVec<bool> gone(mentions_.size(), false, &arena_);
    bool any = false;
    for (size_t i = 0; i < mentions_.size(); ++i) {
      gone[i] = person[roots_[i]];
      any = any || gone[i];
    }
    if (!any) return;
    PVec<OrgMention> kept(&arena_);
    PVec<size_t> kept_roots(&arena_);
    for (size_t i = 0; i < mentions_.size(); ++i) {
      if (gone[i]) {
        drop_[mentions_[i].entity] = true;
        continue;
      }
      kept.push_back(std::move(mentions_[i]));
      kept_roots.push_back(roots_[i]);
    }
    mentions_ = std::move(kept);
    roots_ = std::move(kept_roots);
  }

  // 3. Adds the other mentions of every name seen ("JDU" after "Japan
  // Digital University (JDU)"), in one pass over the text.
  void AddRepeats() {
    struct Needle {
      std::string_view text;  // a name in mentions_ or infos_
      size_t mention;
      bool latin;
      bool shared = false;    // two organizations write it: not looked for
    };
    PVec<Needle> needles(&arena_);
    std::pmr::unordered_map<std::string_view, size_t> owner(&arena_);  // needle -> index in `needles`
    // `vetted`: the mention's own name, already known not to be a place.
    // `info`: Info(n) when the caller has it.
    auto add = [&](std::string_view n, size_t mi, bool vetted, const NameInfo* info) {
      if (n.size() < 2) return;
      bool latin = !rules::HasJapanese(n);
      if (latin) {
        const bool latin_capital = IsLatinCapital(CodePointAt(n, 0));  // "Škoda"
        bool upper = latin_capital;
        for (char c : n) upper = upper || (c >= 'A' && c <= 'Z');
        if (!upper || !(latin_capital || IsAsciiAlnum(n.front()))) return;
        if (n.find(' ') == std::string::npos && !IsAcronym(n) && n.size() < 4) return;
      } else if (text::CountCodePoints(n) < 2) {
        return;
      }
      if (!info) info = &Info(n);
      if (!vetted && info->not_org) return;
      // A gazetteer name is found wherever it is written by the gazetteer's
      // own rule: no need to look for it again.
      if (info->known) return;
      auto [it, fresh] = owner.emplace(n, needles.size());
      if (!fresh) {
        Needle& first = needles[it->second];
        if (roots_[first.mention] != roots_[mi]) first.shared = true;
        return;
      }
      needles.push_back(Needle{n, mi, latin});
    };
    const size_t first_new = mentions_.size();
    for (size_t mi = 0; mi < first_new; ++mi) {
      const PVec<PString>& names = mentions_[mi].names;
      for (size_t k = 0; k < names.size(); ++k) {
        const NameInfo& info = k == 0 ? *mentions_[mi].info : Info(names[k]);
        add(names[k], mi, k == 0, &info);
        if (!info.stripped.empty()) add(info.stripped, mi, false, nullptr);
      }
    }
    if (needles.empty()) return;
    // Longest first: where two needles start at one place, the longer wins.
    // (Needles are distinct, so two of one length never both match.)
    std::sort(needles.begin(), needles.end(),
              [](const Needle& a, const Needle& b) { return a.text.size() > b.text.size(); });
    PVec<std::pair<size_t, size_t>> taken(&arena_);
    taken.reserve(mentions_.size());
    for (const OrgMention& m : mentions_) taken.emplace_back(ents_[m.entity].begin, ents_[m.entity].end);
    std::sort(taken.begin(), taken.end());
    auto overlaps = [&](size_t b, size_t e) {
      auto it = std::lower_bound(taken.begin(), taken.end(), std::make_pair(e, size_t{0}));
      return it != taken.begin() && std::prev(it)->second > b;
    };
    // Where each needle is written: each needle is anchored on its rarest
    // byte (by a fixed guess of byte frequencies in news text), and memchr
    // finds that byte's places in the text, many bytes at a time; the
    // needle is compared there. (A byte-by-byte walk of the text costs more
    // than everything else here.)
    struct Anchor {
      unsigned char byte;
      uint32_t offset;  // in the needle
      uint32_t needle;
    };
    PVec<Anchor> anchors(&arena_);
    anchors.reserve(needles.size());
    for (size_t k = 0; k < needles.size(); ++k) {
      if (needles[k].shared) continue;
      const std::string_view t = needles[k].text;
      uint32_t best = 0;
      for (uint32_t j = 1; j < t.size(); ++j) {
        if (kByteCommonness[static_cast<unsigned char>(t[j])] < kByteCommonness[static_cast<unsigned char>(t[best])]) {
          best = j;
        }
      }
      anchors.push_back({static_cast<unsigned char>(t[best]), best, static_cast<uint32_t>(k)});
    }
    std::sort(anchors.begin(), anchors.end(), [](const Anchor& a, const Anchor& b) { return a.byte < b.byte; });
    PVec<std::pair<size_t, uint32_t>> hits(&arena_);  // (begin, needle): the needle's bytes are there
    const char* const text = all_.data();
    const size_t size = all_.size();
    for (size_t a = 0; a < anchors.size();) {
      size_t b = a;
      while (b < anchors.size() && anchors[b].byte == anchors[a].byte) ++b;
      for (const void* p = std::memchr(text, anchors[a].byte, size); p;) {
        const size_t at = static_cast<size_t>(static_cast<const char*>(p) - text);
        for (size_t x = a; x < b; ++x) {
          const std::string_view t = needles[anchors[x].needle].text;
          if (at < anchors[x].offset) continue;
          const size_t i = at - anchors[x].offset;
          if (size - i >= t.size() && std::memcmp(text + i, t.data(), t.size()) == 0) {
            hits.emplace_back(i, anchors[x].needle);
          }
        }
        p = at + 1 < size ? std::memchr(text + at + 1, anchors[a].byte, size - at - 1) : nullptr;
      }
      a = b;
    }
    // Left to right, as a reader would: at each place the longest needle
    // (the lowest index) that stands there as a name is taken, and the
    // text after it is read next.
    std::sort(hits.begin(), hits.end());
    PVec<std::pair<size_t, size_t>> found(&arena_);  // (needle, begin)
    size_t next_free = 0;  // the first byte not inside a name taken
    for (size_t h = 0; h < hits.size(); ++h) {
      const auto [i, k] = hits[h];
      if (i < next_free) continue;
      // A Latin name does not start inside a word.
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (i > 0 && IsAsciiAlnum(c) && IsAsciiAlnum(text[i - 1])) continue;
      const Needle& nd = needles[k];
      const size_t end = i + nd.text.size();
      if (nd.latin) {
        if (i > 0 && IsAsciiAlnum(all_[i - 1])) continue;
        if (end < all_.size() && IsAsciiAlnum(all_[end])) continue;
        if (g_ && EndsLongerName(i, end, false)) continue;  // "Zealand" in "New Zealand"
      } else {
        if (i > 0 && IsKatakana(CodePointAt(nd.text, 0)) && IsKatakana(CodePointBefore(all_, i))) continue;
        if (end < all_.size() && IsKatakana(CodePointBefore(nd.text, nd.text.size())) &&
            IsKatakana(CodePointAt(all_, end))) {
          continue;
        }
      }
      if (!overlaps(i, end)) found.emplace_back(k, i);
      next_free = end;
    }
    ents_.reserve(ents_.size() + found.size());
    mentions_.reserve(mentions_.size() + found.size());
    for (const auto& [k, begin] : found) {
      const Needle& nd = needles[k];
      Entity e;
      e.type = "organization";
      e.begin = begin;
      e.end = begin + nd.text.size();
      e.lang = nd.latin ? "en" : "ja";
      e.rule = e.lang + "/canonical:org.repeat";
      auto s = std::upper_bound(text_.sentences.begin(), text_.sentences.end(), begin,
                                [](size_t b, const text::Sentence& x) { return b < x.begin; });
      e.sentence = s == text_.sentences.begin() ? 0 : static_cast<size_t>(s - text_.sentences.begin()) - 1;
      e.fields = Json::object();
      e.fields["name"] = std::string(nd.text);
      e.fields["aliases"] = Json::array();
      ents_.push_back(std::move(e));
      drop_.push_back(false);
      OrgMention m(&arena_);
      m.entity = ents_.size() - 1;
      m.raw_begin = begin;
      m.names.emplace_back(nd.text);
      m.entry = mentions_[nd.mention].entry;
      mentions_.push_back(std::move(m));
      roots_.push_back(roots_[nd.mention]);
    }
  }

  // 4. Names each organization and gives every mention its name and aliases.
  void Name() {
    const size_t n = mentions_.size();
    PVec<size_t> by_pos(n, &arena_);
    std::iota(by_pos.begin(), by_pos.end(), 0);
    std::sort(by_pos.begin(), by_pos.end(), [&](size_t a, size_t b) {
      return ents_[mentions_[a].entity].begin < ents_[mentions_[b].entity].begin;
    });
    // Organizations in the order of their first mention, each one's
    // mentions in position order: by_pos grouped by root, stably.
    PVec<size_t> rank(n, SIZE_MAX, &arena_);
    size_t ranks = 0;
    for (size_t mi : by_pos) {
      if (rank[roots_[mi]] == SIZE_MAX) rank[roots_[mi]] = ranks++;
    }
    std::stable_sort(by_pos.begin(), by_pos.end(),
                     [&](size_t a, size_t b) { return rank[roots_[a]] < rank[roots_[b]]; });
    // Names are views of mentions_ and the gazetteer: stable here.
    PVec<std::string_view> seen(&arena_), aliases(&arena_);
    auto add_unique = [](PVec<std::string_view>* v, std::string_view s) {
      if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
    };
    for (size_t from = 0, to = 0; from < n; from = to) {
      to = from + 1;
      while (to < n && roots_[by_pos[to]] == roots_[by_pos[from]]) ++to;
      const auto list_begin = by_pos.begin() + static_cast<std::ptrdiff_t>(from);
      const auto list_end = by_pos.begin() + static_cast<std::ptrdiff_t>(to);
      const OrgEntry* entry = nullptr;
      seen.clear();
      for (auto it = list_begin; it != list_end; ++it) {
        if (!entry) entry = mentions_[*it].entry;
        for (const PString& name : mentions_[*it].names) add_unique(&seen, name);
      }
      // The longest name written (of `japanese` script only, when set); an
      // acronym only when there is nothing else.
      auto longest_written = [&](bool japanese) {
        std::string_view best_name;
        size_t best = 0;
        bool best_acr = true;
        for (auto it = list_begin; it != list_end; ++it) {
          const PString& name = mentions_[*it].names[0];
          if (japanese && !rules::HasJapanese(name)) continue;
          bool acr = IsAcronym(name);
          size_t len = text::CountCodePoints(name);
          if (best_name.empty() || (best_acr && !acr) || (acr == best_acr && len > best)) {
            best_name = name;
            best = len;
            best_acr = acr;
          }
        }
        return best_name;
      };
      std::string_view canonical;
      // A Japanese article names an organization it writes in Japanese by
      // its Japanese name: the longest of the gazetteer's Japanese names
      // that it writes (トヨタ自動車 in トヨタ自動車株式会社), else the longest
      // Japanese name it writes; not the gazetteer's English name.
      if (text_.lang == text::Lang::kJa) {
        std::string_view written = longest_written(true);
        if (entry && !written.empty()) {
          for (const std::string& known : entry->japanese) {
            if (known.size() <= canonical.size()) continue;
            for (auto it = list_begin; it != list_end; ++it) {
              if (mentions_[*it].names[0].find(known) != std::string_view::npos) {
                canonical = known;
                break;
              }
            }
          }
        }
        if (canonical.empty()) canonical = written;
      }
      if (canonical.empty()) canonical = entry ? std::string_view(entry->canonical) : longest_written(false);
      aliases.clear();
      for (std::string_view name : seen) {
        if (name != canonical) add_unique(&aliases, name);
      }
      if (entry) {
        // entry->AllNames(), without building it (add_unique drops repeats).
        auto add_all = [&](const std::vector<std::string>& names) {
          for (const std::string& name : names) {
            if (name != canonical) add_unique(&aliases, name);
          }
        };
        if (entry->canonical != canonical) add_unique(&aliases, entry->canonical);
        add_all(entry->english);
        add_all(entry->japanese);
        add_all(entry->acronyms);
      }
      for (auto it = list_begin; it != list_end; ++it) {
        Json& fields = ents_[mentions_[*it].entity].fields;
        // In place: a string or array already there keeps its memory.
        Json& jname = fields["name"];
        if (jname.is_string()) jname.get_ref<std::string&>().assign(canonical);
        else jname = std::string(canonical);
        Json& jaliases = fields["aliases"];
        if (jaliases.is_array()) jaliases.get_ref<Json::array_t&>().clear();
        else jaliases = Json::array();
        Json::array_t& array = jaliases.get_ref<Json::array_t&>();
        array.reserve(aliases.size());
        for (std::string_view a : aliases) array.emplace_back(std::string(a));
      }
    }
  }

  // Returns the id of link key `key` (a view that outlives the Linker's
  // work), numbering keys as they come.
  uint32_t KeyId(std::string_view key) {
    return key_ids_.emplace(key, static_cast<uint32_t>(key_ids_.size())).first->second;
  }

  // Returns what linking needs to know of `name` (cached; the reference
  // stays valid for the Linker's life).
  const NameInfo& Info(std::string_view name) {
    auto it = infos_.find(name);
    if (it != infos_.end()) return it->second;
    NameInfo info(&arena_);
    info.key = rules::NameKeyInto(name, &scratch_);
    if (g_) info.entry = g_->FindOrg(info.key);
    info.known = info.entry != nullptr;
    info.not_org = NotAnOrg(name, info.key, info.known);
    std::string_view stripped = rules::StripLegalForm(name);
    if (stripped.size() != name.size()) {
      info.stripped = stripped;
      info.stripped_key = rules::NameKeyInto(stripped, &scratch_);
      info.has_stripped = true;
    }
    std::string_view head;
    std::string country;
    if (g_ && (name.find(" of ") != std::string::npos || name.find(" in ") != std::string::npos) &&
        SplitPlaceTail(name, *g_, &head, &country, &scratch_)) {
      info.head_key = rules::NameKeyInto(head, &scratch_);
      const OrgEntry* e = g_->FindOrg(info.head_key);
      if (!info.entry && e && e->country == country) info.entry = e;
      info.has_head = true;
    }
    if (!info.has_head && rules::HasJapanese(name)) {
      // A headline's short form links the full name: 名古屋銀 is 名古屋銀行,
      // 香川大 is 香川大学 (three characters or more: not 信大, 東大).
      std::string full;
      if (name.size() >= 6 && name.substr(name.size() - 3) == "\u9280" /*銀*/) {
        full = std::string(name) + "\u884C" /*行*/;
      } else if (name.size() >= 9 && name.substr(name.size() - 3) == "\u5927" /*大*/) {
        full = std::string(name) + "\u5B66" /*学*/;
      }
      if (!full.empty()) {
        info.head_key = rules::NameKeyInto(full, &scratch_);
        info.has_head = true;
        if (!info.entry && g_) info.entry = g_->FindOrg(info.head_key);
      }
    }
    if (!info.entry && g_ && !info.key.empty() && rules::HasJapanese(name)) {
      info.entry = FindBySuffix(info.key, *g_);
    }
    NameInfo& stored = infos_.emplace(name, std::move(info)).first->second;
    // (Ids of the stored strings: their views stay valid.)
    if (!stored.key.empty()) stored.link_ids[0] = KeyId(stored.key);
    if (stored.has_stripped) stored.link_ids[1] = KeyId(stored.stripped_key);
    if (stored.has_head) stored.link_ids[2] = KeyId(stored.head_key);
    return stored;
  }

  const text::NormText& text_;
  std::string_view all_;
  const Gazetteer* g_;
  std::vector<Entity>& ents_;
  // The arena first: the containers below use it. Most articles fit in
  // the first block (on the stack); larger ones take more from the heap.
  alignas(std::max_align_t) std::byte first_block_[16384];
  std::pmr::monotonic_buffer_resource arena_{first_block_, sizeof first_block_};
  PVec<bool> drop_;
  size_t given_;  // entities given; later ones were added here
  PVec<OrgMention> mentions_{&arena_};
  PVec<size_t> roots_{&arena_};  // per mention: its organization's representative
  PVec<uint32_t> keys_{&arena_};  // link key ids of every mention
  // Link key -> id (views of infos_ strings): each distinct key is hashed
  // once, when the first name with it is read.
  std::pmr::unordered_map<std::string_view, uint32_t> key_ids_{&arena_};
  // Acronyms the text defines for a name the gazetteer does not know
  // ("Ministry of Information and Communications (MIC)", Vietnam's): in
  // this text they name that organization, not the gazetteer's one with
  // the same letters (Japan's MIC). Acronyms are few letters; many
  // organizations share them.
  std::pmr::unordered_set<std::string_view> local_acronyms_{&arena_};
  // Node-based: references stay valid.
  std::pmr::unordered_map<PString, NameInfo, StringHash, std::equal_to<>> infos_{&arena_};
  std::string scratch_;  // a key built only to be looked up
};

}  // namespace

void Canonicalize(const text::NormText& text, const rules::Gazetteer* gazetteer, std::vector<Entity>* entities) {
  bool any = false;
  for (const Entity& e : *entities) any = any || e.type == "organization";
  if (!any) return;
  Linker linker(text, gazetteer, entities);
  linker.Run();
  *entities = linker.Take();
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
  std::unordered_set<std::string> done;
  for (const Entity& e : entities) {
    if (e.type != "organization") continue;
    std::string canonical = CanonicalName(e);
    if (canonical.empty() || !done.insert(canonical).second) continue;
    auto add = [&](const std::string& n) {
      std::string k = rules::NameKey(n);
      if (!k.empty()) by_key_.emplace(k, canonical);
      std::string s = rules::NameKey(rules::StripLegalForm(n));
      if (!s.empty()) by_key_.emplace(s, canonical);
    };
    add(canonical);
    if (e.fields.contains("aliases")) {
      for (const auto& a : e.fields["aliases"]) {
        if (a.is_string()) add(a.get<std::string>());
      }
    }
  }
}

const std::string* OrgIndex::Find(std::string_view name) const {
  auto it = by_key_.find(rules::NameKey(name));
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace kiji::resolve
