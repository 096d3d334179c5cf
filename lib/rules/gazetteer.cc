#include "rules/gazetteer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "text/text.h"

namespace kiji::rules {
namespace {

constexpr std::string_view kOrgHeader = "canonical\tenglish\tjapanese\tacronyms\tkind\tcountry";
constexpr std::string_view kNonOrgHeader = "names\tkind\tcountry";
constexpr std::string_view kOrgKinds[] = {"government", "international", "company",
                                          "university", "association", "institute"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

using text::CodePointBefore;
using text::IsKatakana;
using text::NextCodePoint;

// Legal forms written after a Latin name, lowercase, without dots.
constexpr std::string_view kLatinLegalForms[] = {
    "inc", "incorporated", "ltd", "limited", "co", "corp", "corporation", "company", "llc", "plc", "ag",
    "gmbh", "sa", "jsc", "pjsc", "ojsc", "nv", "bv", "kk", "pte", "pvt", "llp", "spa", "tbk", "bhd"};
// Japanese legal forms, written before or after the name.
constexpr std::string_view kJaLegalBoth[] = {"株式会社", "(株)", "有限会社", "(有)", "合同会社", "合資会社", "合名会社"};
// Japanese legal-person prefixes.
constexpr std::string_view kJaLegalPrefix[] = {
    "国立研究開発法人", "特定非営利活動法人", "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人",
    "独立行政法人",     "国立大学法人",       "社会福祉法人", "学校法人",     "医療法人",     "NPO法人"};

// kJaLegalPrefix as they appear in a key (lowercase).
constexpr std::string_view kJaLegalPrefixKey[] = {
    "国立研究開発法人", "特定非営利活動法人", "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人",
    "独立行政法人",     "国立大学法人",       "社会福祉法人", "学校法人",     "医療法人",     "npo法人"};

// Per first letter (a-z), bit n set when a Latin legal form of n letters
// starts with it: most words are passed over without a comparison.
constexpr std::array<uint64_t, 26> kLatinLegalFormShapes = [] {
  std::array<uint64_t, 26> bits{};
  for (std::string_view f : kLatinLegalForms) bits[static_cast<size_t>(f[0] - 'a')] |= uint64_t{1} << f.size();
  return bits;
}();

bool IsLatinLegalForm(std::string_view word) {
  while (!word.empty() && word.back() == '.') word.remove_suffix(1);
  if (word.empty() || word.size() >= 64) return false;
  const char first = static_cast<char>(word[0] | 0x20);  // lowercase for letters
  if (first < 'a' || first > 'z' || !((kLatinLegalFormShapes[static_cast<size_t>(first - 'a')] >> word.size()) & 1)) {
    return false;
  }
  for (std::string_view f : kLatinLegalForms) {
    if (AsciiEqualFold(word, f)) return true;
  }
  return false;
}

// Adds the ", and" / " and" twin of a name that lists with commas, and the
// ’ / ' twin of a name with an apostrophe.
void AddVariants(const std::string& name, std::vector<std::string>* out) {
  out->push_back(name);
  size_t and_at = name.rfind(" and ");
  if (and_at != std::string::npos && name.find(", ") < and_at) {
    if (and_at > 0 && name[and_at - 1] == ',') {
      out->push_back(name.substr(0, and_at - 1) + name.substr(and_at));
    } else {
      out->push_back(name.substr(0, and_at) + "," + name.substr(and_at));
    }
  }
  size_t n = out->size();
  for (size_t i = 0; i < n; ++i) {
    std::string v = (*out)[i];
    size_t at = v.find('\'');
    if (at == std::string::npos) continue;
    while (at != std::string::npos) {
      v.replace(at, 1, "\u2019");
      at = v.find('\'', at);
    }
    out->push_back(v);
  }
}


}  // namespace

bool HasJapanese(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t c = NextCodePoint(s, &i);
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        c == 0x3005 || (c >= 0xFF66 && c <= 0xFF9F)) {
      return true;
    }
  }
  return false;
}

std::string_view StripLegalForm(std::string_view name) {
  std::string_view s = Trim(name);
  // Japanese forms start with a kanji ("株式会社") or "(" ("(株)"); only
  // look for them when the name has such a byte at either end.
  auto maybe_ja = [](std::string_view x) {
    return !x.empty() && (static_cast<unsigned char>(x.front()) >= 0xE0 || x.front() == '(' || x.front() == 'N' ||
                          static_cast<unsigned char>(x.back()) >= 0x80 || x.back() == ')');
  };
  bool changed = true;
  while (changed) {
    changed = false;
    if (maybe_ja(s)) {
      for (std::string_view f : kJaLegalBoth) {
        if (s.size() > f.size() && s.substr(0, f.size()) == f) { s = Trim(s.substr(f.size())); changed = true; }
        if (s.size() > f.size() && s.substr(s.size() - f.size()) == f) { s = Trim(s.substr(0, s.size() - f.size())); changed = true; }
      }
      for (std::string_view f : kJaLegalPrefix) {
        if (s.size() > f.size() && s.substr(0, f.size()) == f) { s = Trim(s.substr(f.size())); changed = true; }
      }
    }
    // A trailing Latin legal form: "X Inc.", "X, Inc.", "X Co., Ltd."
    size_t sp = s.size();  // s.find_last_of(" ,"), without a memchr per byte
    while (sp > 0 && s[sp - 1] != ' ' && s[sp - 1] != ',') --sp;
    sp = sp == 0 ? std::string_view::npos : sp - 1;
    if (sp != std::string_view::npos && sp > 0 && IsLatinLegalForm(s.substr(sp + 1))) {
      std::string_view rest = s.substr(0, sp);
      while (!rest.empty() && (rest.back() == ',' || rest.back() == ' ')) rest.remove_suffix(1);
      if (!rest.empty()) { s = rest; changed = true; }
    }
  }
  return s.empty() ? Trim(name) : s;
}

namespace {

// True when `s` starts (ends) with `f`; the first byte is tested before the
// rest (most names start with none of the legal forms' bytes).
bool HasPrefix(std::string_view s, std::string_view f) {
  return s.size() >= f.size() && s[0] == f[0] && s.compare(0, f.size(), f) == 0;
}
bool HasSuffix(std::string_view s, std::string_view f) {
  return s.size() >= f.size() && s.back() == f.back() && s.compare(s.size() - f.size(), f.size(), f) == 0;
}

// What NameKey does with an ASCII byte: write a byte (>= 0: the byte
// lowercased), drop it, fold it into a space, or write " and " (for "&").
constexpr int8_t kDrop = -1, kSpace = -2, kAmpersand = -3;
constexpr std::array<int8_t, 128> kAsciiKeyAction = [] {
  std::array<int8_t, 128> a{};
  for (int c = 0; c < 128; ++c) a[c] = static_cast<int8_t>(c);
  for (int c = 'A'; c <= 'Z'; ++c) a[c] = static_cast<int8_t>(c - 'A' + 'a');
  a['&'] = kAmpersand;
  // Dots and commas separate words too ("Co.,Ltd.").
  for (char c : {' ', '-', '/', '\t', '\n', '_', '.', ','}) a[static_cast<unsigned char>(c)] = kSpace;
  for (char c : {'\'', '"', '(', ')', '[', ']', ':', ';', '!', '?'}) a[static_cast<unsigned char>(c)] = kDrop;
  return a;
}();

}  // namespace

std::string_view NameKeyInto(std::string_view name, std::string* buf) {
  std::string& s = *buf;
  s.clear();
  // "(株)" and "(有)" lose their brackets below: take them out whole first
  // (repeatedly, as a removal may join a new mark).
  std::string unmarked;
  if (name.find('(') != std::string_view::npos &&
      (name.find("(株)") != std::string_view::npos || name.find("(有)") != std::string_view::npos)) {
    unmarked = std::string(name);
    for (std::string_view mark : {std::string_view("(株)"), std::string_view("(有)")}) {
      for (size_t at = unmarked.find(mark); at != std::string::npos; at = unmarked.find(mark)) unmarked.erase(at, mark.size());
    }
    name = unmarked;
  }
  // Written through a pointer into room for the longest key ("&" is the
  // longest expansion: " and "), then cut to size.
  s.resize(name.size() * 5);
  char* const out = s.data();
  size_t n = 0;
  bool japanese = false, ascii_only = true;
  auto space = [out, &n] {
    if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
  };
  for (size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      ++i;
      const int8_t action = kAsciiKeyAction[c];
      if (action >= 0) {
        out[n++] = static_cast<char>(action);
      } else if (action == kSpace) {
        space();
      } else if (action == kAmpersand) {
        space();
        std::memcpy(out + n, "and ", 4);
        n += 4;
      }
      continue;
    }
    ascii_only = false;
    size_t start = i;
    char32_t cp = NextCodePoint(name, &i);
    switch (cp) {
      case 0x2019: case 0x2018: case 0x201C: case 0x201D:  // quotes
      case 0x30FB:                                          // ・
      case 0x300C: case 0x300D: case 0x300E: case 0x300F:  // 「」『』
        break;
      case 0x2013: case 0x2014: case 0x3001:  // dashes, 、
        space();
        break;
      default:
        if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
            cp == 0x3005 || (cp >= 0xFF66 && cp <= 0xFF9F)) {
          japanese = true;
        }
        std::memcpy(out + n, name.data() + start, i - start);
        n += i - start;
    }
  }
  s.resize(n);
  std::string_view k = s;
  while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
  if (k.size() > 4 && k.substr(0, 4) == "the ") k.remove_prefix(4);
  // Legal forms (on the key: lowercase, without dots).
  for (bool changed = true; changed;) {
    changed = false;
    size_t sp = k.rfind(' ');
    if (sp != std::string_view::npos && IsLatinLegalForm(k.substr(sp + 1))) {
      k = k.substr(0, sp);
      changed = true;
    }
    if (ascii_only) continue;
    for (std::string_view f : kJaLegalBoth) {
      if (k.size() > f.size() && HasPrefix(k, f)) { k.remove_prefix(f.size()); changed = true; }
      if (k.size() > f.size() && HasSuffix(k, f)) { k.remove_suffix(f.size()); changed = true; }
    }
    for (std::string_view f : kJaLegalPrefixKey) {
      if (k.size() > f.size() && HasPrefix(k, f)) { k.remove_prefix(f.size()); changed = true; }
    }
    while (!k.empty() && k.front() == ' ') k.remove_prefix(1);
    while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
  }
  // The key in place: `k` is a part of `s`.
  const size_t from = static_cast<size_t>(k.data() - s.data()), len = k.size();
  s.resize(from + len);
  s.erase(0, from);
  if (japanese) s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::string NameKey(std::string_view name) {
  std::string key;
  NameKeyInto(name, &key);
  return key;
}

std::vector<std::string> OrgEntry::AllNames() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  add(canonical);
  for (const auto& n : english) add(n);
  for (const auto& n : japanese) add(n);
  for (const auto& n : acronyms) add(n);
  return out;
}

Status Gazetteer::Add(const RuleSource& source, const std::string& origin) {
  const std::string file = origin + "/" + source.name;
  std::string_view text = source.text;
  int line_no = 0;
  enum class Table { kUnknown, kOrgs, kNonOrgs } table = Table::kUnknown;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    const std::string where = file + ":" + std::to_string(line_no);
    if (table == Table::kUnknown) {
      if (line == kOrgHeader) table = Table::kOrgs;
      else if (line == kNonOrgHeader) table = Table::kNonOrgs;
      else {
        return MakeError(ErrorCode::kBadRuleFile, where,
                         "a gazetteer table starts with its header: '" + std::string(kOrgHeader) + "' or '" +
                             std::string(kNonOrgHeader) + "' (TAB-separated)");
      }
      continue;
    }
    std::vector<std::string_view> cols = Split(line, '\t');
    for (auto& c : cols) c = Trim(c);
    Status st = table == Table::kOrgs ? AddOrgRow(cols, where) : AddNonOrgRow(cols, where);
    if (!st.ok()) return st;
  }
  if (table == Table::kUnknown) return MakeError(ErrorCode::kBadRuleFile, file, "empty gazetteer table (no header)");
  return Ok{};
}

Status Gazetteer::AddOrgRow(const std::vector<std::string_view>& cols, const std::string& where) {
  if (cols.size() != 6) {
    return MakeError(ErrorCode::kBadRuleFile, where,
                     "expected 6 TAB-separated columns (canonical, english, japanese, acronyms, kind, country), got " +
                         std::to_string(cols.size()));
  }
  OrgEntry e;
  e.canonical = std::string(cols[0]);
  e.kind = std::string(cols[4]);
  e.country = std::string(cols[5]);
  e.where = where;
  if (e.canonical.empty()) return MakeError(ErrorCode::kBadRuleFile, where, "empty canonical name");
  if (std::find(std::begin(kOrgKinds), std::end(kOrgKinds), e.kind) == std::end(kOrgKinds)) {
    return MakeError(ErrorCode::kBadRuleFile, where,
                     "unknown kind '" + e.kind + "' (government, international, company, university, association, institute)");
  }
  bool country_ok = e.country == "INT" || (e.country.size() == 2 && e.country[0] >= 'A' && e.country[0] <= 'Z' &&
                                           e.country[1] >= 'A' && e.country[1] <= 'Z');
  if (!country_ok) {
    return MakeError(ErrorCode::kBadRuleFile, where, "country must be an ISO 3166 alpha-2 code or INT: '" + e.country + "'");
  }
  auto list = [&](std::string_view col, std::vector<std::string>* out, const char* what) -> Status {
    if (col.empty()) return Ok{};
    for (std::string_view item : Split(col, '|')) {
      std::string_view t = Trim(item);
      if (t.empty()) return MakeError(ErrorCode::kBadRuleFile, where, std::string("empty item in the ") + what + " list");
      out->emplace_back(t);
    }
    return Ok{};
  };
  if (Status s = list(cols[1], &e.english, "english"); !s.ok()) return s;
  if (Status s = list(cols[2], &e.japanese, "japanese"); !s.ok()) return s;
  if (Status s = list(cols[3], &e.acronyms, "acronyms"); !s.ok()) return s;
  for (const std::string& n : e.english) {
    if (HasJapanese(n)) return MakeError(ErrorCode::kBadRuleFile, where, "Japanese text in the english column: '" + n + "'");
  }
  for (const std::string& n : e.japanese) {
    if (!HasJapanese(n)) return MakeError(ErrorCode::kBadRuleFile, where, "no Japanese text in the japanese column: '" + n + "'");
  }
  for (const std::string& a : e.acronyms) {
    bool upper = false, ascii = true;
    for (char c : a) {
      if (c >= 'A' && c <= 'Z') upper = true;
      if (static_cast<unsigned char>(c) >= 0x80 || c == ' ') ascii = false;
    }
    if (!upper || !ascii) {
      return MakeError(ErrorCode::kBadRuleFile, where, "an acronym is one ASCII word with a capital letter: '" + a + "'");
    }
  }
  size_t index = orgs_.size();
  for (const std::string& n : e.AllNames()) {
    std::string key = NameKey(n);
    if (key.empty()) return MakeError(ErrorCode::kBadRuleFile, where, "name '" + n + "' has no letters");
    const int32_t other_index = org_keys_.Find(key);
    if (other_index >= 0 && static_cast<size_t>(other_index) != index) {
      const OrgEntry& other = orgs_[static_cast<size_t>(other_index)];
      return MakeError(ErrorCode::kBadRuleFile, where,
                       "name '" + n + "' already names " + other.canonical + " (" + other.where + ")");
    }
    if (non_org_keys_.Find(key) >= 0) {
      return MakeError(ErrorCode::kBadRuleFile, where, "name '" + n + "' is listed as not an organization");
    }
    org_keys_.Set(key, static_cast<int32_t>(index));
  }
  orgs_.push_back(std::move(e));
  return Ok{};
}

Status Gazetteer::AddNonOrgRow(const std::vector<std::string_view>& cols, const std::string& where) {
  if (cols.size() != 3) {
    return MakeError(ErrorCode::kBadRuleFile, where,
                     "expected 3 TAB-separated columns (names, kind, country), got " + std::to_string(cols.size()));
  }
  static const std::pair<std::string_view, NonOrgKind> kKinds[] = {
      {"country", NonOrgKind::kCountry}, {"region", NonOrgKind::kRegion}, {"city", NonOrgKind::kCity},
      {"generic", NonOrgKind::kGeneric}, {"event", NonOrgKind::kEvent},   {"lead", NonOrgKind::kLead},
      {"title", NonOrgKind::kTitle},     {"head", NonOrgKind::kHead}};
  NonOrgEntry entry;
  bool found = false;
  for (const auto& [name, kind] : kKinds) {
    if (cols[1] == name) { entry.kind = kind; found = true; }
  }
  if (!found) {
    return MakeError(ErrorCode::kBadRuleFile, where,
                     "unknown kind '" + std::string(cols[1]) + "' (country, region, city, generic, head, event, lead, title)");
  }
  entry.country = std::string(cols[2]);
  if (!entry.country.empty() && !(entry.country.size() == 2 && entry.country[0] >= 'A' && entry.country[0] <= 'Z' &&
                                  entry.country[1] >= 'A' && entry.country[1] <= 'Z')) {
    return MakeError(ErrorCode::kBadRuleFile, where, "country must be an ISO 3166 alpha-2 code or empty: '" + entry.country + "'");
  }
  if (cols[0].empty()) return MakeError(ErrorCode::kBadRuleFile, where, "no names");
  for (std::string_view item : Split(cols[0], '|')) {
    std::string_view t = Trim(item);
    if (t.empty()) return MakeError(ErrorCode::kBadRuleFile, where, "empty item in the names list");
    std::string key = NameKey(t);
    if (key.empty()) return MakeError(ErrorCode::kBadRuleFile, where, "name '" + std::string(t) + "' has no letters");
    const int32_t org = org_keys_.Find(key);
    if (org >= 0) {
      const OrgEntry& named = orgs_[static_cast<size_t>(org)];
      return MakeError(ErrorCode::kBadRuleFile, where,
                       "'" + std::string(t) + "' names the organization " + named.canonical + " (" + named.where + ")");
    }
    const int32_t known = non_org_keys_.Find(key);
    if (known >= 0) {
      const NonOrgEntry& other = non_orgs_[static_cast<size_t>(known)];
      if (other.kind != entry.kind || other.country != entry.country) {
        return MakeError(ErrorCode::kBadRuleFile, where,
                         "'" + std::string(t) + "' is listed twice with different kinds");
      }
      continue;  // the same entry again
    }
    non_org_keys_.Set(key, static_cast<int32_t>(non_orgs_.size()));
    non_orgs_.push_back(entry);
  }
  return Ok{};
}

size_t Gazetteer::KeyIndex::EdgeBit(std::string_view key) {
  uint64_t h = key.size();
  for (size_t i = 0; i < key.size() && i < 3; ++i) h = h * 257 + static_cast<unsigned char>(key[i]);
  for (size_t i = key.size() > 3 ? key.size() - 3 : 0; i < key.size(); ++i) {
    h = h * 257 + static_cast<unsigned char>(key[i]);
  }
  return static_cast<size_t>((h * 0x9E3779B97F4A7C15ull) >> 48) % kEdgeBits;
}

int32_t Gazetteer::KeyIndex::Find(std::string_view key) const {
  if (slots_.empty()) return -1;
  const size_t edge = EdgeBit(key);
  if (!((edges_[edge / 64] >> (edge % 64)) & 1)) return -1;
  const uint64_t h = std::hash<std::string_view>{}(key);
  const uint32_t high = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.index < 0) return -1;
    if (slot.hash == high && slot.length == key.size() && blob_.compare(slot.offset, slot.length, key) == 0) {
      return slot.index;
    }
  }
}

void Gazetteer::KeyIndex::Set(std::string_view key, int32_t index) {
  if ((size_ + 1) * 2 > slots_.size()) {
    // Grow to keep at most half the slots in use, and place every key again.
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& s : old) {
      if (s.index < 0) continue;
      const uint64_t h = std::hash<std::string_view>{}(std::string_view(blob_).substr(s.offset, s.length));
      size_t at = h & (slots_.size() - 1);
      while (slots_[at].index >= 0) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = s;
    }
  }
  const uint64_t h = std::hash<std::string_view>{}(key);
  const uint32_t high = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  size_t at = h & mask;
  for (; slots_[at].index >= 0; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (slot.hash == high && slot.length == key.size() && blob_.compare(slot.offset, slot.length, key) == 0) {
      slot.index = index;
      return;
    }
  }
  slots_[at] = Slot{high, static_cast<uint32_t>(blob_.size()), static_cast<uint32_t>(key.size()), index};
  blob_.append(key);
  ++size_;
  const size_t edge = EdgeBit(key);
  edges_[edge / 64] |= uint64_t{1} << (edge % 64);
}

const OrgEntry* Gazetteer::FindOrg(std::string_view key) const {
  const int32_t i = org_keys_.Find(key);
  return i < 0 ? nullptr : &orgs_[static_cast<size_t>(i)];
}

const NonOrgEntry* Gazetteer::FindNonOrg(std::string_view key) const {
  const int32_t i = non_org_keys_.Find(key);
  return i < 0 ? nullptr : &non_orgs_[static_cast<size_t>(i)];
}

const NonOrgEntry* Gazetteer::FindNonOrgWord(std::string_view word) const {
  char buf[32];
  if (word.empty() || word.size() > sizeof buf) return FindNonOrg(NameKey(word));
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') buf[i] = static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) buf[i] = c;
    else return FindNonOrg(NameKey(word));
  }
  return FindNonOrg(std::string_view(buf, word.size()));
}

void Gazetteer::AppendRules(RuleSet* set) const {
  std::vector<std::string> latin, japanese, japanese_kana_end;
  for (const OrgEntry& e : orgs_) {
    for (const std::string& n : e.AllNames()) {
      std::vector<std::string> variants;
      AddVariants(n, &variants);
      for (std::string& v : variants) {
        if (!HasJapanese(v)) latin.push_back(std::move(v));
        else if (IsKatakana(CodePointBefore(v, v.size()))) japanese_kana_end.push_back(std::move(v));
        else japanese.push_back(std::move(v));
      }
    }
  }
  auto add = [&](const char* lang, const char* id, std::vector<std::string> names, Rule::Bounds bounds) {
    if (names.empty()) return;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    Rule r;
    r.id = id;
    r.lang = lang;
    r.kind = "organizations";
    r.file = "patterns/gazetteer";
    r.full_id = std::string(lang) + "/gazetteer:" + id;
    r.literals = std::move(names);
    r.bounds = bounds;
    r.recipe.fn = "org";
    r.priority = -1;  // same span as a shape or cue rule: that rule reports it
    set->rules.push_back(std::move(r));
  };
  // Latin names: not inside a word ("Toyota-backed" and "Sony's" are fine).
  add("en", "org.gazetteer", std::move(latin), Rule::Bounds::kWord);
  // Japanese names: not inside a katakana word (ベトナム財務省 is not 財務省),
  // not a city (日立市 is not 日立).
  add("ja", "org.gazetteer", std::move(japanese), Rule::Bounds::kJapanese);
  add("ja", "org.gazetteer_kana", std::move(japanese_kana_end), Rule::Bounds::kJapaneseKana);
}

Result<std::vector<RuleSource>> ReadGazetteerDir(const std::string& dir) { return ReadRuleDir(dir, ".tsv"); }

}  // namespace kiji::rules
