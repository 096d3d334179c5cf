// Runs a compiled RuleSet over normalized text and returns raw matches.
//
// Rules compile into RE2::Sets per language: English (en + common
// rules) and Japanese (ja + common), a few rules of one kind per Set
// (EngineOptions::set_size); a sentence is scanned by the Sets of each
// script it holds (an English sentence once, a Japanese sentence with Latin
// names by both), and only the rules a Set reports are run again for their
// spans and named groups. Rules of other directories (common, user
// languages) are in both Sets. Literal rules (gazetteer names) are found by
// one trie walk per sentence instead, however many strings they hold. Rules
// of gated kinds (EngineOptions) form Sets of their own, scanned only where
// their gate kind matched. A rule's entity span is its group named
// `span` when it has one (so a pattern may consume context around it), else
// the whole match. Knows nothing of HTTP, HTML, values or JSON.
// Immutable once built; Run is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "rules/rule_set.h"
#include "text/text.h"

namespace re2 {
class RE2;
class Set;
}  // namespace re2

namespace kiji::rules {

struct Match {
  int rule = 0;           // index into Engine::rules().rules
  size_t sentence = 0;    // index into NormText::sentences
  size_t begin = 0;       // byte span in NormText::text, end exclusive
  size_t end = 0;
  // Named groups that took part in the match: name -> text. Names point
  // into the Engine, which must outlive the Match.
  std::vector<std::pair<std::string_view, std::string_view>> groups;
};

struct EngineOptions {
  // Memory for the RE2::Set's DFA (64 MB). Below ~64 MB the Set silently
  // falls back to a slow path on varied text.
  int64_t set_max_mem = 256 << 20;
  // Memory for each rule's own RE2 (8 MB).
  int64_t rule_max_mem = 8 << 20;
  // Patterns per RE2::Set (10): a kind's rules are split into Sets of at
  // most this many. A Set's DFA state is the combined progress of all its
  // patterns, so one Set of a hundred patterns meets new states in nearly
  // every sentence of real text, and building them is most of its cost.
  // Measured in instructions (callgrind) for `kiji extract`: on 60 real
  // English articles (corpora/article-extraction-benchmark), 4.20 G with
  // one Set per language, 1.97 G with Sets of 8 or 10, 2.11 G of 12; on
  // 1.5 MB of seed copies, 3.58 G, 3.14 G (8), 3.04 G (10), 2.93 G (12).
  size_t set_size = 10;
  // Kinds whose rules are looked for only in sentences where a rule of
  // their gate kind matched: {"countries", "agreements"} finds country names
  // only where an agreement trigger is. They form Sets of their own, scanned
  // only in those sentences, so they cost the others nothing. (none)
  std::vector<std::pair<std::string, std::string>> gated_kinds;
};

class Engine {
 public:
  // Returns an engine for `rules`, or an error naming the first bad rule
  // (file:line, rule id and RE2's message).
  static Result<Engine> Build(RuleSet rules, const EngineOptions& options = {});

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Returns every match of every rule in every sentence, by sentence and
  // then by position. Overlaps are left to the caller.
  std::vector<Match> Run(const text::NormText& text) const;

  // Which Sets scan a piece of text.
  enum Scripts : unsigned { kLatin = 1, kJapanese = 2, kAll = 3 };

  // Returns the matches in one piece of text treated as a single sentence,
  // scanned by the Sets of `scripts`.
  std::vector<Match> RunSentence(std::string_view text, size_t offset, size_t sentence_index,
                                 unsigned scripts = kAll) const;

  const RuleSet& rules() const { return rules_; }

 private:
  Engine();
  struct Compiled;
  RuleSet rules_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace kiji::rules
