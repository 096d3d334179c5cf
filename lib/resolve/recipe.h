// Value recipes: turn one rule match into an entity's typed fields.
//
// A rule's `value fn(args)` line names a recipe; its arguments are bound from
// the match's named groups, the reference date, or literals. A recipe
// returns the entity's type-specific fields (RECORD.md order), or nothing
// when the match is not an entity after all (an invalid date, say).
// Recipes are pure functions: thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::string lang;           // "en" or "ja"
  RefDate ref;
  std::map<std::string, std::string, std::less<>> args;  // key -> text; absent group: not present

  // Returns the argument's text, or "" when the group did not take part.
  std::string_view Arg(std::string_view key) const;
  bool Has(std::string_view key) const;
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

// Binds `rule`'s recipe arguments for `match_groups` and runs it.
std::optional<Json> RunRecipe(const rules::Rule& rule, const RecipeInfo& recipe,
                              const std::vector<std::pair<std::string_view, std::string_view>>& groups,
                              std::string_view span, std::string_view sentence, const std::string& lang,
                              const RefDate& ref);

// Recipe lists of each module (dates.cc, figures.cc, organizations.cc,
// agreements.cc: agreement triggers, their cues, countries).
std::vector<RecipeInfo> DateRecipes();
std::vector<RecipeInfo> FigureRecipes();
std::vector<RecipeInfo> OrganizationRecipes();
std::vector<RecipeInfo> AgreementRecipes();

}  // namespace kiji::resolve
