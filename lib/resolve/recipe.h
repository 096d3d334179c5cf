// Value recipes: turn one rule match into an entity's typed fields.
//
// A rule's `value fn(args)` line names a recipe; its arguments are bound from
// the match's named groups, the reference date, or literals. A recipe
// returns the entity's type-specific fields (RECORD.md order), or nothing
// when the match is not an entity after all (an invalid date, say).
// Recipes are pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "resolve/entity.h"
#include "rules/rule_set.h"

namespace kiji::resolve {

// The date that relative and year-less expressions are resolved against.
struct RefDate {
  int year = 0;  // 0: unknown
  int month = 0;
  int day = 0;
  bool known() const { return year > 0; }
};

// Parses "YYYY-MM-DD" (or "YYYY-MM", "YYYY", or an RFC 3339 timestamp's date
// part). Returns an unknown RefDate for anything else.
RefDate ParseRefDate(std::string_view iso);

struct RecipeInput {
  const rules::Rule* rule = nullptr;
  std::string_view span;      // the entity's text
  std::string_view sentence;  // the sentence it is in; `span` points inside
                              // it, so a recipe may look around the span
  std::string_view lang;      // "en" or "ja"
  RefDate ref;
  // The bound arguments, key -> text, sorted by key, one per key (the last
  // one bound wins); an absent group or an unknown ref.* part is no
  // argument. A flat list of views, not a map of copies: recipes run once
  // per match. The texts point into the sentence, the rule, or storage of
  // the caller of Set(), which must outlive the input.
  std::vector<std::pair<std::string_view, std::string_view>> args;

  // Returns the argument's text, or "" when the group did not take part.
  std::string_view Arg(std::string_view key) const;
  // Returns true when the argument is bound and not empty.
  bool Has(std::string_view key) const;
  // Returns true when the argument is bound, even to "".
  bool Contains(std::string_view key) const;
  // Binds `key` to `text` (replacing its text if bound), keeping key order.
  void Set(std::string_view key, std::string_view text);
  // Unbinds `key`.
  void Erase(std::string_view key);
};

using RecipeFn = std::optional<Json> (*)(const RecipeInput&);

struct RecipeInfo {
  const char* name;
  RecipeFn fn;
  const char* doc;  // one line: arguments and what it computes
};

// Returns every recipe (dates, figures, organizations...).
const std::vector<RecipeInfo>& AllRecipes();
// Returns the recipe called `name`, or nullptr.
const RecipeInfo* FindRecipe(std::string_view name);

// A rule's recipe, ready to run on many matches: the recipe found by name
// and the rule's arguments put in key order once (Pipeline::Create, via
// resolve::BindRules), so that binding a match's arguments is a walk over
// the groups, with no map and no copy. Owns its copy of the arguments: a
// RuleSet may move after binding, and resolving reads no Rule.
struct BoundRecipe {
  const RecipeInfo* info = nullptr;
  std::vector<rules::RecipeArg> args;  // the rule's arguments, stably sorted by key
};

// Returns `rule`'s recipe bound, or a kBadRecipe error naming the rule when
// it names no known recipe.
Result<BoundRecipe> BindRecipe(const rules::Rule& rule);

// The text of the reference date's parts, as ref.year/ref.month/ref.day
// arguments read them ("" when unknown). Made once per text.
struct RefTexts {
  explicit RefTexts(const RefDate& ref);
  std::string year, month, day;
};

// Binds `recipe`'s arguments for a match's `groups` into `in->args`,
// replacing what was there. Views point into `recipe`, `groups`' texts and
// `refs`.
void BindArgs(const BoundRecipe& recipe, const std::vector<std::pair<std::string_view, std::string_view>>& groups,
              const RefTexts& refs, RecipeInput* in);

// Binds `rule`'s recipe arguments for `groups` and runs `recipe` (tests and
// one-off calls; ResolveMatches binds once per rule set).
std::optional<Json> RunRecipe(const rules::Rule& rule, const RecipeInfo& recipe,
                              const std::vector<std::pair<std::string_view, std::string_view>>& groups,
                              std::string_view span, std::string_view sentence, const std::string& lang,
                              const RefDate& ref);

// Recipe lists of each module (dates.cc, figures.cc, organizations.cc,
// agreements.cc: agreement triggers, their cues, countries).
std::vector<RecipeInfo> DateRecipes();
// Settles the Japanese dates whose year the rest of the text gives (marked
// by the date recipe): 同年/翌年/前年 take the year of the date before;
// a year written without its era ("27年度" after "平成28年度", "6年度"
// after "令和7年度" or in an article of 2024) takes the era; those left
// unsettled are dropped. `entities` are one text's; their order is kept.
void ResolveTextYears(std::vector<Entity>* entities, const RefDate& ref);
std::vector<RecipeInfo> FigureRecipes();
std::vector<RecipeInfo> OrganizationRecipes();
std::vector<RecipeInfo> AgreementRecipes();

}  // namespace kiji::resolve
