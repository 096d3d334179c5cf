// The resolve stage: raw rule matches -> entities with values, overlaps
// resolved.
//
// Every rule kind resolves the same way, emitted entities and cues alike
// (agreement triggers, agreement cues, countries: see IsEmittedType).
// Overlap policy: entities compete within a class (dates and figures share
// the class "value"; every other type is its own class). Within a class the longest span wins, then the higher rule
// priority, then the earlier start; a losing entity is dropped whole.
// Latent rules take part only when asked for. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "resolve/entity.h"
#include "resolve/recipe.h"
#include "rules/engine.h"
#include "text/text.h"

namespace kiji::resolve {

struct ResolveOptions {
  bool latent = false;  // keep entities of latent rules (false)
};

// Returns the overlap class of an entity type ("date" and "figure":
// "value").
std::string OverlapClass(const std::string& type);

// Turns `matches` into entities: runs each rule's recipe, drops matches the
// recipe rejects, resolves overlaps. `recipes[i]` belongs to rule i.
// Returns entities sorted by position.
std::vector<Entity> ResolveMatches(const rules::RuleSet& rules, const std::vector<const RecipeInfo*>& recipes,
                                   const std::vector<rules::Match>& matches, const text::NormText& text,
                                   const RefDate& ref, const ResolveOptions& options);

// Keeps the winners of each overlap class (see above), sorted by position.
std::vector<Entity> SelectNonOverlapping(std::vector<Entity> candidates);

}  // namespace kiji::resolve
