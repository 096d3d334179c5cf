// Rule files: parsing patterns/<lang>/<kind>.rules into a RuleSet.
//
// Syntax (patterns/README.md has the full description):
//   # comment                      anywhere; also after a value
//   reference 2024-01-15           the "now" for this file's examples
//   define MONTH = (?i:jan(?:uary)?|...)   macro, used as {MONTH}; expands
//                                  non-capturing
//   rule date.month_day_year       a rule id: kind.snake_case, never changes
//     match   REGEX                RE2 syntax, named groups, {MACROS}
//     value   fn(arg, key=arg)     the value recipe (lib/resolve)
//     priority N                   breaks ties between equally long spans
//     latent                       shown only with --latent
//     example "text [span] text" => JSON
//   negative "text"                no entity of this file's kind
// Macros from <dir>/macros.rules and common/macros.rules are visible to
// every file; a file's own defines are visible after their line.
// Knows nothing of RE2 matching or values beyond syntax. Not thread-safe
// while loading; immutable afterwards.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kiji::rules {

// One argument of a value recipe: `key=source`. A bare `year` is
// key "year" from group "year".
struct RecipeArg {
  enum class Kind { kGroup, kRef, kLiteral };
  std::string key;
  Kind kind = Kind::kGroup;
  std::string text;  // group name, "year"/"month"/"day" for kRef, or the literal
};

struct Recipe {
  std::string fn;  // "date", "money", ...
  std::vector<RecipeArg> args;
};

struct Example {
  std::string text;     // the input, brackets removed
  size_t span_begin = 0;  // byte span of the expected entity in `text`
  size_t span_end = 0;
  std::string expected;  // JSON text
  int line = 0;
};

struct Rule {
  std::string id;        // "date.month_day_year"
  std::string lang;      // "en", "ja" or "common"
  std::string kind;      // "dates", "figures", "organizations", "agreements", ...
  std::string file;      // "patterns/en/dates.rules" (for messages)
  std::string full_id;   // "en/dates.rules:date.month_day_year"
  int line = 0;          // line of the `rule` keyword
  std::string pattern;   // after macro expansion (empty for a literal rule)
  // A literal rule (generated from a gazetteer): these exact strings, found
  // by one hashed scan of each sentence instead of a regex, leftmost and
  // longest first, within `bounds`.
  enum class Bounds {
    kWord,          // not touching an ASCII letter or digit
    kJapanese,      // not after katakana, not before 市町村区郡県
    kJapaneseKana,  // as kJapanese, and not before katakana
  };
  std::vector<std::string> literals;
  Bounds bounds = Bounds::kWord;
  Recipe recipe;
  int priority = 0;
  bool latent = false;
  std::vector<Example> examples;
};

struct Negative {
  std::string file;
  std::string lang;
  std::string kind;
  std::string text;
  int line = 0;
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<Negative> negatives;
  // Per rule file: its reference date for examples ("" when none).
  std::map<std::string, std::string> references;
};

// One rule file's text and the name it is reported under.
struct RuleSource {
  std::string name;  // "en/dates.rules": <lang>/<file>
  std::string text;
};

// Returns the rule files compiled into the binary (patterns/ at build time).
const std::vector<RuleSource>& BuiltinRuleSources();

// Reads every file ending in `extension` below `dir` (<dir>/<lang>/<kind>.rules;
// gazetteer tables: ".tsv"), in name order.
Result<std::vector<RuleSource>> ReadRuleDir(const std::string& dir, std::string_view extension = ".rules");

// Parses `sources` (macros.rules files first, per directory) into `out`.
// `origin` prefixes names in messages ("patterns" or the user's dir).
// Returns the first error, naming file:line and the rule id.
Status ParseRuleSources(const std::vector<RuleSource>& sources, const std::string& origin,
                        RuleSet* out);

// Parses a recipe such as `date(year, month, day=d, qualifier="end")`.
Result<Recipe> ParseRecipe(std::string_view text);

}  // namespace kiji::rules
