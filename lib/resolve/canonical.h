// Canonical organization names: one `name` per organization per record,
// shared by all its mentions, and the other names as `aliases`.
//
// Runs on one record's entities after ResolveMatches (Pipeline::Analyze
// calls it). An organization written "Japan External Trade Organization
// (JETRO)", later "JETRO", and 日本貿易振興機構 is one organization; so are
// "Digital Knowledge Inc." and "Digital Knowledge", and the acronym's bare
// uses after its definition. Knows nothing of rule files or JSON output.
// Functions are pure (thread-safe); OrgIndex is immutable once built.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "resolve/entity.h"
#include "rules/gazetteer.h"
#include "text/text.h"

namespace kiji::resolve {

// True when `acronym` can stand for `long_form` (Schwartz & Hearst 2003:
// its letters appear in order, right to left, the first starting a word):
// JETRO / Japan External Trade Organization, VINASA / Vietnam Software and IT
// Services Association. Case is ignored; at least two letters; the long
// form has two words or more. With three letters or more, one letter may
// go unmatched when the first matches the long form's first (VADX /
// Vietnamese Association of Digital Transformation in Japan).
bool AcronymMatches(std::string_view acronym, std::string_view long_form);

// Links and names the organization entities of one text, in place:
//  1. trims words that never start a name (the gazetteer's `lead` rows:
//     "The", "During", 本日...) and drops mentions that are places, generic
//     phrases or events (the non-organization table);
//  2. links mentions that share a NameKey, name one gazetteer organization
//     (a Japanese name ending in a gazetteer name, after a place of the same
//     country: ウズベキスタン共和国デジタル技術省), stand as "A (B)", or differ by
//     a trailing "of <country>";
//  3. adds the other mentions of every name seen (an acronym after its
//     definition; "Digital Knowledge" after "Digital Knowledge Inc."), with
//     rule "<lang>/canonical:org.repeat";
//  4. names each organization: in a Japanese text, when it is written in
//     Japanese, the longest of the gazetteer's Japanese names written in a
//     mention (トヨタ自動車 in トヨタ自動車株式会社), else the longest Japanese
//     name written; else the gazetteer's canonical name, else the longest
//     name written that is not an acronym; `aliases` lists the other names
//     seen and known (gazetteer, its canonical name first), in that order.
// `gazetteer` may be null (no links by gazetteer, nothing dropped as a
// place). Other entity types are left alone; the result stays sorted by
// position.
void Canonicalize(const text::NormText& text, const rules::Gazetteer* gazetteer, std::vector<Entity>* entities);

// Returns an organization entity's canonical name (its `name` after
// Canonicalize), or "" for other entity types.
std::string CanonicalName(const Entity& entity);

// Returns the canonical name the gazetteer knows `name` by ("経済産業省" ->
// "Ministry of Economy, Trade and Industry"), or "" when it does not.
std::string KnownCanonicalName(const rules::Gazetteer& gazetteer, std::string_view name);

// The organizations of one record, found by any of their names.
class OrgIndex {
 public:
  // Indexes the organization entities of `entities` (after Canonicalize) by
  // the NameKey of their name, text and aliases.
  explicit OrgIndex(const std::vector<Entity>& entities);

  // Returns the canonical name of the organization called `name` in this
  // record ("METI", "the Ministry of Economy, Trade, and Industry",
  // 経済産業省 alike), or nullptr when none is.
  const std::string* Find(std::string_view name) const;

  size_t size() const { return by_key_.size(); }

 private:
  std::unordered_map<std::string, std::string> by_key_;
};

}  // namespace kiji::resolve
