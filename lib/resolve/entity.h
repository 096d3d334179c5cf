// Entities: what the rules found, with values, before emission.
//
// Plain structs passed from lib/resolve to lib/emit. Offsets are bytes into
// NormText::text; lib/emit turns them into code points.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiji::resolve {

using Json = nlohmann::ordered_json;

struct Entity {
  std::string type;     // "date", "figure", "organization"
  size_t begin = 0;     // byte span in NormText::text
  size_t end = 0;
  std::string lang;     // "en" or "ja"
  std::string rule;     // "en/dates.rules:date.month_day_year"
  int priority = 0;
  bool latent = false;
  size_t sentence = 0;  // index into NormText::sentences
  Json fields = Json::object();  // type-specific fields, in RECORD.md order
};

struct Mention {
  size_t begin = 0;  // bytes
  size_t end = 0;
};

struct Agreement {
  std::string kind;     // memorandum | agreement | partnership | contract | joint_venture | other
  size_t begin = 0;     // trigger span, bytes
  size_t end = 0;
  std::vector<std::string> parties;
  Json date;            // ISO value or null
  std::string status;   // signed | reached | planned | proposed
  Json subject;         // string or null
  std::string sentence;
  std::vector<Mention> mentions;
};

// Returns the type of what a rule file kind's rules find ("dates" ->
// "date", "agreements" -> "agreement"), or "" for a kind kiji does not know.
// Not every type is emitted as an entity: see IsEmittedType.
std::string EntityTypeForKind(const std::string& kind);

// Returns true for types emitted in `entities[]` (date, figure,
// organization). The others are cues that later stages consume: agreement
// triggers ("agreement"), status and party-group cues ("agreement_cue"),
// words of the kind of agreement ("agreement_modifier"), country names
// ("country").
bool IsEmittedType(const std::string& type);

// Returns the kinds whose rules are only worth running where another kind
// matched (rules::EngineOptions::gated_kinds): agreement cues and countries
// serve agreement triggers only.
std::vector<std::pair<std::string, std::string>> GatedKinds();

// Returns the field a rule example's scalar value is compared with:
// date/figure `value`, organization/country `name`, agreement `kind`,
// agreement_cue `status`, agreement_modifier `modifier`.
const char* MainFieldOfType(const std::string& type);

// Returns true when `e` is a blocker: a match whose recipe gave
// `"kind": "none"` ("in agreement with", "a great deal of"). It wins the
// overlap against the shorter matches inside it and is then ignored.
bool IsBlocker(const Entity& e);

}  // namespace kiji::resolve
