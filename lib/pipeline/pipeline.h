// The pipeline: Document -> Article -> NormText -> matches -> entities ->
// record. Joins the stages; each stage also works alone.
//
// A Pipeline is built once (rules parsed and compiled, recipes bound) and is
// immutable afterwards: Process may run on many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "emit/record.h"
#include "extract/article.h"
#include "resolve/recipe.h"
#include "resolve/resolve.h"
#include "rules/engine.h"
#include "rules/gazetteer.h"
#include "text/text.h"

namespace kiji {

struct PipelineOptions {
  bool builtin_patterns = true;            // the rule files compiled in (true)
  std::vector<std::string> pattern_dirs;   // more rule directories (--patterns)
  std::string default_date;                // --date: reference when an article has none ("")
  bool latent = false;                     // emit latent rules' entities (false)
};

// What the rules found in one normalized text.
struct Analysis {
  std::vector<resolve::Entity> entities;      // emitted: dates, figures, organizations
  std::vector<resolve::Agreement> agreements;
  // Matches of kinds that are not emitted (resolve::IsEmittedType): agreement
  // triggers and cues, country names; what the agreements stage read.
  std::vector<resolve::Entity> cues;
};

// A processed article: the record plus the text it points into.
struct Processed {
  text::NormText text;
  emit::Record record;  // record.text points at `text`: do not copy Processed
  Processed() = default;
  Processed(const Processed&) = delete;
  Processed& operator=(const Processed&) = delete;
};

class Pipeline {
 public:
  // Loads and compiles the rules. Errors name the rule file and line.
  static Result<Pipeline> Create(const PipelineOptions& options);

  // Runs rules and resolution on normalized text, then links and names
  // its organizations (resolve::Canonicalize).
  Analysis Analyze(const text::NormText& text, const resolve::RefDate& ref) const;
  // Same, with latent rules in or out regardless of the options.
  Analysis Analyze(const text::NormText& text, const resolve::RefDate& ref, bool latent) const;
  // Same, adding the CPU seconds of each step to `times` (bench/stages).
  struct StageTimes {
    double scan = 0, resolve = 0, canonical = 0, agreements = 0;
  };
  Analysis Analyze(const text::NormText& text, const resolve::RefDate& ref, StageTimes* times) const;

  // Runs every stage after extraction on `article`. `raw` is the input's
  // bytes, for the record id.
  std::unique_ptr<Processed> Process(extract::Article article, std::string_view raw) const;

  // Runs the whole pipeline on one document.
  Result<std::unique_ptr<Processed>> ProcessDocument(extract::Document doc) const;

  const rules::Engine& engine() const { return engine_; }
  const PipelineOptions& options() const { return options_; }
  // The organization gazetteer (builtin tables plus --patterns dirs').
  const rules::Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  Analysis Analyze(const text::NormText& text, const resolve::RefDate& ref, bool latent, StageTimes* times) const;
  Pipeline(rules::Engine engine, resolve::BoundRules recipes, PipelineOptions options,
           std::unique_ptr<rules::Gazetteer> gazetteer)
      : engine_(std::move(engine)), recipes_(std::move(recipes)), options_(std::move(options)),
        gazetteer_(std::move(gazetteer)) {}
  rules::Engine engine_;
  resolve::BoundRules recipes_;  // every rule, bound (recipes, types)
  PipelineOptions options_;
  std::unique_ptr<rules::Gazetteer> gazetteer_;
};

// One failed rule example or negative: "file:line: rule id: what".
struct ExampleFailure {
  std::string where;
  std::string what;
};

// Runs every example and negative of every rule through `pipeline`
// (normalize, match, resolve; latent rules included) and returns the
// failures. An example passes when exactly one entity (or cue) of its file's
// type covers the bracketed span, from this rule, with the expected value: a
// JSON scalar is compared with the type's main field (resolve::MainFieldOfType:
// date/figure `value`, organization/country `name`, agreement trigger `kind`,
// agreement cue `status`), an object field by field. A negative passes when
// nothing of the type is found but blockers (resolve::IsBlocker) and
// entities of latent rules (a negative is about default output).
std::vector<ExampleFailure> CheckExamples(const Pipeline& pipeline, size_t* checked);

}  // namespace kiji
