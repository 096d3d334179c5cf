// Agreements: recipes of the agreement rule kinds, party/status/date
// reading per trigger sentence, and joining mentions into agreements.
#include "resolve/agreements.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "resolve/canonical.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// ---------------------------------------------------------------------------
// Recipes

char32_t DecodeAt(std::string_view s, size_t pos, size_t* len);
size_t PrevStart(std::string_view s, size_t pos);
bool IsHanOrKatakana(char32_t c);

constexpr std::string_view kKinds[] = {"memorandum", "agreement", "partnership", "contract",
                                       "joint_venture", "other", "none"};
constexpr std::string_view kStatuses[] = {"signed", "reached", "planned", "proposed"};

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

// Returns the code point after the span in its sentence, or 0.
char32_t NextChar(const RecipeInput& in) {
  const char* sb = in.sentence.data();
  if (in.span.data() < sb || in.span.data() + in.span.size() > sb + in.sentence.size()) return 0;
  size_t end = static_cast<size_t>(in.span.data() - sb) + in.span.size(), len = 0;
  return end < in.sentence.size() ? DecodeAt(in.sentence, end, &len) : 0;
}

// agreement(kind, status, verb, compound): an agreement trigger.
// compound="書式": a Japanese head followed by another kanji or katakana is
// part of a longer noun (提携先, 契約社員) and no trigger, unless that
// character is one of these (協定書, 調印式). (In the rule, a context such as
// [^\p{Han}\p{Katakana}] would make the rule's own regex huge and slow.)
std::optional<Json> AgreementTrigger(const RecipeInput& in) {
  std::string_view kind = in.Arg("kind");
  if (!OneOf(kind, kKinds)) return std::nullopt;
  if (in.Contains("compound")) {
    char32_t next = NextChar(in);
    if (IsHanOrKatakana(next)) {
      std::string_view allowed = in.Arg("compound");
      size_t len = 0;
      bool ok = false;
      for (size_t i = 0; i < allowed.size(); i += len) {
        if (DecodeAt(allowed, i, &len) == next) ok = true;
      }
      if (!ok) return std::nullopt;
    }
  }
  Json out = Json::object();
  out["kind"] = std::string(kind);
  out["status"] = nullptr;
  if (in.Has("status")) {
    if (!OneOf(in.Arg("status"), kStatuses)) return std::nullopt;
    out["status"] = std::string(in.Arg("status"));
  }
  if (in.Has("verb")) {
    if (in.Arg("verb") != "true") return std::nullopt;
    out["verb"] = true;
  }
  return out;
}

// agreement_status(status): a word telling an agreement's status.
std::optional<Json> AgreementStatus(const RecipeInput& in) {
  if (!OneOf(in.Arg("status"), kStatuses)) return std::nullopt;
  Json out = Json::object();
  out["status"] = std::string(in.Arg("status"));
  return out;
}

// agreement_parties(count, of): words standing for `count` parties.
std::optional<Json> AgreementParties(const RecipeInput& in) {
  std::string_view c = in.Arg("count");
  int count = 0;
  auto r = std::from_chars(c.data(), c.data() + c.size(), count);
  if (r.ec != std::errc() || r.ptr != c.data() + c.size() || count < 1 || count > 9) return std::nullopt;
  std::string of(in.Has("of") ? in.Arg("of") : "organization");
  if (of != "organization" && of != "country") return std::nullopt;
  Json out = Json::object();
  out["count"] = count;
  out["of"] = of;
  if (in.Has("refers")) {
    // refers="previous": 同社, the company named last, not the article's.
    if (count != 1 || in.Arg("refers") != "previous") return std::nullopt;
    out["previous"] = true;
  }
  return out;
}

// Returns true when the span is part of a longer katakana word (タイ in
// ネクタイ, インド in インドネシア): the characters around it, in its sentence.
bool InKatakanaWord(const RecipeInput& in) {
  const char* sb = in.sentence.data();
  const char* se = sb + in.sentence.size();
  if (in.span.data() < sb || in.span.data() + in.span.size() > se) return false;
  auto katakana = [](char32_t c) { return (c >= 0x30A0 && c <= 0x30FF) || c == 0xFF70; };
  size_t at = static_cast<size_t>(in.span.data() - sb), len = 0;
  if (at > 0 && katakana(DecodeAt(in.sentence, PrevStart(in.sentence, at), &len))) return true;
  size_t end = at + in.span.size();
  return end < in.sentence.size() && katakana(DecodeAt(in.sentence, end, &len));
}

// agreement_modifier(): a word that says what kind of agreement follows.
std::optional<Json> AgreementModifier(const RecipeInput&) {
  Json out = Json::object();
  out["modifier"] = true;
  return out;
}

// country(name, word): a country by its canonical name (default: the
// span). word="katakana": not when the span is inside a longer katakana word.
std::optional<Json> Country(const RecipeInput& in) {
  std::string name(in.Has("name") ? in.Arg("name") : in.span);
  if (name.empty()) return std::nullopt;
  if (in.Has("word")) {
    if (in.Arg("word") != "katakana") return std::nullopt;
    if (InKatakanaWord(in)) return std::nullopt;
  }
  Json out = Json::object();
  out["name"] = name;
  return out;
}

// ---------------------------------------------------------------------------
// Text helpers (UTF-8, byte offsets)

// Entity types, as views: comparing with one is a length test and a
// memcmp, no strlen per comparison.
constexpr std::string_view kOrganization = "organization", kCountry = "country", kDate = "date",
                           kFigure = "figure", kAgreement = "agreement", kAgreementCue = "agreement_cue",
                           kAgreementModifier = "agreement_modifier";

constexpr size_t kNone = std::numeric_limits<size_t>::max();

std::string_view Slice(std::string_view all, size_t b, size_t e) {
  if (b >= all.size()) return {};
  return all.substr(b, e > b ? e - b : 0);
}

// Returns the code point at `pos` and sets *len to its byte length.
char32_t DecodeAt(std::string_view s, size_t pos, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[pos]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (pos + n > s.size()) n = 1;
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  *len = n;
  return cp;
}

// Returns the start of the code point that ends at `pos` (0 for 0).
size_t PrevStart(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
  return p;
}

bool IsKatakana(char32_t c) { return c >= 0x30A0 && c <= 0x30FF; }
bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005; }
bool IsHanOrKatakana(char32_t c) { return IsHan(c) || IsKatakana(c); }

// Returns true when `s` contains hiragana: Japanese grammar applies.
bool HasHiragana(std::string_view s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    // U+3041..U+309F is E3 81 81 .. E3 82 9F.
    if (a == 0xE3 && (b == 0x81 || (b == 0x82 && static_cast<unsigned char>(s[i + 2]) < 0xA0))) return true;
  }
  return false;
}

bool StartsWith(std::string_view s, std::string_view p) {
  // (Inline: the prefixes are a few bytes; a memcmp call costs more.)
  return s.size() >= p.size() && std::equal(p.begin(), p.end(), s.begin());
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Returns `s` without the first prefix of `list` it starts with, or nullopt.
std::optional<std::string_view> EatOne(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view p : list) {
    if (StartsWith(s, p)) return s.substr(p.size());
  }
  return std::nullopt;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------
// Per-sentence reading

// True when date entity `e` carries a deadline or bound ("by 2030",
// "before March", "after"): not when something was agreed.
bool IsBoundedDate(const Entity& e) {
  auto q = e.fields.find("qualifier");  // (looked at in place, not copied)
  return q != e.fields.end() && q->is_string() && (*q == "by" || *q == "before" || *q == "after");
}

// Returns the string value of field `key` of `e` (a view), or `fallback`
// when there is no such field.
std::string_view StringField(const Entity& e, const char* key, std::string_view fallback) {
  auto it = e.fields.find(key);
  return it == e.fields.end() ? fallback : std::string_view(it->get_ref<const std::string&>());
}

// Returns the "name" field of `e`, or "" (a view: no copy per entity).
std::string_view NameField(const Entity& e) {
  constexpr std::string_view kName = "name";  // (a view: found without a strlen per key)
  auto it = e.fields.find(kName);
  return it == e.fields.end() ? std::string_view() : std::string_view(it->get_ref<const std::string&>());
}


// A party candidate in a sentence: an organization or a country mention.
struct Party {
  size_t begin = 0;
  size_t end = 0;  // extended over a parenthetical right after the name ("(JVTA)")
  std::string_view name;  // a view of the entity's name or of the text
  bool country = false;
};

// What a party (or an English list of parties) is to the sentence.
enum class Role {
  kNone,        // "of A", "in A", "A's office", "according to A": not a party
  kPlain,       // no preposition before it: a subject when it precedes the trigger
  kWith,        // "with A", Japanese "Aと", "Aとの間で"
  kBetween,     // "between/among A, B and C"
  kBy,          // "signed by A"
  kSubject,     // Japanese "Aは", "Aが"
};

// Consecutive English parties joined by ",", "and", "as well as"...
struct PartyList {
  size_t first = 0;
  size_t last = 0;
  Role role = Role::kNone;
  size_t possessive_end = kNone;  // after "'s" when the list is possessive
  bool countries_only = false;
};

enum class Reference { kBare, kDefinite, kIndefinite };

// One trigger, read in its sentence.
struct TriggerMention {
  size_t begin = 0;  // trigger span, bytes
  size_t end = 0;
  size_t sentence = 0;
  // (Views of the entities' JSON strings, which outlive the mentions.)
  std::string_view kind;
  std::string_view default_status;  // what the trigger implies, or ""
  std::vector<std::string> parties;  // from the grammar, in order
  int group = 0;                     // "the two firms": 2
  bool group_of_countries = false;
  bool self = false;                 // "the company"/当社 as the subject
  std::string_view self_name;        // 同社: the organization named last before it, or ""
  Reference ref = Reference::kBare;
  std::string_view status;           // from the nearest cue, or ""
  std::string_view date;             // ISO value from the sentence, or ""
  bool ja = false;                   // read with Japanese grammar
  bool explicit_parties = false;     // parties came from the grammar, not from a group cue
  bool between = false;              // "between"/"among" follows the trigger (English)
};

constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `a` and `b` are equal, ignoring ASCII case.
bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Returns true when `w` equals one of `list`, ignoring ASCII case.
bool WordIs(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (EqualFold(x, w)) return true;
  }
  return false;
}

// A set of English words, matched ignoring ASCII case: lengths and first
// letters are tested before any comparison (most words of a text are in
// none of the sets).
template <size_t N>
struct WordSet {
  std::array<std::string_view, N> words{};
  uint64_t lengths = 0;  // bit per word length (< 64)
  uint32_t firsts = 0;   // bit per first letter, a-z (every word starts with one)

  bool Has(std::string_view w) const {
    if (w.empty() || w.size() >= 64 || !((lengths >> w.size()) & 1)) return false;
    const char f = AsciiLower(w[0]);
    if (f < 'a' || f > 'z' || !((firsts >> (f - 'a')) & 1)) return false;
    for (std::string_view x : words) {
      if (EqualFold(x, w)) return true;
    }
    return false;
  }
};

template <size_t N>
constexpr WordSet<N> MakeWordSet(const std::string_view (&words)[N]) {
  WordSet<N> set;
  for (size_t i = 0; i < N; ++i) {
    set.words[i] = words[i];
    set.lengths |= uint64_t{1} << words[i].size();
    set.firsts |= uint32_t{1} << (AsciiLower(words[i][0]) - 'a');
  }
  return set;
}

bool IsWordChar(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '_'; }  // RE2's \w

// A set of ASCII bytes, as a table built at compile time.
struct ByteSet {
  uint64_t bits[2] = {0, 0};
  constexpr explicit ByteSet(std::string_view set) {
    for (char c : set) bits[(c >> 6) & 1] |= uint64_t{1} << (c & 63);
  }
  bool Has(char c) const {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && ((bits[u >> 6] >> (u & 63)) & 1);
  }
};

// Returns where the first byte of `s` in `set` is, or npos (a table, not
// a memchr of the set per byte as std::string_view::find_first_of does).
size_t FindFirstOf(std::string_view s, const ByteSet& set) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (set.Has(s[i])) return i;
  }
  return std::string_view::npos;
}

bool IsRegexSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }  // RE2's \s

// A trigger cue and the span it stands for (trimmed, extended over its
// modifiers).
struct TriggerAt {
  const Entity* cue = nullptr;
  size_t begin = 0;
  size_t end = 0;
};

// Returns true for the text between two parties of one English list:
//   (?i)\s*(?:,\s*(?:WORD\s+)?|WORD\s+)(?:the\s+)?   (FullMatch)
//   WORD = and|&|as well as|along with|together with|plus
// (Read by hand, once per pair of parties: the pattern has no choice
// to go back on, as no WORD starts like "the" and spaces end each part.)
bool IsListSeparator(std::string_view gap) {
  size_t i = 0;
  auto spaces = [&] {
    size_t from = i;
    while (i < gap.size() && IsRegexSpace(gap[i])) ++i;
    return i > from;
  };
  // WORD followed by one space or more.
  auto word = [&] {
    for (std::string_view w : {std::string_view("and"), std::string_view("&"), std::string_view("as well as"),
                               std::string_view("along with"), std::string_view("together with"),
                               std::string_view("plus")}) {
      if (gap.size() - i >= w.size() && EqualFold(gap.substr(i, w.size()), w)) {
        const size_t at = i;
        i += w.size();
        if (spaces()) return true;
        i = at;
      }
    }
    return false;
  };
  if (gap.empty()) return false;
  spaces();
  if (i < gap.size() && gap[i] == ',') {
    ++i;
    spaces();
    word();
  } else if (!word()) {
    return false;
  }
  if (gap.size() - i >= 3 && EqualFold(gap.substr(i, 3), "the")) {
    const size_t at = i;
    i += 3;
    if (!spaces()) i = at;
  }
  // A nationality word before the next party: "A and the Singaporean
  // Ministry of Education" (the word is no party of its own).
  if (i < gap.size() && gap[i] >= 'A' && gap[i] <= 'Z') {
    size_t e = i + 1;
    while (e < gap.size() && gap[e] >= 'a' && gap[e] <= 'z') ++e;
    std::string_view w = gap.substr(i, e - i);
    auto ends = [&](std::string_view suffix) {
      return w.size() > suffix.size() + 2 && w.substr(w.size() - suffix.size()) == suffix;
    };
    bool nationality = ends("an") || ends("ese") || ends("ish") || ends("i") ||
                       WordIs(w, {"Uzbek", "Tajik", "Kazakh", "Kyrgyz", "Turkmen", "Thai", "Swiss", "French", "Dutch",
                                  "Greek"});
    const size_t at = i;
    i = e;
    if (!nationality || !spaces()) i = at;
  }
  return i == gap.size();
}

// Returns the last words of `lead` (up to `max`), nearest first, stopping
// at a word holding , ; . ( ) — a clause or bracket boundary.
// (A few words at most: kept in place, not in a vector per call.)
struct FewWords {
  static constexpr size_t kMax = 8;
  std::array<std::string_view, kMax> words;
  size_t n = 0;
  size_t size() const { return n; }
  std::string_view operator[](size_t k) const { return words[k]; }
  void push_back(std::string_view w) { words[n++] = w; }
};

FewWords LastWords(std::string_view lead, size_t max, bool* hit_boundary) {
  FewWords out;
  max = std::min(max, FewWords::kMax);
  *hit_boundary = false;
  size_t end = lead.size();
  // The lead must end in a space: the list starts a new word.
  if (end == 0 || lead[end - 1] != ' ') {
    *hit_boundary = true;
    return out;
  }
  while (out.size() < max) {
    while (end > 0 && lead[end - 1] == ' ') --end;
    if (end == 0) break;
    size_t b = lead.rfind(' ', end - 1);
    b = b == std::string_view::npos ? 0 : b + 1;
    std::string_view w = lead.substr(b, end - b);
    static constexpr ByteSet kBoundary(",;.()");
    if (FindFirstOf(w, kBoundary) != std::string_view::npos) {
      *hit_boundary = true;
      break;
    }
    out.push_back(w);
    end = b;
  }
  return out;
}

// Returns true when English text between a trigger and a date opens another
// clause ("…, the two governments said, after talks that began in October
// 2024"): the date is that clause's.
bool ClauseBetween(std::string_view between) {
  size_t i = 0;
  while (i < between.size()) {
    while (i < between.size() && !IsAsciiAlpha(between[i])) ++i;
    size_t b = i;
    while (i < between.size() && IsAsciiAlpha(between[i])) ++i;
    if (i > b && WordIs(between.substr(b, i - b), {"after", "before", "since", "following", "when", "while", "which",
                                                  "that", "who", "said", "says", "told", "announced", "added"})) {
      return true;
    }
  }
  return false;
}

// Returns the role of an English list from the words before it.
Role ClassifyLead(std::string_view lead) {
  static constexpr auto kAttaches = MakeWordSet(
      {"in", "at", "from", "for", "to", "on", "by", "into", "over", "against", "should", "would", "will", "could",
       "may", "might", "must", "not", "that", "which", "who", "whose", "as", "is", "are", "was", "were"});
  static constexpr auto kBetween = MakeWordSet({"between", "among", "amongst"});
  static constexpr auto kWith = MakeWordSet({"with", "alongside"});
  static constexpr auto kHelpers = MakeWordSet(
      {"support", "help", "assistance", "participation", "presence", "backing", "attendance", "approval",
       "involvement", "mediation", "cooperation", "witness", "aid", "consent", "permission", "guidance",
       "endorsement", "facilitation"});
  static constexpr auto kBy = MakeWordSet({"by"});
  static constexpr auto kAgreed = MakeWordSet(
      {"signed", "concluded", "inked", "reached", "agreed", "formed", "established", "initialed", "initialled",
       "sealed", "struck", "agreement", "agreements", "memorandum", "memoranda", "accord", "accords", "deal", "deals",
       "MOU", "MOUs", "contract", "contracts"});
  static constexpr auto kNotParty = MakeWordSet(
      {"of", "in", "at", "for", "from", "to", "under", "on", "into", "like", "via", "than", "against", "over",
       "about", "toward", "towards", "across", "within", "throughout", "beyond", "near", "told", "after", "before",
       "during", "since", "until", "by", "per", "amid", "besides", "outside", "inside", "behind", "whose", "as",
       "including"});
  bool boundary = false;
  const FewWords w = LastWords(lead, 7, &boundary);
  // Filler between "with"/"between" and the party: no other preposition
  // or verb, which would attach the party to another phrase ("deals with
  // governments in Turkey", "threats should China …").
  auto attaches_elsewhere = [](std::string_view x) { return kAttaches.Has(x); };
  // "between/among [up to 4 words, e.g. 'three key organizations:'] A, B and C"
  for (size_t k = 0; k < w.size() && k <= 4; ++k) {
    if (kBetween.Has(w[k])) return Role::kBetween;
    if (attaches_elsewhere(w[k])) break;
  }
  // "with [up to 4 words] A": not "with the support of A" (a helper).
  for (size_t k = 0; k < w.size() && k <= 4; ++k) {
    if (!kWith.Has(w[k])) {
      if (attaches_elsewhere(w[k])) break;
      continue;
    }
    bool helper = false;
    for (size_t j = 0; j < k; ++j) helper |= kHelpers.Has(w[j]);
    if (!helper) return Role::kWith;
    break;
  }
  // "signed [up to 2 words] by [up to 2 words] A": the passive's agent.
  for (size_t k = 0; k < w.size() && k <= 2; ++k) {
    if (!kBy.Has(w[k])) continue;
    for (size_t j = k + 1; j < w.size() && j <= k + 3; ++j) {
      if (kAgreed.Has(w[j])) return Role::kBy;
    }
    break;
  }
  // "the presidents/governments/ministers of A and B signed": the
  // officials of a country or organization act for it.
  static constexpr auto kActFor = MakeWordSet(
      {"president", "presidents", "leader", "leaders", "head", "heads", "government", "governments", "minister",
       "ministers", "representatives", "delegation", "delegations", "chiefs", "premiers"});
  if (w.size() >= 2 && w[0] == "of" && kActFor.Has(w[1])) return Role::kPlain;
  // "of/in/for/according to/such as [up to 2 words] A": not a party.
  for (size_t k = 0; k < w.size() && k <= 2; ++k) {
    if (kNotParty.Has(w[k])) return Role::kNone;
  }
  return Role::kPlain;
}

// Returns the byte length of an English possessive at the start of `s`
// ("'s ", "’s "), or 0.
size_t PossessiveLength(std::string_view s) {
  for (std::string_view p : {"'s", "\u2019s", "'", "\u2019"}) {
    if (StartsWith(s, p) && (s.size() == p.size() || s[p.size()] == ' ')) return p.size();
  }
  return 0;
}

// Returns the number of words in `s` if it holds only words (letters,
// hyphens) and spaces, else a large number.
size_t PlainWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!letter && c != ' ') return 99;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words;
}

// Skips Japanese closing quotes, a closing bracket (the party was the
// bracket's: "石川島播磨重工(IHI)と"), spaces, honorific suffixes and "など"
// after a party; returns the rest of the sentence.
std::string_view SkipJaTail(std::string_view s) {
  for (int guard = 0; guard < 6; ++guard) {
    s = TrimSpaces(s);
    auto next = EatOne(s, {"\u300D", "\u300F", "\u201D", "\"", "\u2019", ")", "\u793E" /*社*/, "\u69D8" /*様*/,
                           "\u6BBF" /*殿*/, "\u306A\u3069" /*など*/, "\u7B49" /*等*/});
    if (!next) break;
    s = *next;
  }
  return s;
}

class Reader {
 public:
  Reader(const text::NormText& text, const std::vector<Entity>& entities, const std::vector<Entity>& cues)
      : text_(text), all_(text.text), entities_(entities), cues_(cues) {}

  // Returns the mentions of the triggers in sentence `si` (`triggers`:
  // their cues, by position).
  // Appends the mentions of the triggers in sentence `si` to `*out`.
  void ReadSentence(size_t si, const std::vector<TriggerAt>& triggers, std::vector<TriggerMention>* out) const;
  // Returns the subject phrase of a mention (read for stating mentions only).
  Json Subject(const TriggerMention& m) const {
    const text::Sentence& s = text_.sentences[m.sentence];
    return m.ja ? JapaneseSubject(s, m.begin) : EnglishSubject(s, m.end);
  }

 private:
  std::vector<Party> Parties(const text::Sentence& s) const;
  std::vector<size_t> EnglishParties(const text::Sentence& s, const std::vector<Party>& ps,
                                     const std::vector<PartyList>& lists, size_t tb, size_t te, size_t prev_end,
                                     size_t next_begin, bool* subject) const;
  std::vector<size_t> JapaneseParties(const text::Sentence& s, const std::vector<Party>& ps, size_t tb,
                                      bool* subject) const;
  std::vector<PartyList> Lists(const text::Sentence& s, const std::vector<Party>& ps) const;
  // Returns true when a status cue lies within [b, e) of sentence `s`.
  bool CueBetween(const text::Sentence& s, size_t b, size_t e) const {
    auto [cb, ce] = InSentence(cues_, s);
    for (size_t i = cb; i < ce; ++i) {
      const Entity& c = cues_[i];
      if (c.type == kAgreementCue && c.fields.contains("status") && c.begin >= b && c.end <= e) return true;
    }
    return false;
  }
  Reference EnglishReference(const text::Sentence& s, size_t tb, size_t te) const;
  Reference JapaneseReference(const text::Sentence& s, size_t tb, size_t te) const;
  std::string_view Status(const text::Sentence& s, size_t tb, size_t te, bool ja) const;
  std::string_view Date(const text::Sentence& s, size_t tb, size_t te, bool ja) const;
  // Returns the subject phrase after an English trigger ending at `te`
  // (a view of the text), or nullopt; `start_out` (optional) gets where it
  // starts, or kNone.
  std::optional<std::string_view> EnglishSubjectPhrase(const text::Sentence& s, size_t te, size_t* start_out) const;
  // Returns EnglishSubjectPhrase as JSON: a string or null.
  Json EnglishSubject(const text::Sentence& s, size_t te) const;
  Json JapaneseSubject(const text::Sentence& s, size_t tb) const;

  // Returns the canonical name of the organization 同社 at byte `pos`
  // refers to: the last one before it that was a topic or subject (Xは,
  // X（本社：…）は, Xが), else the last one; never one of `parties`; "" when
  // there is none.
  std::string_view PreviousOrganization(size_t pos, const std::vector<std::string>& parties) const {
    auto it = std::lower_bound(entities_.begin(), entities_.end(), pos,
                               [](const Entity& e, size_t p) { return e.begin < p; });
    std::string_view nearest;
    for (int seen = 0; it != entities_.begin() && seen < 12;) {
      --it;
      if (it->type != kOrganization || it->end > pos) continue;
      std::string_view name = NameField(*it);
      if (name.empty() || std::find(parties.begin(), parties.end(), name) != parties.end()) continue;
      ++seen;
      if (nearest.empty()) nearest = name;
      std::string_view after = Slice(all_, it->end, std::min(all_.size(), it->end + 400));
      for (std::string_view open : {"(", "\uFF08"}) {
        if (StartsWith(after, open)) {
          size_t close = after.find(open == "(" ? ")" : "\uFF09");
          if (close != std::string_view::npos) after.remove_prefix(close + (open == "(" ? 1 : 3));
        }
      }
      if (StartsWith(after, "\u306F") || StartsWith(after, "\u304C")) return name;  // は, が
    }
    return nearest;
  }

  // Returns the indexes of `list`'s items inside sentence `s`.
  std::pair<size_t, size_t> InSentence(const std::vector<Entity>& list, const text::Sentence& s) const {
    auto lo = std::lower_bound(list.begin(), list.end(), s.begin,
                               [](const Entity& e, size_t pos) { return e.begin < pos; });
    auto hi = std::lower_bound(lo, list.end(), s.end, [](const Entity& e, size_t pos) { return e.begin < pos; });
    return {static_cast<size_t>(lo - list.begin()), static_cast<size_t>(hi - list.begin())};
  }

  const text::NormText& text_;
  std::string_view all_;
  const std::vector<Entity>& entities_;
  const std::vector<Entity>& cues_;
};

std::vector<Party> Reader::Parties(const text::Sentence& s) const {
  std::vector<Party> ps;
  auto [eb, ee] = InSentence(entities_, s);
  auto [cb, ce] = InSentence(cues_, s);
  ps.reserve(ee - eb + ce - cb);
  for (size_t i = eb; i < ee; ++i) {
    const Entity& e = entities_[i];
    if (e.type != kOrganization) continue;
    Party p;
    p.begin = e.begin;
    p.end = e.end;
    // The organization's canonical name (entities[].name), so that every
    // mention of it names the same party.
    p.name = NameField(e);  // CanonicalName(e)
    if (p.name.empty()) p.name = Slice(all_, e.begin, e.end);
    ps.push_back(std::move(p));
  }
  // (The organizations found so far are ps[0, orgs).)
  const size_t orgs = ps.size();
  // Returns the word after a space at `at`, or "" when no space is there.
  static constexpr ByteSet kWordEnd(" ,.;:");
  auto word_after = [&](size_t at) {
    if (at + 1 >= all_.size() || all_[at] != ' ') return std::string_view();
    std::string_view next = Slice(all_, at + 1, s.end);
    return next.substr(0, std::min(FindFirstOf(next, kWordEnd), next.size()));
  };
  for (size_t i = cb; i < ce; ++i) {
    const Entity& c = cues_[i];
    if (c.type != kCountry) continue;
    bool inside_org = std::any_of(ps.begin(), ps.begin() + static_cast<std::ptrdiff_t>(orgs),
                                  [&](const Party& o) { return c.begin < o.end && o.begin < c.end; });
    // "Japan-Uzbekistan cooperation", "Vietnam-Japan hubs": a modifier.
    bool hyphened = (c.begin > 0 && all_[c.begin - 1] == '-') || (c.end < all_.size() && all_[c.end] == '-');
    // "Japan Visualmedia Translation Academy", 日本郵船, ベトナム航空: the start
    // of a name or compound no rule found, not the country.
    bool in_name = false;
    if (c.end + 1 < all_.size() && all_[c.end] == ' ' && all_[c.end + 1] >= 'A' && all_[c.end + 1] <= 'Z') {
      // ("Japan Tuesday signed …": a weekday or month is no name.)
      in_name = !WordIs(word_after(c.end), {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                            "Sunday", "January", "February", "March", "April", "May", "June", "July",
                                            "August", "September", "October", "November", "December"});
    } else if (c.end < all_.size()) {
      size_t len = 0;
      in_name = IsHanOrKatakana(DecodeAt(all_, c.end, &len));
    }
    // "モロッコ王国", "ベトナム社会主義共和国": the country's full name.
    size_t full_end = c.end;
    if (in_name) {
      std::string_view after = Slice(all_, c.end, s.end);
      for (std::string_view form : {"\u738B\u56FD" /*王国*/, "\u5171\u548C\u56FD" /*共和国*/, "\u9023\u90A6" /*連邦*/,
                                    "\u5408\u8846\u56FD" /*合衆国*/}) {
        if (StartsWith(after, form)) {
          full_end = c.end + form.size();
          size_t len = 0;
          in_name = full_end < s.end && IsHanOrKatakana(DecodeAt(all_, full_end, &len));
          break;
        }
      }
    }
    // "after a successful Singapore visit": a trip, not a party.
    const bool trip = !in_name && WordIs(word_after(full_end), {"visit", "visits", "trip", "trips", "tour", "leg"});
    if (inside_org || hyphened || in_name || trip) continue;
    Party p;
    p.begin = c.begin;
    p.end = full_end;
    auto name = c.fields.find("name");
    p.name = name != c.fields.end() ? std::string_view(name->get_ref<const std::string&>())
                                    : Slice(all_, c.begin, c.end);
    p.country = true;
    ps.push_back(std::move(p));
  }
  std::sort(ps.begin(), ps.end(), [](const Party& a, const Party& b) { return a.begin < b.begin; });
  // A parenthetical right after a party is part of it: an acronym, another
  // name, 本社：… ; parties inside it are the same party.
  // (Both steps below keep parties in place: the vector only shrinks.)
  size_t kept = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    Party p = ps[i];
    size_t at = p.end;
    if (at < s.end && all_[at] == ' ') ++at;
    std::string_view rest = Slice(all_, at, s.end);
    // A stock code after the name (or after its bracket), as market news
    // writes it: "サンプル<1234.T>と", "サンプル【1234】は", "KDDI(au)<9433.T>".
    auto skip_code = [&]() {
      for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<", ">"}, {"\u3010", "\u3011"}}) {
        if (!StartsWith(rest, open)) continue;
        size_t c = rest.find(close);
        if (c != std::string_view::npos && c <= 16) {
          p.end = at + c + close.size();
          at = p.end;
          rest = Slice(all_, at, s.end);
        }
      }
    };
    skip_code();
    bool ascii = StartsWith(rest, "(");
    if (ascii || StartsWith(rest, "\uFF08")) {
      std::string_view close = ascii ? ")" : "\uFF09";
      size_t c = rest.find(close);
      size_t nested = rest.find(ascii ? "(" : "\uFF08", 1);
      if (c != std::string_view::npos && c <= 300 && (nested == std::string_view::npos || nested > c)) {
        p.end = at + c + close.size();
        while (i + 1 < ps.size() && ps[i + 1].begin < p.end) ++i;
        at = p.end;
        rest = Slice(all_, at, s.end);
        skip_code();
      }
    }
    if (kept > 0 && p.begin < ps[kept - 1].end) continue;  // overlaps the previous one
    ps[kept++] = p;
  }
  ps.resize(kept);
  // "Japan's NTT Data", "Vietnam's FPT": a possessive right before another
  // party modifies it and is no party itself; the two read as one unit.
  kept = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (i + 1 < ps.size()) {
      size_t n = PossessiveLength(Slice(all_, ps[i].end, ps[i + 1].begin));
      if (n > 0 && ps[i].end + n + 1 == ps[i + 1].begin && all_[ps[i + 1].begin - 1] == ' ') {
        ps[i + 1].begin = ps[i].begin;
        continue;
      }
    }
    ps[kept++] = ps[i];
  }
  ps.resize(kept);
  return ps;
}

// True when `s` ends with "according to " or "according to the " (any
// case, any white space after the words): the RE2 pattern
// (?i)\baccording to\s+(?:the\s+)?$ , read backwards by hand.
bool EndsWithAccordingTo(std::string_view s) {
  auto trailing_spaces = [](std::string_view* x) {
    size_t n = 0;
    while (!x->empty() && IsRegexSpace(x->back())) {
      x->remove_suffix(1);
      ++n;
    }
    return n > 0;
  };
  auto ends_with = [](std::string_view x, std::string_view w) {
    return x.size() >= w.size() && EqualFold(x.substr(x.size() - w.size()), w);
  };
  if (!trailing_spaces(&s)) return false;
  if (ends_with(s, "the")) {
    std::string_view before = s.substr(0, s.size() - 3);
    if (trailing_spaces(&before) && ends_with(before, "according to")) {
      s = before;
    }
  }
  if (!ends_with(s, "according to")) return false;
  const size_t at = s.size() - 12;  // \b before "according"
  return at == 0 || !IsWordChar(s[at - 1]);
}

std::vector<PartyList> Reader::Lists(const text::Sentence& s, const std::vector<Party>& ps) const {
  std::vector<PartyList> lists;
  lists.reserve(ps.size());
  for (size_t i = 0; i < ps.size();) {
    size_t j = i;
    while (j + 1 < ps.size()) {
      std::string_view gap = Slice(all_, ps[j].end, ps[j + 1].begin);
      if (!IsListSeparator(gap)) break;
      // "with METI, Uzbekistan's strategy": a possessive after a bare
      // comma starts a new phrase ("A and B's venture" stays one list).
      if (TrimSpaces(gap) == "," && PossessiveLength(Slice(all_, ps[j + 1].end, s.end)) > 0) break;
      // "According to Reuters, Nissan and Renault signed": the source ends
      // at the comma.
      if (TrimSpaces(gap) == "," &&
          EndsWithAccordingTo(Slice(all_, ps[i].begin > 40 ? ps[i].begin - 40 : s.begin, ps[i].begin))) {
        break;
      }
      ++j;
    }
    PartyList l;
    l.first = i;
    l.last = j;
    size_t lead_begin = i > 0 ? ps[i - 1].end : s.begin;
    if (ps[i].begin > lead_begin + 160) lead_begin = ps[i].begin - 160;
    while (lead_begin < ps[i].begin && (static_cast<unsigned char>(all_[lead_begin]) & 0xC0) == 0x80) ++lead_begin;
    l.role = ClassifyLead(Slice(all_, lead_begin, ps[i].begin));
    std::string_view after = Slice(all_, ps[j].end, s.end);
    if (size_t n = PossessiveLength(after); n > 0) {
      l.possessive_end = ps[j].end + n;
      l.role = Role::kNone;  // a modifier unless it stands right before a trigger
    }
    // "DUBAI, United Arab Emirates — …": a dateline, not a subject.
    if (l.role == Role::kPlain &&
        (StartsWith(after, " \u2014") || StartsWith(after, " \u2013") || StartsWith(after, " - ") ||
         StartsWith(after, "\u2014"))) {
      l.role = Role::kNone;
    }
    l.countries_only = true;
    for (size_t k = i; k <= j; ++k) l.countries_only &= ps[k].country;
    lists.push_back(l);
    i = j + 1;
  }
  return lists;
}

std::vector<size_t> Reader::EnglishParties(const text::Sentence& s, const std::vector<Party>& ps,
                                           const std::vector<PartyList>& lists, size_t tb, size_t te,
                                           size_t prev_end, size_t next_begin, bool* subject) const {
  (void)s;
  std::vector<size_t> out;
  auto add = [&](const PartyList& l) {
    for (size_t k = l.first; k <= l.last; ++k) out.push_back(k);
  };
  // "… between A, B and C" after the trigger names every party.
  for (const PartyList& l : lists) {
    size_t b = ps[l.first].begin;
    if (l.role == Role::kBetween && b >= te && b < next_begin) {
      add(l);
      *subject = true;
      return out;
    }
  }
  const PartyList* subj = nullptr;
  const PartyList* poss = nullptr;
  for (const PartyList& l : lists) {
    size_t e = ps[l.last].end;
    // A country is a subject only of a verb of agreeing between it and the
    // trigger ("Uzbekistan reached agreements"; not "US companies … bid for
    // contracts", where it is an adjective).
    if (l.role == Role::kPlain && e <= tb && tb - e <= 200 && (!l.countries_only || CueBetween(s, e, tb))) subj = &l;
    if (l.possessive_end != kNone && l.possessive_end <= tb &&
        PlainWords(Slice(all_, l.possessive_end, tb)) <= 3) {
      poss = &l;
    }
  }
  if (poss && subj && ps[poss->first].begin > ps[subj->last].end) {
    // "A and B's joint venture": the possessive is the subject phrase.
    subj = nullptr;
  }
  if (subj) add(*subj);
  if (poss) add(*poss);
  *subject = subj != nullptr || poss != nullptr;
  bool with_after = false;
  for (const PartyList& l : lists) {
    size_t b = ps[l.first].begin;
    if ((l.role == Role::kWith || l.role == Role::kBy) && b >= te && b < next_begin) {
      add(l);
      with_after |= l.role == Role::kWith;
    }
  }
  if (!with_after) {
    // "Discussions with A resulted in agreements": the nearest "with"
    // before the trigger, after the previous trigger.
    const PartyList* before = nullptr;
    for (const PartyList& l : lists) {
      if (l.role == Role::kWith && ps[l.last].end <= tb && ps[l.first].begin >= prev_end) before = &l;
    }
    if (before) add(*before);
  }
  return out;
}

std::vector<size_t> Reader::JapaneseParties(const text::Sentence& s, const std::vector<Party>& ps, size_t tb,
                                            bool* subject) const {
  // Roles from the particle after each party, right to left so that a list
  // ("A、B、Cと") takes the role of its last member.
  std::vector<Role> roles(ps.size(), Role::kNone);
  // "Aの山田社長は", "Bのジョン・スミス投資大臣と": a party's representative
  // acts for it; the particle after the title is the party's.
  static const RE2 representative(
      R"(^の[\p{Han}\p{Katakana}ー・A-Za-z ]{0,24}?(?:代表取締役社長|代表取締役会長|代表取締役|副社長|社長|会長|CEO|)"
      R"(副大臣|大臣|長官|理事長|副理事長|学長|総長|頭取|支店長|本部長|局長|所長|市長|町長|村長|区長|知事|)"
      R"(首相|大統領|主席|総裁|委員長|理事|代表)(?:である[\p{Han}\p{Katakana}ー・ ]{1,16}?)?(?:氏|様)?)");
  for (size_t k = ps.size(); k-- > 0;) {
    std::string_view rest = SkipJaTail(Slice(all_, ps[k].end, s.end));
    if (StartsWith(rest, "\u306E" /*の*/)) {
      re2::StringPiece in(rest.data(), rest.size());
      if (RE2::Consume(&in, representative)) {
        std::string_view after(in.data(), in.size());
        size_t next_party = k + 1 < ps.size() ? ps[k + 1].begin : kNone;
        // (Not when the phrase runs into the next party.)
        if (next_party == kNone || static_cast<size_t>(after.data() - all_.data()) <= next_party) {
          rest = SkipJaTail(after);
        }
      }
    }
    // A list separator with the next party right after it: that party's
    // role. What the next party is may stand between ("A、それに精密機器
    // メーカー「B」は"): a few name characters and an opening bracket.
    if (auto after = EatOne(rest, {"\u3001" /*、*/, "\u30FB" /*・*/, "\u304A\u3088\u3073" /*および*/,
                                   "\u53CA\u3073" /*及び*/, "\u4E26\u3073\u306B" /*並びに*/, "\u3084" /*や*/, ","})) {
      std::string_view a = *after;
      if (auto more = EatOne(a, {"\u305D\u308C\u306B" /*それに*/, "\u305D\u3057\u3066" /*そして*/,
                                 "\u3055\u3089\u306B" /*さらに*/})) {
        a = *more;
      }
      for (int guard = 0; guard < 3; ++guard) {
        auto q = EatOne(TrimSpaces(a), {"\u300C", "\u300E", "\u201C", "\""});
        if (!q) break;
        a = *q;
      }
      a = TrimSpaces(a);
      size_t pos = static_cast<size_t>(a.data() - all_.data());
      if (k + 1 < ps.size() && pos < ps[k + 1].begin && ps[k + 1].begin - pos <= 45) {
        // A descriptor: name characters only, then an opening bracket.
        std::string_view between = Slice(all_, pos, ps[k + 1].begin);
        bool descriptor = EndsWith(between, "\u300C") || EndsWith(between, "\u300E");
        for (size_t q = 0; descriptor && q < between.size();) {
          size_t len = 0;
          char32_t ch = DecodeAt(between, q, &len);
          descriptor = IsHanOrKatakana(ch) || ch == 0x30FC || ch == 0x300C || ch == 0x300E;
          q += len;
        }
        if (descriptor) pos = ps[k + 1].begin;
      }
      if (k + 1 < ps.size() && pos == ps[k + 1].begin) {
        roles[k] = roles[k + 1];
        continue;
      }
    }
    // "A、B、Cの3社は", "AとBの両社が": the group word names the list.
    if (auto after = EatOne(rest, {"\u306E" /*の*/})) {
      static const RE2 group(R"(^(?:[0-9一二三四五六七八九十]+(?:社|者|機関|団体|行|大学|カ国|か国)|両社|両者|両国))");
      re2::StringPiece in(after->data(), after->size());
      if (RE2::Consume(&in, group)) rest = std::string_view(in.data(), in.size());
    }
    // "AとBの業務協力に関する覚書": B, paired with A by と, is a party too
    // (not a country: "Aと台湾のB" is B of Taiwan).
    if (k > 0 && !ps[k].country && StartsWith(rest, "\u306E" /*の*/) &&
        SkipJaTail(Slice(all_, ps[k - 1].end, ps[k].begin)) == "\u3068" /*と*/) {
      roles[k] = Role::kWith;
      continue;
    }
    if (auto after = EatOne(rest, {"\u3068" /*と*/})) {
      // として, とする, となる, という, とは: not "with".
      if (!EatOne(*after, {"\u3057", "\u3059", "\u306A", "\u3044", "\u306F"})) roles[k] = Role::kWith;
      continue;
    }
    if (EatOne(rest, {"\u306E\u9593\u3067" /*の間で*/, "\u9593\u3067" /*間で*/})) {
      roles[k] = Role::kWith;
      continue;
    }
    // "A・B間の協定": a party of the trigger right after it only
    // ("日・ウズベキスタン間のICT分野における連携" is not).
    if (auto after = EatOne(rest, {"\u306E\u9593\u306E" /*の間の*/, "\u9593\u306E" /*間の*/})) {
      if (static_cast<size_t>(after->data() - all_.data()) == tb) roles[k] = Role::kWith;
      continue;
    }
    if (EatOne(rest, {"\u306F" /*は*/, "\u304C" /*が*/, "\u3082" /*も*/})) roles[k] = Role::kSubject;
  }
  std::vector<size_t> out;
  *subject = false;
  for (size_t k = 0; k < ps.size(); ++k) {
    if (roles[k] == Role::kSubject && ps[k].end <= tb) {
      out.push_back(k);
      *subject = true;
    } else if (roles[k] == Role::kWith) {
      out.push_back(k);
    }
  }
  return out;
}

Reference Reader::EnglishReference(const text::Sentence& s, size_t tb, size_t te) const {
  // The determiner before the trigger, over up to two modifiers ("this
  // tripartite agreement", "a new strategic partnership").
  std::string_view before = Slice(all_, s.begin, tb);
  int skipped = 0;
  while (!before.empty() && skipped <= 2) {
    before = TrimSpaces(before);
    size_t sp = before.find_last_of(' ');
    std::string_view word = sp == std::string_view::npos ? before : before.substr(sp + 1);
    if (word.empty() || !std::all_of(word.begin(), word.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        })) {
      break;
    }
    if (WordIs(word, {"the", "this", "that", "these", "those", "such", "said", "its", "their", "our", "same",
                      "aforementioned"})) {
      return Reference::kDefinite;
    }
    if (WordIs(word, {"a", "an", "another", "several", "many", "some", "other", "more", "various", "numerous",
                      "multiple", "any", "no", "few", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                      "ten"}) ||
        std::isdigit(static_cast<unsigned char>(word[0]))) {
      return Reference::kIndefinite;
    }
    // Words that end the noun phrase: the determiner is not further back.
    if (WordIs(word, {"with", "of", "to", "for", "on", "in", "at", "by", "from", "and", "or", "as", "into", "under",
                      "between", "among", "signed", "reached", "agreed", "formed", "established", "inked",
                      "concluded", "announced", "has", "have", "had", "is", "are", "was", "were", "will", "would",
                      "be", "been"})) {
      break;
    }
    ++skipped;
    before = sp == std::string_view::npos ? std::string_view() : before.substr(0, sp);
  }
  std::string_view t = Slice(all_, tb, te);
  if (size_t paren = t.find('('); paren != std::string_view::npos) t = t.substr(0, paren);
  t = TrimSpaces(t);
  bool plural = (!t.empty() && (t.back() == 's' || t.back() == 'S') && !(t.size() > 1 && t[t.size() - 2] == 's')) ||
                (t.size() >= 9 && (t.substr(t.size() - 9) == "memoranda" || t.substr(t.size() - 9) == "consortia"));
  return plural ? Reference::kIndefinite : Reference::kBare;
}

Reference Reader::JapaneseReference(const text::Sentence& s, size_t tb, size_t te) const {
  std::string_view t = Slice(all_, tb, te);
  // 本提携, 同契約, 本MOU: the prefix is inside the trigger's kanji run.
  if (EatOne(t, {"\u672C" /*本*/, "\u540C" /*同*/, "\u5F53\u8A72" /*当該*/, "\u4ECA\u56DE" /*今回*/})) {
    return Reference::kDefinite;
  }
  std::string_view before = Slice(all_, s.begin, tb);
  for (std::string_view p : {"\u672C" /*本*/, "\u4ECA\u56DE\u306E" /*今回の*/, "\u3053\u306E" /*この*/,
                             "\u305D\u306E" /*その*/, "\u5F53\u8A72" /*当該*/, "\u4E0A\u8A18\u306E" /*上記の*/,
                             "\u524D\u8FF0\u306E" /*前述の*/, "\u4E21\u793E\u306E" /*両社の*/}) {
    if (before.size() >= p.size() && before.substr(before.size() - p.size()) == p) return Reference::kDefinite;
  }
  // この/その with an adjective between: "その強固なパートナーシップ",
  // "この新たな提携".
  std::string_view near = before.substr(before.size() > 18 ? before.size() - 18 : 0);
  if (StartsWith(Slice(all_, PrevStart(all_, tb), tb), "\u306A") /*な*/ &&
      (near.find("\u3053\u306E") != std::string_view::npos || near.find("\u305D\u306E") != std::string_view::npos)) {
    return Reference::kDefinite;
  }
  for (std::string_view p : {"\u8907\u6570\u306E" /*複数の*/, "\u4ED6\u306E" /*他の*/, "\u591A\u304F\u306E" /*多くの*/,
                             "\u69D8\u3005\u306A" /*様々な*/, "\u5404\u7A2E" /*各種*/}) {
    if (before.size() >= p.size() && before.substr(before.size() - p.size()) == p) return Reference::kIndefinite;
  }
  return Reference::kBare;
}

std::string_view Reader::Status(const text::Sentence& s, size_t tb, size_t te, bool ja) const {
  auto [cb, ce] = InSentence(cues_, s);
  const Entity* best_before = nullptr;
  const Entity* best_after = nullptr;
  size_t d_before = kNone, d_after = kNone;
  for (size_t i = cb; i < ce; ++i) {
    const Entity& c = cues_[i];
    if (c.type != kAgreementCue || !c.fields.contains("status")) continue;
    if (c.begin < tb) {
      size_t d = c.end >= tb ? 0 : tb - c.end;
      if (d <= d_before) { d_before = d; best_before = &c; }
    } else {
      size_t d = c.begin >= te ? c.begin - te : 0;
      if (d < d_after) { d_after = d; best_after = &c; }
    }
  }
  // English verbs come before the trigger ("signed an MOU") or, passive,
  // after it ("an agreement was reached"); Japanese verbs follow it.
  const size_t near_before = ja ? 30 : 60, near_after = ja ? 60 : 160;
  const Entity* first = ja ? best_after : best_before;
  const Entity* second = ja ? best_before : best_after;
  size_t d_first = ja ? d_after : d_before, d_second = ja ? d_before : d_after;
  size_t lim_first = ja ? near_after : near_before, lim_second = ja ? near_before : near_after;
  if (first && d_first <= lim_first) return first->fields["status"].get_ref<const std::string&>();
  if (second && d_second <= lim_second) return second->fields["status"].get_ref<const std::string&>();
  return {};
}

std::string_view Reader::Date(const text::Sentence& s, size_t tb, size_t te, bool ja) const {
  auto [eb, ee] = InSentence(entities_, s);
  // A date inside the subject phrase ("agreements on participation in the
  // April conference") is the subject's, not the agreement's: after an
  // English trigger, only dates before the subject phrase count ("signed
  // an MOU at the end of October 2024 to promote …").
  size_t subject_start = kNone;
  bool date_after = false;
  for (size_t i = eb; i < ee; ++i) date_after |= entities_[i].type == kDate && entities_[i].begin >= te;
  if (!ja && date_after) EnglishSubjectPhrase(s, te, &subject_start);
  auto inside_org = [&](const Entity& d) {
    for (size_t i = eb; i < ee; ++i) {
      const Entity& o = entities_[i];
      if (o.type == kOrganization && d.begin < o.end && o.begin < d.end) return true;
    }
    return false;
  };
  std::string_view best;
  size_t best_d = kNone;
  for (size_t i = eb; i < ee; ++i) {
    const Entity& e = entities_[i];
    if (e.type != kDate || !e.fields.contains("value") || !e.fields["value"].is_string()) continue;
    // "by 2030", "before March": a deadline, not when it was agreed.
    if (IsBoundedDate(e)) continue;
    if (inside_org(e)) continue;
    if (!ja && e.begin >= te && ClauseBetween(Slice(all_, te, e.begin))) continue;
    if (e.begin >= te && subject_start != kNone && e.begin >= subject_start) {
      // Within or after the subject phrase, a date still tells when, if a
      // preposition of time introduces it ("… on digital talent in Hanoi on
      // March 3"), not when it modifies a noun ("the April conference").
      std::string_view before = TrimSpaces(Slice(all_, subject_start, e.begin));
      size_t sp = before.find_last_of(' ');
      std::string_view prev = sp == std::string_view::npos ? before : before.substr(sp + 1);
      if (!WordIs(prev, {"on", "in", "at", "during", "since", "from", "until", "of"})) continue;
    }
    std::string_view value = e.fields["value"].get_ref<const std::string&>();
    // The year of a name ("GameFest 2025", "EXPO 2025") is not a date of
    // the agreement: a bare year right after a capitalized word.
    if (value.size() == 4 && e.begin >= 2 && all_[e.begin - 1] == ' ') {
      size_t w = e.begin - 1;
      while (w > s.begin && all_[w - 1] != ' ') --w;
      char c = all_[w];
      if (c >= 'A' && c <= 'Z' && w < e.begin - 1) continue;
    }
    size_t d = e.end <= tb ? tb - e.end : e.begin >= te ? e.begin - te : 0;
    if (d < best_d) {
      best_d = d;
      best = value;
    }
  }
  return best;
}


std::optional<std::string_view> Reader::EnglishSubjectPhrase(const text::Sentence& s, size_t te,
                                                             size_t* start_out) const {
  if (start_out) *start_out = kNone;
  // (Word sets: see WordSet; the words compared are lowercase already.)
  static constexpr auto kFieldWords = MakeWordSet({"field", "fields", "area", "areas"});
  static constexpr auto kAimed = MakeWordSet({"aimed", "focused", "focusing", "aiming"});
  static constexpr auto kAimedAt = MakeWordSet({"at", "on", "to"});
  static constexpr auto kMarkers = MakeWordSet({"on", "to", "for", "regarding", "concerning", "covering"});
  static constexpr auto kNotSubject = MakeWordSet({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                                   "sunday", "today", "tomorrow", "yesterday", "behalf", "the"});
  static constexpr auto kOccasion = MakeWordSet({"sidelines", "occasion", "same"});
  static constexpr auto kClauseWords = MakeWordSet(
      {"is", "are", "was", "were", "will", "would", "shall", "has", "have", "had", "which", "who", "that", "with"});
  static constexpr auto kPlaceOrTime = MakeWordSet({"in", "at", "on", "from", "by", "during", "until", "since"});
  static constexpr auto kPartOf = MakeWordSet({"end", "beginning", "start", "middle"});
  static constexpr auto kRelative = MakeWordSet({"next", "last", "this", "later", "earlier"});
  static constexpr auto kPeriods =
      MakeWordSet({"month", "year", "week", "quarter", "spring", "summer", "autumn", "fall", "winter"});
  static constexpr ByteSet kPhraseEnd(",;:!?\"()");
  // "an MOU on chips", "a deal to cut emissions", "signed at the end of
  // October 2024 to promote …": the phrase after a marker that follows the
  // trigger closely (within 100 bytes; a date or party may come first).
  std::string_view rest = Slice(all_, te, std::min(s.end, te + 400));
  // The words of `rest` as read below: those starting in its first 100
  // bytes (where a marker may be), then 20 more (a phrase has at most 12
  // words, looked at with two words ahead): every test of words.size()
  // below reads the same as with all of them.
  std::vector<std::pair<size_t, size_t>> words;
  words.reserve(48);
  for (size_t i = 0, after = 0; i < rest.size();) {
    while (i < rest.size() && rest[i] == ' ') ++i;
    size_t b = i;
    while (i < rest.size() && rest[i] != ' ') ++i;
    if (i == b) continue;
    if (b >= 100 && ++after > 20) break;
    words.emplace_back(b, i);
  }
  // The words in lower case, as views of one lowered copy of them.
  std::string lowered(rest.substr(0, words.empty() ? 0 : words.back().second));
  for (char& c : lowered) c = AsciiLower(c);
  std::vector<std::string_view> lower;
  lower.reserve(words.size());
  for (const auto& [b, e] : words) {
    // Compared without trailing punctuation: "month." is "month".
    std::string_view w = std::string_view(lowered).substr(b, e - b);
    while (!w.empty() && std::string_view(".,;:!?\")").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
    lower.push_back(w);
  }
  auto word = [&](size_t k) { return lower[k]; };
  auto [eb, ee] = InSentence(entities_, s);
  for (size_t k = 0; k + 1 < words.size() && words[k].first < 100; ++k) {
    const std::string_view w = word(k);
    size_t next = k + 1;
    if (w == "in" && k + 3 < words.size() && word(k + 1) == "the" && word(k + 3) == "of" &&
        kFieldWords.Has(word(k + 2))) {
      next = k + 4;
    } else if (kAimed.Has(w)) {
      if (!kAimedAt.Has(word(k + 1))) continue;
      next = k + 2;
    } else if (!kMarkers.Has(w)) {
      continue;
    }
    if (next >= words.size()) break;
    size_t start = te + words[next].first;
    const std::string_view first = word(next);
    // Not a time or a party: "on Monday", "on March 3", "with METI".
    if (kNotSubject.Has(first) &&
        (first != "the" || (next + 1 < words.size() && kOccasion.Has(word(next + 1))))) {
      continue;
    }
    if (!first.empty() && first[0] >= '0' && first[0] <= '9') continue;
    // "on March 3": a date, not a subject.
    bool date = false;
    for (size_t i = eb; i < ee; ++i) {
      if (entities_[i].begin == start && entities_[i].type == kDate) date = true;
    }
    if (date) continue;
    // The phrase: up to punctuation, the clause's verb or a relative word,
    // a place or time ("in Hanoi", "next month"), a date; at most 12 words.
    size_t stop = next;
    for (size_t j = next; j < words.size() && j < next + 12; ++j) {
      std::string_view raw = rest.substr(words[j].first, words[j].second - words[j].first);
      const std::string_view lw = word(j);
      if (j > next) {
        if (kClauseWords.Has(lw)) {
          break;
        }
        if (j + 1 < words.size() &&
            kPlaceOrTime.Has(lw)) {
          std::string_view n = rest.substr(words[j + 1].first, 1);
          if ((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= '0' && n[0] <= '9') ||
              (word(j + 1) == "the" && j + 2 < words.size() &&
               kPartOf.Has(word(j + 2)))) {
            break;
          }
        }
        if (j + 1 < words.size() && kRelative.Has(lw) &&
            kPeriods.Has(word(j + 1))) {
          break;
        }
        bool date_here = false;
        for (size_t i = eb; i < ee; ++i) {
          if (entities_[i].type == kDate && entities_[i].begin == te + words[j].first) date_here = true;
        }
        if (date_here) break;
      }
      stop = j + 1;
      if (FindFirstOf(raw, kPhraseEnd) != std::string_view::npos || raw.find("\u201D") != std::string_view::npos ||
          (raw.back() == '.' && j + 1 < words.size())) {
        break;
      }
    }
    size_t end = words[stop - 1].second;
    if (start_out) *start_out = start;
    std::string_view phrase = rest.substr(words[next].first, end - words[next].first);
    size_t cut = std::min(FindFirstOf(phrase, kPhraseEnd), phrase.find("\u201D"));
    if (cut != std::string_view::npos) phrase = phrase.substr(0, cut);
    while (!phrase.empty() && (phrase.back() == '.' || phrase.back() == ' ')) phrase.remove_suffix(1);
    // No dangling function word at the end: "… the translation of" -> "… the translation".
    for (bool trimmed = true; trimmed;) {
      trimmed = false;
      size_t sp = phrase.rfind(' ');
      if (sp == std::string_view::npos) break;
      if (WordIs(phrase.substr(sp + 1), {"of", "the", "and", "to", "in", "for", "on", "with", "a", "an", "by", "at",
                                         "as", "or"})) {
        phrase = TrimSpaces(phrase.substr(0, sp));
        trimmed = true;
      }
    }
    if (phrase.size() < 3) return std::nullopt;
    return phrase;
  }
  return std::nullopt;
}

Json Reader::EnglishSubject(const text::Sentence& s, size_t te) const {
  std::optional<std::string_view> phrase = EnglishSubjectPhrase(s, te, nullptr);
  return phrase ? Json(std::string(*phrase)) : Json(nullptr);
}

Json Reader::JapaneseSubject(const text::Sentence& s, size_t tb) const {
  std::string_view before = Slice(all_, s.begin, tb);
  size_t at = kNone;
  for (std::string_view m : {"\u306B\u95A2\u3059\u308B" /*に関する*/, "\u306B\u95A2\u308F\u308B" /*に関わる*/,
                             "\u306B\u4FC2\u308B" /*に係る*/, "\u306B\u3064\u3044\u3066\u306E" /*についての*/,
                             "\u306B\u5411\u3051\u305F" /*に向けた*/, "\u306E\u305F\u3081\u306E" /*のための*/,
                             "\u5206\u91CE\u306E" /*分野の*/, "\u5206\u91CE\u3067\u306E" /*分野での*/,
                             "\u5206\u91CE\u306B\u304A\u3051\u308B" /*分野における*/,
                             "\u9818\u57DF\u306B\u304A\u3051\u308B" /*領域における*/}) {
    if (before.size() >= m.size() && before.substr(before.size() - m.size()) == m) {
      at = before.size() - m.size();  // "ICT分野の提携": "ICT"
      break;
    }
  }
  if (at == kNone) return nullptr;
  // Dates and parties end the phrase: "3月3日、…の育成に関する".
  auto [eb, ee] = InSentence(entities_, s);
  size_t floor = 0;  // offset in `before` the phrase may not cross
  for (size_t i = eb; i < ee; ++i) {
    if (entities_[i].end <= s.begin + at && entities_[i].type != kFigure) floor = std::max(floor, entities_[i].end - s.begin);
  }
  // Back over noun chunks (kanji, katakana, Latin, digits) joined by 、・の
  // および や: "ITアウトソーシング開発、クリエイティブ人材育成、および技術協力".
  auto is_noun = [](char32_t c) {
    return IsHan(c) || IsKatakana(c) || (c < 0x80 && (std::isalnum(static_cast<int>(c)) || c == ' ' || c == '-')) ||
           (c >= 0xFF10 && c <= 0xFF5A);
  };
  static const RE2 date_shape(R"(^[0-9]+(?:年|月|日|年度)(?:[0-9]+(?:月|日))*$)");
  size_t start = at;
  size_t pos = at;
  while (pos > floor) {
    size_t chunk_end = pos;
    while (pos > floor) {
      size_t p = PrevStart(before, pos), len = 0;
      char32_t c = DecodeAt(before, p, &len);
      // A hiragana inside a word, after kanji, is part of it (北ふ頭,
      // 取り組み); particles are not (と, は, を ...).
      bool in_word = false;
      if (!is_noun(c) && c >= 0x3041 && c <= 0x3096 && p > floor &&
          std::u32string_view(U"はがをにでとものへやか").find(c) ==
              std::u32string_view::npos) {
        size_t l2 = 0;
        in_word = IsHan(DecodeAt(before, PrevStart(before, p), &l2));
      }
      if (!is_noun(c) && !in_word) break;
      pos = p;
    }
    if (pos == chunk_end || RE2::FullMatch(before.substr(pos, chunk_end - pos), date_shape)) break;
    start = pos;
    bool joined = false;
    for (std::string_view j : {"\u3001\u304A\u3088\u3073" /*、および*/, "\u3001\u53CA\u3073" /*、及び*/, "\u3001",
                               "\u30FB", "\u306E", "\u304A\u3088\u3073", "\u53CA\u3073", "\u3084"}) {
      if (pos >= j.size() && before.substr(pos - j.size(), j.size()) == j) {
        size_t q = pos - j.size(), len = 0;
        if (q > 0 && is_noun(DecodeAt(before, PrevStart(before, q), &len))) {
          pos = q;
          joined = true;
        }
        break;
      }
    }
    if (!joined) break;
  }
  std::string_view phrase = TrimSpaces(before.substr(start, at - start));
  if (phrase.empty()) return nullptr;
  return std::string(phrase);
}

void Reader::ReadSentence(size_t si, const std::vector<TriggerAt>& triggers, std::vector<TriggerMention>* out) const {
  const text::Sentence& s = text_.sentences[si];
  bool ja = s.lang == text::Lang::kJa || (s.lang != text::Lang::kEn && HasHiragana(Slice(all_, s.begin, s.end)));
  std::vector<Party> ps = Parties(s);
  std::vector<PartyList> lists;
  if (!ja) lists = Lists(s, ps);
  // Group cues in the sentence: "the two firms", 両社, "the company", 当社.
  std::vector<const Entity*> groups;
  auto [cb, ce] = InSentence(cues_, s);
  for (size_t i = cb; i < ce; ++i) {
    if (cues_[i].type == kAgreementCue && cues_[i].fields.contains("count")) groups.push_back(&cues_[i]);
  }
  for (size_t t = 0; t < triggers.size(); ++t) {
    const Entity& trig = *triggers[t].cue;
    const size_t tb = triggers[t].begin, te = triggers[t].end;
    TriggerMention m;
    m.begin = tb;
    m.end = te;
    m.sentence = si;
    m.kind = StringField(trig, "kind", "other");
    if (trig.fields.contains("status") && trig.fields["status"].is_string()) {
      m.default_status = trig.fields["status"].get_ref<const std::string&>();
    }
    bool subject = false;
    std::vector<size_t> idx;
    if (ja) {
      idx = JapaneseParties(s, ps, tb, &subject);
    } else {
      size_t prev_end = t > 0 ? triggers[t - 1].end : s.begin;
      size_t next_begin = t + 1 < triggers.size() ? triggers[t + 1].begin : s.end;
      idx = EnglishParties(s, ps, lists, tb, te, prev_end, next_begin, &subject);
    }
    for (size_t k : idx) {
      if (std::find(m.parties.begin(), m.parties.end(), ps[k].name) == m.parties.end()) {
        m.parties.emplace_back(ps[k].name);
      }
    }
    m.explicit_parties = !m.parties.empty();
    // The group cue nearest to the trigger.
    size_t best = kNone;
    for (const Entity* g : groups) {
      int count = g->fields["count"].get<int>();
      size_t d = g->end <= tb ? tb - g->end : g->begin >= te ? g->begin - te : 0;
      if (count == 1) {
        // "The company signed …", "当社は…": the main actor as the subject.
        if (g->end <= tb && !subject && d < 200) {
          m.self = true;
          if (g->fields.contains("previous")) m.self_name = PreviousOrganization(g->begin, m.parties);
        }
        continue;
      }
      // English: in subject position, or "between/with the two firms".
      if (!ja && g->begin >= te) {
        static const RE2 lead(R"((?i)\b(?:between|among|with|by)\s+$)");
        if (!RE2::PartialMatch(Slice(all_, g->begin > 20 ? g->begin - 20 : 0, g->begin), lead)) continue;
      }
      if (d < best && static_cast<size_t>(count) > m.parties.size()) {
        best = d;
        m.group = count;
        m.group_of_countries = g->fields.value("of", "") == "country";
      }
    }
    m.ref = ja ? JapaneseReference(s, tb, te) : EnglishReference(s, tb, te);
    m.status = Status(s, tb, te, ja);
    m.date = Date(s, tb, te, ja);
    m.ja = ja;
    if (!ja) {
      // "A MoU (…) between A and B", "A MoU on cooperation in education
      // between A and B": the trigger's own phrase names its parties.
      std::string_view after = Slice(all_, te, s.end);
      if (StartsWith(TrimSpaces(after), "(")) {
        after = TrimSpaces(after);
        size_t close = after.find(')');
        if (close != std::string_view::npos) after = after.substr(close + 1);
      }
      after = after.substr(0, std::min(after.find_first_of(",;:"), after.size()));
      m.between = after.find(" between ") != std::string_view::npos || after.find(" among ") != std::string_view::npos;
      // Not a hypothetical one: "An agreement between A and B would help".
      static const RE2 modal(R"(\b(?:would|could|should|might|may|must)\b)");
      if (m.between && RE2::PartialMatch(Slice(all_, s.begin, s.end), modal)) m.between = false;
    }
    out->push_back(std::move(m));
  }
}

// ---------------------------------------------------------------------------
// Joining mentions

int KindRank(std::string_view kind) {
  constexpr std::pair<std::string_view, int> kRanks[] = {{"memorandum", 6}, {"joint_venture", 5}, {"contract", 4},
                                                         {"agreement", 3},  {"partnership", 2},   {"other", 1}};
  for (const auto& [name, rank] : kRanks) {
    if (name == kind) return rank;
  }
  return 0;
}

struct Cluster {
  std::vector<size_t> mentions;  // indexes into the mention list, in order
  std::vector<std::string> parties;
  size_t head = kNone;           // the mention that states it (first with parties)
};

bool Contains(const std::vector<std::string>& a, std::string_view x) {
  return std::find(a.begin(), a.end(), x) != a.end();
}

// Returns true when one party set contains the other.
bool Nested(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return false;
  bool a_in_b = std::all_of(a.begin(), a.end(), [&](const std::string& x) { return Contains(b, x); });
  bool b_in_a = std::all_of(b.begin(), b.end(), [&](const std::string& x) { return Contains(a, x); });
  return a_in_b || b_in_a;
}

// The article's actors by salience: most mentions first, then first seen
// (then by name). Views of the entities' and cues' names.
struct Salience {
  std::vector<std::string_view> organizations;
  std::vector<std::string_view> countries;
};

Salience RankActors(const std::vector<Entity>& entities, const std::vector<Entity>& cues) {
  struct Seen {
    std::string_view name;
    size_t begin;
    size_t order;  // in entity order: ties of name keep it (a stable sort without its buffer)
  };
  std::vector<Seen> orgs, countries;  // in entity order
  std::vector<std::pair<size_t, size_t>> org_spans;
  orgs.reserve(entities.size());
  org_spans.reserve(entities.size());
  for (const Entity& e : entities) {
    if (e.type != kOrganization) continue;
    org_spans.emplace_back(e.begin, e.end);
    std::string_view name = NameField(e);  // CanonicalName(e)
    if (name.empty()) continue;
    orgs.push_back({name, e.begin, orgs.size()});
  }
  for (const Entity& e : cues) {
    if (e.type != kCountry) continue;
    bool inside = std::any_of(org_spans.begin(), org_spans.end(),
                              [&](const auto& o) { return e.begin < o.second && o.first < e.end; });
    if (inside) continue;
    countries.push_back({NameField(e), e.begin, countries.size()});
  }
  // Counts per name (a stable sort by name keeps each name's first
  // mention first), then the names by count, first mention and name.
  auto ranked = [](std::vector<Seen>& seen) {
    std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
      if (a.name != b.name) return a.name < b.name;
      return a.order < b.order;
    });
    struct Count {
      std::string_view name;
      size_t n;
      size_t first;
    };
    std::vector<Count> counts;
    for (size_t i = 0; i < seen.size();) {
      size_t j = i + 1;
      while (j < seen.size() && seen[j].name == seen[i].name) ++j;
      counts.push_back({seen[i].name, j - i, seen[i].begin});
      i = j;
    }
    // (Names are distinct: with the name last, the order is total, as
    // stable_sort over names in order would give.)
    std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
      if (a.n != b.n) return a.n > b.n;
      if (a.first != b.first) return a.first < b.first;
      return a.name < b.name;
    });
    std::vector<std::string_view> names;
    names.reserve(counts.size());
    for (const Count& c : counts) names.push_back(c.name);
    return names;
  };
  return {ranked(orgs), ranked(countries)};
}

// Fills in the parties a group cue or "the company" stands for.
// `actors` is read only when a group cue or "the company" needs it (it
// reads every entity of the text).
void ResolveGroup(TriggerMention& m, const std::vector<Cluster>& clusters,
                  const std::function<const Salience&()>& actors) {
  if (m.group > 0 && m.parties.size() < static_cast<size_t>(m.group)) {
    // The agreement just named, when it has that many parties.
    for (auto it = clusters.rbegin(); it != clusters.rend(); ++it) {
      if (it->parties.size() == static_cast<size_t>(m.group) &&
          std::all_of(m.parties.begin(), m.parties.end(), [&](const std::string& p) { return Contains(it->parties, p); })) {
        m.parties = it->parties;
        break;
      }
    }
    const auto& ranked = m.group_of_countries ? actors().countries : actors().organizations;
    for (std::string_view name : ranked) {
      if (m.parties.size() >= static_cast<size_t>(m.group)) break;
      if (!Contains(m.parties, name)) m.parties.emplace_back(name);
    }
  }
  // "The company signed a contract with B": the main actor with B; alone
  // ("we could have a deal") it names no agreement.
  if (m.self && !m.parties.empty()) {
    if (!m.self_name.empty()) {
      m.parties.insert(m.parties.begin(), std::string(m.self_name));
      return;
    }
    for (std::string_view name : actors().organizations) {
      if (!Contains(m.parties, name)) {
        m.parties.insert(m.parties.begin(), std::string(name));
        break;
      }
    }
  }
}

// True when `d` is an ISO day (YYYY-MM-DD or XXXX-MM-DD).
bool IsFullDay(std::string_view d) { return d.size() == 10 && d[4] == '-' && d[7] == '-'; }

// Returns the first full day a mention of `c` is dated, or "".
std::string_view ClusterDay(const Cluster& c, const std::vector<TriggerMention>& mentions) {
  for (size_t k : c.mentions) {
    if (IsFullDay(mentions[k].date)) return mentions[k].date;
  }
  return {};
}

std::vector<Cluster> Join(std::vector<TriggerMention>& mentions, const std::function<const Salience&()>& actors) {
  std::vector<Cluster> clusters;
  for (size_t i = 0; i < mentions.size(); ++i) {
    TriggerMention& m = mentions[i];
    ResolveGroup(m, clusters, actors);
    // An indefinite mention with no verb of agreeing near it ("a senior vp
    // of partnerships", "still has a partnership with") reports no agreement,
    // unless it names two parties right after it: "An agreement between A
    // and B on …" (an item of a list of documents signed).
    if (m.ref == Reference::kIndefinite && m.status.empty() && m.default_status.empty() &&
        !(m.between && m.explicit_parties && m.parties.size() >= 2)) {
      continue;
    }
    Cluster* target = nullptr;
    if (m.ref == Reference::kDefinite && m.parties.size() == 1 && !clusters.empty() &&
        std::none_of(clusters.begin(), clusters.end(), [&](const Cluster& c) { return Nested(c.parties, m.parties); })) {
      // "今回の提携", "this agreement" with one party that belongs to
      // another phrase of the sentence: the agreement in view, not a new one.
      m.parties.clear();
      m.explicit_parties = false;
    }
    if (m.parties.empty()) {
      if (m.ref == Reference::kIndefinite) continue;  // "several MOUs": none in particular
      // "the MOU": the latest agreement of its kind, else the latest.
      for (auto it = clusters.rbegin(); it != clusters.rend() && !target; ++it) {
        for (size_t k : it->mentions) {
          if (mentions[k].kind == m.kind) {
            target = &*it;
            break;
          }
        }
      }
      if (!target && !clusters.empty()) target = &clusters.back();
    } else {
      for (auto it = clusters.rbegin(); it != clusters.rend(); ++it) {
        if (!Nested(it->parties, m.parties)) continue;
        // The same parties on another day (一つ目 "2024年6月21日には…協定を
        // 締結", then "2025年7月30日、…包括連携協定"): another agreement.
        std::string_view day = ClusterDay(*it, mentions);
        if (IsFullDay(m.date) && IsFullDay(day) && day != m.date) continue;
        target = &*it;
        break;
      }
      // An agreement named before its parties were ("The agreement, signed
      // Monday, …" then "Toyota and Panasonic will …").
      if (!target && !clusters.empty() && clusters.back().parties.empty() && m.ref != Reference::kIndefinite) {
        target = &clusters.back();
      }
    }
    if (!target) {
      clusters.emplace_back();
      target = &clusters.back();
    }
    target->mentions.push_back(i);
    for (const std::string& p : m.parties) {
      if (!Contains(target->parties, p)) target->parties.push_back(p);
    }
    if (target->head == kNone && m.explicit_parties) target->head = i;
  }
  return clusters;
}

// Returns the latest usable date in the sentences just before `si` on the
// same line (a dateline or "On March 3, …" before the agreement's sentence).
std::string_view DateBefore(const text::NormText& text, size_t si,
                            const std::function<std::string_view(size_t)>& date_of) {
  for (size_t k = si, n = 0; k > 0 && n < 2; --k, ++n) {
    const text::Sentence& prev = text.sentences[k - 1];
    const text::Sentence& cur = text.sentences[k];
    std::string_view gap(text.text.data() + prev.end, cur.begin - prev.end);
    if (gap.find('\n') != std::string_view::npos) break;
    std::string_view d = date_of(k - 1);
    if (!d.empty()) return d;
  }
  return {};
}

// True when a sentence dates itself by the one before: 同日 ("the same
// day"), "the same day", "that same day".
bool SaysSameDay(std::string_view sentence) {
  for (std::string_view w : {std::string_view("同日"), std::string_view("the same day"), std::string_view("The same day"),
                             std::string_view("that same day"), std::string_view("That same day")}) {
    if (sentence.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// True when the sentence at `begin` opens a line with a list mark ("- ",
// "– ", "• ", "* "): an item of a list.
bool IsListItem(std::string_view all, size_t begin) {
  size_t line = all.rfind('\n', begin == 0 ? 0 : begin - 1);
  line = line == std::string_view::npos ? 0 : line + 1;
  std::string_view lead = TrimSpaces(all.substr(line, begin - line));
  std::string_view head = all.substr(begin, 4);
  for (std::string_view mark : {std::string_view("-"), std::string_view("\u2013"), std::string_view("\u2022"),
                                std::string_view("*")}) {
    if (lead == mark || (line == begin && StartsWith(head, mark) && head.size() > mark.size() &&
                         head[mark.size()] == ' ')) {
      return true;
    }
  }
  return false;
}

// Returns the latest full date (a day, not a month or year) in the few
// (`window`) sentences before `si`: the day 同日 means.
std::string_view SameDayDate(size_t si, const std::function<std::string_view(size_t)>& date_of, size_t window = 6) {
  for (size_t k = si, n = 0; k > 0 && n < window; --k, ++n) {
    std::string_view d = date_of(k - 1);
    if (IsFullDay(d)) return d;
  }
  return {};
}

}  // namespace

std::vector<RecipeInfo> AgreementRecipes() {
  return {
      {"agreement", AgreementTrigger,
       "agreement(kind, status, verb, compound): an agreement trigger of RECORD.md kind (or \"none\": a blocker); "
       "the status it implies; verb=\"true\": a verb (締結, partnered), a mention only in a sentence without another "
       "trigger; compound=\"書式\": not when a kanji/katakana follows, but these"},
      {"agreement_status", AgreementStatus, "agreement_status(status): a cue word: signed, reached, planned or proposed"},
      {"agreement_parties", AgreementParties,
       "agreement_parties(count, of): words standing for `count` parties (of organization or country)"},
      {"agreement_modifier", AgreementModifier,
       "agreement_modifier(): a word before a trigger that says what kind of agreement it is (kept in its text)"},
      {"country", Country,
       "country(name, word): a country by its canonical name (default: the span); word=\"katakana\": not inside a "
       "longer katakana word"},
  };
}

std::vector<Agreement> FindAgreements(const text::NormText& text, const std::vector<Entity>& entities,
                                      const std::vector<Entity>& cues) {
  std::string_view all(text.text);
  // No trigger, no agreement: most texts end here.
  if (std::none_of(cues.begin(), cues.end(), [](const Entity& c) { return c.type == kAgreement; })) return {};
  std::vector<std::pair<size_t, size_t>> orgs;
  orgs.reserve(entities.size());
  for (const Entity& e : entities) {
    if (e.type == kOrganization) orgs.emplace_back(e.begin, e.end);
  }
  // Triggers by sentence, trimmed off organization names: a trigger inside
  // a name ("Alliance for Global Market Expansion") is none; a Japanese
  // kanji run that took in the end of a name gives it back.
  struct SentenceTriggers {
    size_t sentence;
    std::vector<TriggerAt> triggers;
  };
  std::vector<SentenceTriggers> by_sentence;  // by sentence (cues come in text order)
  // Modifier cues as (end offset, begin offset), sorted by end; of two
  // with one end, the later cue counts (as a map assigned in cue order).
  std::vector<std::pair<size_t, size_t>> modifiers;
  for (const Entity& c : cues) {
    if (c.type == kAgreementModifier) modifiers.emplace_back(c.end, c.begin);
  }
  std::stable_sort(modifiers.begin(), modifiers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto modifiers_end = [&](size_t end) -> const size_t* {
    auto it = std::upper_bound(modifiers.begin(), modifiers.end(), end,
                               [](size_t x, const std::pair<size_t, size_t>& m) { return x < m.first; });
    return it == modifiers.begin() || std::prev(it)->first != end ? nullptr : &std::prev(it)->second;
  };
  for (const Entity& c : cues) {
    if (c.type != kAgreement || IsBlocker(c)) continue;
    size_t b = c.begin, e = c.end;
    for (const auto& [ob, oe] : orgs) {
      if (ob >= e || oe <= b) continue;
      if (ob <= b) b = std::max(b, oe);
      else e = std::min(e, ob);
    }
    while (b < e && all[b] == ' ') ++b;
    while (e > b && all[e - 1] == ' ') --e;
    if (e <= b || e - b < 2) continue;
    const text::Sentence& s = text.sentences[c.sentence];
    // English modifiers right before the head: "strategic partnership",
    // "free trade agreement" (cue.modifier), up to a name.
    for (bool grew = true; grew;) {
      grew = false;
      size_t gap = b;
      if (gap > s.begin && (all[gap - 1] == ' ' || all[gap - 1] == '-')) --gap;
      for (const size_t* m = modifiers_end(gap); m; m = nullptr) {
        size_t mb = *m;
        if (std::none_of(orgs.begin(), orgs.end(), [&](const auto& o) { return o.first < gap && mb < o.second; })) {
          b = mb;
          grew = true;
        }
      }
    }
    // A Japanese compound's modifiers: the kanji/katakana run before the
    // head (戦略的パートナーシップ覚書, 資本業務提携, 本MOU), up to a name.
    while (b > s.begin) {
      size_t p = PrevStart(all, b), len = 0;
      char32_t ch = DecodeAt(all, p, &len);
      if (!IsHan(ch) && !IsKatakana(ch)) break;
      if (std::any_of(orgs.begin(), orgs.end(), [&](const auto& o) { return o.first <= p && p < o.second; })) break;
      b = p;
    }
    auto entry = by_sentence.rbegin();  // the sentence's entry: the last one, as cues come in order
    while (entry != by_sentence.rend() && entry->sentence != c.sentence) ++entry;
    if (entry == by_sentence.rend()) {
      by_sentence.push_back({c.sentence, {}});
      entry = by_sentence.rbegin();
    }
    entry->triggers.push_back({&c, b, e});
  }
  std::stable_sort(by_sentence.begin(), by_sentence.end(),
                   [](const SentenceTriggers& x, const SentenceTriggers& y) { return x.sentence < y.sentence; });
  // A verb trigger (締結, "partnered with") is the verb of another trigger
  // of its sentence when there is one ("協定が締結された"); a trigger inside
  // another's extended text ("partnership" in "partnership agreement") is
  // part of that one.
  for (SentenceTriggers& entry : by_sentence) {
    std::vector<TriggerAt>& list = entry.triggers;
    for (size_t k = list.size(); k-- > 0;) {
      bool inside = false;
      for (size_t o = 0; o < list.size(); ++o) {
        if (o != k && list[o].begin <= list[k].begin && list[k].end <= list[o].end &&
            (list[o].begin != list[k].begin || list[o].end != list[k].end)) {
          inside = true;
        }
      }
      if (inside) list.erase(list.begin() + static_cast<long>(k));
    }
    auto is_verb = [](const TriggerAt& t) { return t.cue->fields.value("verb", false); };
    if (!std::all_of(list.begin(), list.end(), is_verb) && std::any_of(list.begin(), list.end(), is_verb)) {
      for (size_t k = list.size(); k-- > 0;) {
        if (is_verb(list[k])) list.erase(list.begin() + static_cast<long>(k));
      }
    }
  }
  if (by_sentence.empty()) return {};

  Reader reader(text, entities, cues);
  std::vector<TriggerMention> mentions;
  size_t trigger_count = 0;
  for (const SentenceTriggers& entry : by_sentence) trigger_count += entry.triggers.size();
  mentions.reserve(trigger_count);
  for (const SentenceTriggers& entry : by_sentence) reader.ReadSentence(entry.sentence, entry.triggers, &mentions);
  std::optional<Salience> salience;  // ranked on first use
  std::function<const Salience&()> actors = [&]() -> const Salience& {
    if (!salience) salience = RankActors(entities, cues);
    return *salience;
  };
  std::vector<Cluster> clusters = Join(mentions, actors);

  std::map<size_t, std::string_view> sentence_dates;  // for DateBefore
  auto date_of = [&](size_t si) -> std::string_view {
    auto it = sentence_dates.find(si);
    if (it != sentence_dates.end()) return it->second;
    const text::Sentence& s = text.sentences[si];
    // Any usable date of the sentence: the one nearest its end.
    std::string_view d;
    for (const Entity& e : entities) {
      if (e.type == kDate && e.begin >= s.begin && e.end <= s.end && e.fields.contains("value") &&
          e.fields["value"].is_string()) {
        if (IsBoundedDate(e)) continue;
        d = e.fields["value"].get_ref<const std::string&>();
      }
    }
    sentence_dates[si] = d;
    return d;
  };

  std::vector<Agreement> out;
  for (const Cluster& c : clusters) {
    if (c.parties.empty()) continue;
    size_t head = c.head != kNone ? c.head : c.mentions.front();
    // The head first, then the others in text order.
    std::vector<size_t> order{head};
    for (size_t k : c.mentions) {
      if (k != head) order.push_back(k);
    }
    const TriggerMention& h = mentions[head];
    Agreement a;
    std::string_view kind = h.kind;
    for (size_t k : c.mentions) {
      if (KindRank(mentions[k].kind) > KindRank(kind)) kind = mentions[k].kind;
    }
    a.kind = kind;
    a.begin = h.begin;
    a.end = h.end;
    a.parties = c.parties;
    std::string_view status;
    for (size_t k : order) {
      if (status.empty()) status = mentions[k].status;
    }
    for (size_t k : order) {
      if (status.empty()) status = mentions[k].default_status;
    }
    a.status = status.empty() ? std::string_view("signed") : status;
    std::string_view date;
    for (size_t k : order) {
      if (date.empty()) date = mentions[k].date;
    }
    const text::Sentence& s = text.sentences[h.sentence];
    if (date.empty() && SaysSameDay(all.substr(s.begin, s.end - s.begin))) {
      date = SameDayDate(h.sentence, date_of);
    }
    if (date.empty()) date = DateBefore(text, h.sentence, date_of);
    // An item of a list of documents signed ("- Agreement between A and
    // B on …") takes the day of the ceremony told before the list.
    if (date.empty() && IsListItem(all, s.begin)) date = SameDayDate(h.sentence, date_of, 12);
    a.date = date.empty() ? Json(nullptr) : Json(std::string(date));
    a.subject = reader.Subject(h);
    a.sentence = std::string(all.substr(s.begin, s.end - s.begin));
    for (size_t k : c.mentions) a.mentions.push_back(resolve::Mention{mentions[k].begin, mentions[k].end});
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const Agreement& x, const Agreement& y) { return x.begin < y.begin; });
  return out;
}

}  // namespace kiji::resolve
