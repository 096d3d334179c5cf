#include "rules/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace kiji::rules {

struct Engine::Compiled {
  // sets[0]: rules for Latin-script text, sets[1]: for Japanese text;
  // set_rules[k][i]: the rule index of the Set's i-th pattern.
  std::unique_ptr<re2::RE2::Set> sets[2];
  std::vector<int> set_rules[2];
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  // Per rule: (group name, group index) for each named group; the index of
  // the `span` group or 0.
  std::vector<std::vector<std::pair<std::string, int>>> groups;
  std::vector<int> span_group;
  int max_groups = 0;
};

Engine::Engine() : compiled_(std::make_unique<Compiled>()) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Result<Engine> Engine::Build(RuleSet rules, const EngineOptions& options) {
  Engine e;
  e.rules_ = std::move(rules);
  Compiled& c = *e.compiled_;
  re2::RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_encoding(re2::RE2::Options::EncodingUTF8);
  ro.set_max_mem(options.rule_max_mem);
  re2::RE2::Options so = ro;
  so.set_max_mem(options.set_max_mem);
  for (auto& set : c.sets) set = std::make_unique<re2::RE2::Set>(so, re2::RE2::UNANCHORED);
  for (size_t ri = 0; ri < e.rules_.rules.size(); ++ri) {
    const Rule& r = e.rules_.rules[ri];
    auto re = std::make_unique<re2::RE2>(r.pattern, ro);
    if (!re->ok()) {
      return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line),
                       "rule " + r.id + ": " + re->error());
    }
    for (int k = 0; k < 2; ++k) {
      if ((k == 0 && r.lang == "ja") || (k == 1 && r.lang == "en")) continue;
      std::string err;
      if (c.sets[k]->Add(r.pattern, &err) < 0) {
        return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line), "rule " + r.id + ": " + err);
      }
      c.set_rules[k].push_back(static_cast<int>(ri));
    }
    std::vector<std::pair<std::string, int>> g;
    int span = 0;
    for (const auto& [name, idx] : re->NamedCapturingGroups()) {
      if (name == "span") span = idx;
      else g.emplace_back(name, idx);
    }
    c.max_groups = std::max(c.max_groups, re->NumberOfCapturingGroups());
    c.groups.push_back(std::move(g));
    c.span_group.push_back(span);
    c.regexes.push_back(std::move(re));
  }
  for (auto& set : c.sets) {
    if (!set->Compile()) {
      return MakeError(ErrorCode::kBadRegex, "patterns", "the rules do not compile as an RE2::Set (out of memory?)");
    }
  }
  return e;
}

std::vector<Match> Engine::RunSentence(std::string_view s, size_t offset, size_t sentence_index,
                                       unsigned scripts) const {
  std::vector<Match> out;
  const Compiled& c = *compiled_;
  std::vector<int> hits, set_hits;
  for (int k = 0; k < 2; ++k) {
    if (!(scripts & (1u << k))) continue;
    re2::RE2::Set::ErrorInfo info;
    set_hits.clear();
    if (c.sets[k]->Match(s, &set_hits, &info)) {
      for (int h : set_hits) hits.push_back(c.set_rules[k][static_cast<size_t>(h)]);
    } else if (info.kind != re2::RE2::Set::kNoError && info.kind != re2::RE2::Set::kNotCompiled) {
      // Out of memory in the DFA: run every rule of the Set, slow but complete.
      hits.insert(hits.end(), c.set_rules[k].begin(), c.set_rules[k].end());
    }
  }
  if (scripts == kAll) {
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  }
  std::vector<re2::StringPiece> sub(static_cast<size_t>(c.max_groups) + 1);
  for (int ri : hits) {
    const re2::RE2& re = *c.regexes[static_cast<size_t>(ri)];
    const int n = re.NumberOfCapturingGroups() + 1;
    size_t pos = 0;
    while (pos <= s.size() &&
           re.Match(s, pos, s.size(), re2::RE2::UNANCHORED, sub.data(), n)) {
      const re2::StringPiece& whole = sub[0];
      size_t mb = static_cast<size_t>(whole.data() - s.data());
      size_t me = mb + whole.size();
      int sg = c.span_group[static_cast<size_t>(ri)];
      re2::StringPiece span = sg > 0 ? sub[static_cast<size_t>(sg)] : whole;
      if (span.data() != nullptr && !span.empty()) {
        Match m;
        m.rule = ri;
        m.sentence = sentence_index;
        m.begin = offset + static_cast<size_t>(span.data() - s.data());
        m.end = m.begin + span.size();
        for (const auto& [name, idx] : c.groups[static_cast<size_t>(ri)]) {
          const re2::StringPiece& g = sub[static_cast<size_t>(idx)];
          if (g.data() != nullptr) m.groups.emplace_back(name, std::string_view(g.data(), g.size()));
        }
        out.push_back(std::move(m));
      }
      // Continue after the span (not the whole match), so context a rule
      // consumed after its span can start the next match; never stall.
      size_t next = sg > 0 && span.data() != nullptr
                        ? static_cast<size_t>(span.data() - s.data()) + span.size()
                        : me;
      if (next <= pos || me == mb) {
        next = pos + 1;
        while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
      }
      pos = next;
    }
  }
  return out;
}

std::vector<Match> Engine::Run(const text::NormText& text) const {
  std::vector<Match> out;
  std::string_view all(text.text);
  for (size_t i = 0; i < text.sentences.size(); ++i) {
    const text::Sentence& s = text.sentences[i];
    // A sentence is scanned for the scripts it holds; one with neither
    // (digits and symbols only) by the Set of the text's language.
    unsigned scripts = (s.has_latin ? kLatin : 0u) | (s.has_japanese ? kJapanese : 0u);
    if (scripts == 0) scripts = text.lang == text::Lang::kJa ? kJapanese : text.lang == text::Lang::kEn ? kLatin : kAll;
    std::vector<Match> m = RunSentence(all.substr(s.begin, s.end - s.begin), s.begin, i, scripts);
    out.insert(out.end(), std::make_move_iterator(m.begin()), std::make_move_iterator(m.end()));
  }
  return out;
}

}  // namespace kiji::rules
