#include "pipeline/pipeline.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "resolve/agreements.h"
#include "resolve/canonical.h"

namespace kiji {

Result<Pipeline> Pipeline::Create(const PipelineOptions& options) {
  rules::RuleSet set;
  auto gazetteer = std::make_unique<rules::Gazetteer>();
  if (options.builtin_patterns) {
    if (Status s = rules::ParseRuleSources(rules::BuiltinRuleSources(), "patterns", &set); !s.ok()) {
      return s.error();
    }
    for (const rules::RuleSource& table : rules::BuiltinGazetteerSources()) {
      if (Status s = gazetteer->Add(table, "patterns"); !s.ok()) return s.error();
    }
  }
  for (const std::string& dir : options.pattern_dirs) {
    Result<std::vector<rules::RuleSource>> sources = rules::ReadRuleDir(dir);
    if (!sources.ok()) return sources.error();
    std::string origin = dir;
    while (origin.size() > 1 && origin.back() == '/') origin.pop_back();
    if (Status s = rules::ParseRuleSources(sources.value(), origin, &set); !s.ok()) return s.error();
    Result<std::vector<rules::RuleSource>> tables = rules::ReadGazetteerDir(dir);
    if (!tables.ok()) return tables.error();
    for (const rules::RuleSource& table : tables.value()) {
      if (Status s = gazetteer->Add(table, origin); !s.ok()) return s.error();
    }
  }
  gazetteer->AppendRules(&set);
  Result<resolve::BoundRules> recipes = resolve::BindRules(set);
  if (!recipes.ok()) return recipes.error();
  rules::EngineOptions eo;
  eo.gated_kinds = resolve::GatedKinds();
  Result<rules::Engine> engine = rules::Engine::Build(std::move(set), eo);
  if (!engine.ok()) return engine.error();
  return Pipeline(std::move(engine).value(), std::move(recipes).value(), options, std::move(gazetteer));
}

Analysis Pipeline::Analyze(const text::NormText& text, const resolve::RefDate& ref) const {
  return Analyze(text, ref, options_.latent);
}

Analysis Pipeline::Analyze(const text::NormText& text, const resolve::RefDate& ref, bool latent) const {
  return Analyze(text, ref, latent, nullptr);
}

Analysis Pipeline::Analyze(const text::NormText& text, const resolve::RefDate& ref, StageTimes* times) const {
  return Analyze(text, ref, options_.latent, times);
}

namespace {

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

Analysis Pipeline::Analyze(const text::NormText& text, const resolve::RefDate& ref, bool latent,
                           StageTimes* times) const {
  // Adds the CPU time since the last lap to `*slot` (when timing).
  double last = times ? CpuSeconds() : 0;
  auto lap = [&](double StageTimes::*slot) {
    if (!times) return;
    double now = CpuSeconds();
    times->*slot += now - last;
    last = now;
  };
  Analysis a;
  std::vector<rules::Match> matches = engine_.Run(text);
  lap(&StageTimes::scan);
  resolve::ResolveOptions ro;
  ro.latent = latent;
  {
    std::vector<resolve::Entity> resolved = resolve::ResolveMatches(engine_.rules(), recipes_, matches, text, ref, ro);
    a.entities.reserve(resolved.size());  // one allocation, no moves as it grows
    for (resolve::Entity& e : resolved) {
      (resolve::IsEmittedType(e.type) ? a.entities : a.cues).push_back(std::move(e));
    }
  }
  resolve::SetRupeeCurrency(text, &a.entities);
  lap(&StageTimes::resolve);
  resolve::Canonicalize(text, gazetteer_.get(), &a.entities);
  lap(&StageTimes::canonical);
  // Agreements read organizations' canonical names: they come after the
  // entities are final.
  a.agreements = resolve::FindAgreements(text, a.entities, a.cues);
  lap(&StageTimes::agreements);
  return a;
}

std::unique_ptr<Processed> Pipeline::Process(extract::Article article, std::string_view raw) const {
  auto p = std::make_unique<Processed>();
  p->text = text::Normalize(article.body);
  emit::Record& r = p->record;
  r.id = emit::StableId(article.source, raw);
  r.source = article.source;
  r.title = article.title;
  if (r.title) *r.title = text::NormalizeString(*r.title);
  r.published = article.published;
  r.canonical_url = article.canonical_url;
  r.warnings = std::move(article.warnings);
  for (std::string& w : p->text.warnings) r.warnings.push_back(std::move(w));
  p->text.warnings.clear();
  // Language: declared (when it is one we know) else detected.
  text::Lang lang = p->text.lang;
  if (article.lang) {
    text::Lang declared = text::ParseLang(*article.lang);
    if (declared != text::Lang::kUnd) {
      lang = declared;
    } else if (*article.lang != "und" && article.lang->size() >= 2 && article.lang->size() <= 3 &&
               std::all_of(article.lang->begin(), article.lang->end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      lang = text::Lang::kUnd;  // a language kiji has no rules for ("pt", "de")
    }
  }
  r.lang = text::LangName(lang);
  if (article.dateline) {
    // Find the dateline again in the normalized text, near its start.
    std::string norm = text::NormalizeString(article.dateline->text);
    size_t at = p->text.text.find(norm);
    if (!norm.empty() && at != std::string::npos && at < 64) {
      extract::Dateline d = *article.dateline;
      d.text = norm;
      d.begin = at;
      d.end = at + norm.size();
      r.dateline = d;
    }
  }
  resolve::RefDate ref = resolve::ParseRefDate(r.published ? *r.published : "");
  if (!ref.known()) ref = resolve::ParseRefDate(options_.default_date);
  Analysis a = Analyze(p->text, ref);
  r.entities = std::move(a.entities);
  r.agreements = std::move(a.agreements);
  r.text = &p->text;
  return p;
}

Result<std::unique_ptr<Processed>> Pipeline::ProcessDocument(extract::Document doc) const {
  std::string raw = doc.bytes;
  Result<extract::Article> article = extract::ExtractArticle(std::move(doc));
  if (!article.ok()) return article.error();
  return Process(std::move(article).value(), raw);
}

namespace {

// Returns what `analysis` found of `type`, entities or cues.
std::vector<const resolve::Entity*> OfType(const Analysis& analysis, const std::string& type) {
  std::vector<const resolve::Entity*> out;
  const auto& list = resolve::IsEmittedType(type) ? analysis.entities : analysis.cues;
  for (const resolve::Entity& e : list) {
    if (e.type == type) out.push_back(&e);
  }
  return out;
}

bool JsonEqual(const resolve::Json& got, const resolve::Json& want) {
  if (got.is_number() && want.is_number()) {
    double g = got.get<double>(), w = want.get<double>();
    return g == w || std::fabs(g - w) <= 1e-9 * std::max(std::fabs(g), std::fabs(w));
  }
  return got == want;
}

}  // namespace

std::vector<ExampleFailure> CheckExamples(const Pipeline& pipeline, size_t* checked) {
  std::vector<ExampleFailure> failures;
  size_t n = 0;
  const rules::RuleSet& set = pipeline.engine().rules();
  auto analyze = [&](const std::string& file, const std::string& input) {
    text::NormText nt = text::Normalize(input);
    auto it = set.references.find(file);
    resolve::RefDate ref = resolve::ParseRefDate(it == set.references.end() ? "" : it->second);
    // Latent rules take part, so that their examples are checked too;
    // negatives look at non-latent entities only (below).
    return std::make_pair(std::move(nt), pipeline.Analyze(nt, ref, /*latent=*/true));
  };
  for (const rules::Rule& rule : set.rules) {
    std::string type = resolve::EntityTypeForKind(rule.kind);
    if (type.empty()) continue;  // a kind kiji does not know: nothing to check
    for (const rules::Example& ex : rule.examples) {
      ++n;
      std::string where = rule.file + ":" + std::to_string(ex.line);
      std::string prefix = "rule " + rule.id + ": example \"" + ex.text + "\": ";
      resolve::Json want;
      try {
        want = resolve::Json::parse(ex.expected);
      } catch (const std::exception& e) {
        failures.push_back({where, prefix + "expected value is not JSON: " + ex.expected});
        continue;
      }
      // The span is given in the raw example; normalize its pieces to find
      // it in the normalized text.
      std::string before = text::NormalizeString(ex.text.substr(0, ex.span_begin));
      std::string span = text::NormalizeString(ex.text.substr(ex.span_begin, ex.span_end - ex.span_begin));
      auto [nt, analysis] = analyze(rule.file, ex.text);
      std::vector<const resolve::Entity*> of_type = OfType(analysis, type);
      // An array lists every entity of the kind the text gives, in text
      // order ("4～9月" is two dates); the bracketed one is this rule's.
      std::vector<resolve::Json> wants;
      if (want.is_array()) wants.assign(want.begin(), want.end());
      else wants.push_back(want);
      if (of_type.size() != wants.size()) {
        std::string got;
        for (const auto* e : of_type) got += " [" + nt.text.substr(e->begin, e->end - e->begin) + "] by " + e->rule + ";";
        failures.push_back({where, prefix + "expected " + std::to_string(wants.size()) + " " + type + ", got " +
                                       std::to_string(of_type.size()) + got});
        continue;
      }
      size_t at = 0;
      if (wants.size() > 1) {
        while (at + 1 < of_type.size() && nt.text.substr(of_type[at]->begin, of_type[at]->end - of_type[at]->begin) != span) ++at;
        for (size_t i = 0; i < wants.size(); ++i) {
          if (i == at || wants[i].is_object()) continue;
          const char* f = resolve::MainFieldOfType(type);
          if (!of_type[i]->fields.contains(f) || !JsonEqual(of_type[i]->fields[f], wants[i])) {
            failures.push_back({where, prefix + "entity " + std::to_string(i + 1) + " " + f + " is " +
                                           (of_type[i]->fields.contains(f) ? of_type[i]->fields[f].dump() : "absent") +
                                           ", expected " + wants[i].dump()});
          }
        }
        want = wants[at];
      }
      const resolve::Entity& e = *of_type[at];
      std::string got_span = nt.text.substr(e.begin, e.end - e.begin);
      if (got_span != span) {
        failures.push_back({where, prefix + "span is [" + got_span + "], expected [" + span + "]"});
        continue;
      }
      if (e.rule != rule.full_id) {
        failures.push_back({where, prefix + "found by " + e.rule + ", expected " + rule.full_id});
        continue;
      }
      if (want.is_object()) {
        for (auto it = want.begin(); it != want.end(); ++it) {
          if (!e.fields.contains(it.key()) || !JsonEqual(e.fields[it.key()], it.value())) {
            failures.push_back({where, prefix + it.key() + " is " +
                                           (e.fields.contains(it.key()) ? e.fields[it.key()].dump() : "absent") +
                                           ", expected " + it.value().dump()});
          }
        }
      } else {
        const char* f = resolve::MainFieldOfType(type);
        if (!e.fields.contains(f) || !JsonEqual(e.fields[f], want)) {
          failures.push_back({where, prefix + f + " is " + (e.fields.contains(f) ? e.fields[f].dump() : "absent") +
                                         ", expected " + want.dump()});
        }
      }
    }
  }
  for (const rules::Negative& neg : set.negatives) {
    std::string type = resolve::EntityTypeForKind(neg.kind);
    if (type.empty()) continue;
    ++n;
    auto [nt, analysis] = analyze(neg.file, neg.text);
    for (const resolve::Entity* e : OfType(analysis, type)) {
      if (resolve::IsBlocker(*e) || e->latent) continue;  // a negative is about default output
      failures.push_back({neg.file + ":" + std::to_string(neg.line),
                          "negative \"" + neg.text + "\": found " + type + " [" +
                              nt.text.substr(e->begin, e->end - e->begin) + "] by " + e->rule});
      break;
    }
  }
  if (checked) *checked = n;
  return failures;
}

}  // namespace kiji
