// Gazetteers: tables of names no rule shape can find, as data under
// patterns/gazetteer/*.tsv.
//
// Two tables, told apart by their header line:
//   canonical  english  japanese  acronyms  kind  country   organizations
//   names      kind     country                             non-organizations
// Columns are separated by one TAB; a list column separates its items with
// "|"; `#` starts a comment line. An organization is found by any of its
// names (canonical, English, Japanese, acronyms); the non-organization table
// lists what must never be an organization (countries, regions, cities,
// generic phrases, events), the words that never start a name, and the
// titles that start a person's name.
//
// A Gazetteer is compiled into the rule set: AppendRules() adds literal
// rules (one per script) that the Engine finds with one hashed scan per
// sentence, never a scan per entry. Lookups go through NameKey(), which also links the names an
// article writes differently ("the", "Inc.", "株式会社", commas, "&").
// Not thread-safe while loading; immutable and thread-safe afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "rules/rule_set.h"

namespace kiji::rules {

struct OrgEntry {
  std::string canonical;              // the `name` every mention gets
  std::vector<std::string> english;   // usual English names (canonical first)
  std::vector<std::string> japanese;  // usual Japanese names
  std::vector<std::string> acronyms;  // matched case-sensitively, as words
  std::string kind;                   // government | international | company | university | association | institute
  std::string country;                // ISO 3166 alpha-2, or INT for international bodies
  std::string where;                  // "patterns/gazetteer/organizations.tsv:12"

  // Returns every name: canonical, English, Japanese, acronyms (no repeats).
  std::vector<std::string> AllNames() const;
};

// What a non-organization name is.
enum class NonOrgKind {
  kCountry,  // Japan, 日本, Japanese (adjectives too)
  kRegion,   // Central Asia, ASEAN region words, 中央アジア
  kCity,     // Tokyo, Tashkent, 東京都
  kGeneric,  // "Japanese companies", 同社, 私立大学
  kHead,     // a word that ends organization names but alone names none: Bank, Holdings
  kEvent,    // a word that ends event names: Week, Day, Forum, Expo, 博覧会
  kLead,     // a word that never starts a name: The, In, During, 本日
  kTitle,    // a word before a person's name: President, Mr, Minister
};

struct NonOrgEntry {
  NonOrgKind kind = NonOrgKind::kGeneric;
  std::string country;  // for places: ISO 3166 alpha-2 ("" for others)
};

// Returns the key names are compared by: ASCII lowercased; "&" -> "and";
// hyphens -> spaces; . , ' ’ " ( ) [ ] ・ 「 」 『 』 removed; spaces
// folded; a leading "the" and trailing legal forms (Inc., Ltd., Co., Corp.,
// Corporation, Company, LLC, plc, AG, GmbH, SA, 株式会社, (株), 有限会社,
// 合同会社) and leading Japanese legal prefixes (株式会社, 一般社団法人,
// 独立行政法人, ...) removed, unless nothing would be left. Japanese names
// also lose their spaces. Expects NFKC text (what lib/text produces).
std::string NameKey(std::string_view name);
// Writes NameKey(name) into `*buf` (its old contents replaced, its memory
// reused: no allocation per lookup in loops) and returns a view of it.
std::string_view NameKeyInto(std::string_view name, std::string* buf);

// Returns `name` without legal forms at either end ("Digital Knowledge Inc."
// -> "Digital Knowledge", "株式会社デジタル・ナレッジ" -> "デジタル・ナレッジ"),
// trimmed; `name` itself when there is none or nothing would be left.
std::string_view StripLegalForm(std::string_view name);

// True when `s` holds a Han or kana character (a Japanese name).
bool HasJapanese(std::string_view s);

class Gazetteer {
 public:
  // Parses one table (which one is told by its header) and adds its rows.
  // `origin` prefixes the name in messages ("patterns" or the user's dir).
  // Errors name file:line: a malformed row, an unknown kind or country, or a
  // name whose key already belongs to another organization.
  Status Add(const RuleSource& source, const std::string& origin);

  // Appends the literal rules that find every organization name, with the
  // ", and" / " and" and ' / ’ variants of each: org.gazetteer in "en"
  // (Latin names, not touching a letter or digit) and "ja" (Japanese names;
  // not after katakana, not before 市町村区郡県), org.gazetteer_kana in "ja"
  // (names ending in katakana, also not before katakana). Kind
  // "organizations", recipe org(), priority -1 (a shape rule with the same
  // span reports it). No rule for a script without names.
  void AppendRules(RuleSet* set) const;

  // Returns the organization one of whose names has NameKey `key`, or nullptr.
  const OrgEntry* FindOrg(std::string_view key) const;
  // Returns the non-organization entry for NameKey `key`, or nullptr.
  const NonOrgEntry* FindNonOrg(std::string_view key) const;
  // Returns FindNonOrg(NameKey(word)), quickly for a plain ASCII word.
  const NonOrgEntry* FindNonOrgWord(std::string_view word) const;

  const std::vector<OrgEntry>& orgs() const { return orgs_; }
  size_t non_org_count() const { return non_orgs_.size(); }

 private:
  Status AddOrgRow(const std::vector<std::string_view>& cols, const std::string& where);
  Status AddNonOrgRow(const std::vector<std::string_view>& cols, const std::string& where);

  // Strings -> indexes, by open addressing: a lookup probes one array of
  // (hash, index) slots and compares a key only when the hashes agree.
  // Most lookups are of names in no table (every suffix of a Japanese name,
  // every first word...): a small bitmap of the keys' lengths and first
  // and last bytes turns most of them away before any hashing, at the
  // cost of one cache line.
  class KeyIndex {
   public:
    // Returns the index stored for `key`, or -1.
    int32_t Find(std::string_view key) const;
    // Stores `index` for `key`, replacing the one it had.
    void Set(std::string_view key, int32_t index);
    size_t size() const { return size_; }

   private:
    // A key's place: its hash, where its bytes are in blob_, its index.
    struct Slot {
      uint32_t hash = 0;    // the high half of the key's hash
      uint32_t offset = 0;  // into blob_
      uint32_t length = 0;
      int32_t index = -1;   // -1 when free
    };
    static constexpr size_t kEdgeBits = 65536;
    // The bitmap position of a key: its length and first and last (up to)
    // three bytes.
    static size_t EdgeBit(std::string_view key);

    std::vector<Slot> slots_;  // a power of two, at most half full
    std::string blob_;         // every key, one after the other
    size_t size_ = 0;
    std::vector<uint64_t> edges_ = std::vector<uint64_t>(kEdgeBits / 64);  // EdgeBit of every key
  };
  std::vector<OrgEntry> orgs_;
  KeyIndex org_keys_;                    // NameKey -> index into orgs_
  KeyIndex non_org_keys_;                // NameKey -> index into non_orgs_
  std::vector<NonOrgEntry> non_orgs_;
};

// Returns the gazetteer tables compiled into the binary
// (patterns/**/*.tsv at build time).
const std::vector<RuleSource>& BuiltinGazetteerSources();

// Reads every *.tsv file below `dir` (e.g. <dir>/gazetteer/organizations.tsv).
Result<std::vector<RuleSource>> ReadGazetteerDir(const std::string& dir);

}  // namespace kiji::rules
