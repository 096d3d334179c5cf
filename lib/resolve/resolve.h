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

#include "common/result.h"
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

// What ResolveMatches needs of one rule, worked out once per rule set
// (Pipeline::Create) rather than once per match: its recipe with the
// arguments in key order, the type of what it finds, and copies of the
// rule's fields an entity takes, so that resolving reads these compact
// structs, not the (large) Rules.
struct BoundRule {
  BoundRecipe recipe;
  std::string type;     // EntityTypeForKind(rule.kind)
  std::string lang;     // rule.lang
  std::string full_id;  // rule.full_id
  bool common = false;  // lang "common": entities take their sentence's language
};

// Every rule of a rule set, bound (BindRules). What every match reads is
// kept apart, small and dense: the rules a text hits then share cache
// lines.
struct BoundRules {
  struct Order {
    int priority = 0;       // rule.priority
    int overlap_class = 0;  // rank of OverlapClass(type) among the rule set's classes, by name
    bool known = false;     // a kind kiji knows (type is not "")
    bool latent = false;    // rule.latent
  };
  std::vector<Order> order;      // per rule: whether its matches take part, and how they sort
  std::vector<BoundRule> rules;  // per rule: the rest
};

// Binds every rule of `rules` (BindRecipe); returns the first rule's error.
Result<BoundRules> BindRules(const rules::RuleSet& rules);

// Turns `matches` into entities: runs each rule's recipe, drops matches the
// recipe rejects, resolves overlaps. `bound` is `rules` bound (BindRules).
// A match that already lost its overlap to a kept entity is dropped
// without running its recipe, which changes nothing: it would be dropped
// whatever the recipe said. Returns entities sorted by position. Works in
// buffers kept per thread (thread_local), reused from call to call.
std::vector<Entity> ResolveMatches(const rules::RuleSet& rules, const BoundRules& bound,
                                   const std::vector<rules::Match>& matches, const text::NormText& text,
                                   const RefDate& ref, const ResolveOptions& options);

// Gives the money figures written with a bare rupee ("Rs 5 billion",
// "Rs.300", "500 rupees"; the figure recipe reads them as INR) the rupee of
// the article's country: PKR, LKR or NPR when the words that place an
// article in Pakistan, Sri Lanka or Nepal (the country, its people, large
// cities and stock exchanges: "Karachi", "PSX") outnumber India's and every
// other's. India stays the default; "₹", "INR", "Indian rupees" and amounts
// in crore or lakh stay INR whatever the article. One pass over the text,
// only when such a figure exists.
void SetRupeeCurrency(const text::NormText& text, std::vector<Entity>* entities);

// Keeps the winners of each overlap class (see above), sorted by position.
std::vector<Entity> SelectNonOverlapping(std::vector<Entity> candidates);

}  // namespace kiji::resolve
