#include "rules/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <string_view>

namespace kiji::rules {

struct Engine::Compiled {
  // sets[0]: rules for Latin-script text, sets[1]: for Japanese text;
  // set_rules[k][i]: the rule index of the Set's i-th pattern.
  std::unique_ptr<re2::RE2::Set> sets[2];
  std::vector<int> set_rules[2];
  // Rules of gated kinds (EngineOptions::gated_kinds), in Sets of their own
  // scanned only where a kind they are gated on matched.
  std::unique_ptr<re2::RE2::Set> gated_sets[2];
  std::vector<int> gated_rules[2];
  // Per rule: its kind's number, and the number of its gate kind or -1;
  // per kind number: whether some kind is gated on it.
  std::vector<int> kind;
  std::vector<int> gate;
  std::vector<char> is_gate;
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  // Per rule: (group name, group index) for each named group; the index of
  // the `span` group or 0.
  std::vector<std::vector<std::pair<std::string, int>>> groups;
  std::vector<int> span_group;
  int max_groups = 0;
};

namespace {

// Returns `pattern` with every capturing group made non-capturing: a Set
// only says which rules match, and capture instructions make its DFA build
// more states (measured: a third more work per byte on news text). Escapes
// and character classes are left alone.
std::string WithoutCaptures(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out.push_back(c);
      out.push_back(pattern[++i]);
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
      continue;
    }
    if (c == '(') {
      if (pattern.substr(i, 4) == "(?P<") {
        size_t close = pattern.find('>', i);
        if (close != std::string_view::npos) {
          out += "(?:";
          i = close;
          continue;
        }
      }
      if (i + 1 < pattern.size() && pattern[i + 1] != '?') {
        out += "(?:";
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

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
  std::vector<std::string> kinds;
  auto kind_number = [&kinds](const std::string& k) {
    auto it = std::find(kinds.begin(), kinds.end(), k);
    if (it != kinds.end()) return static_cast<int>(it - kinds.begin());
    kinds.push_back(k);
    return static_cast<int>(kinds.size() - 1);
  };
  for (const Rule& r : e.rules_.rules) {
    c.kind.push_back(kind_number(r.kind));
    int gate = -1;
    for (const auto& [kind, gate_kind] : options.gated_kinds) {
      if (kind == r.kind) gate = kind_number(gate_kind);
    }
    c.gate.push_back(gate);
    if (gate >= 0) {
      if (c.is_gate.size() <= static_cast<size_t>(gate)) c.is_gate.resize(static_cast<size_t>(gate) + 1, 0);
      c.is_gate[static_cast<size_t>(gate)] = 1;
    }
  }
  for (size_t ri = 0; ri < e.rules_.rules.size(); ++ri) {
    const Rule& r = e.rules_.rules[ri];
    auto re = std::make_unique<re2::RE2>(r.pattern, ro);
    if (!re->ok()) {
      return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line),
                       "rule " + r.id + ": " + re->error());
    }
    const bool gated = c.gate[ri] >= 0;
    const std::string set_pattern = WithoutCaptures(r.pattern);
    for (int k = 0; k < 2; ++k) {
      if ((k == 0 && r.lang == "ja") || (k == 1 && r.lang == "en")) continue;
      if (gated && !c.gated_sets[k]) c.gated_sets[k] = std::make_unique<re2::RE2::Set>(so, re2::RE2::UNANCHORED);
      re2::RE2::Set& target = gated ? *c.gated_sets[k] : *c.sets[k];
      std::string err;
      if (target.Add(set_pattern, &err) < 0) {
        return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line), "rule " + r.id + ": " + err);
      }
      (gated ? c.gated_rules[k] : c.set_rules[k]).push_back(static_cast<int>(ri));
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
  for (auto* sets : {&c.sets, &c.gated_sets}) {
    for (auto& set : *sets) {
      if (set && !set->Compile()) {
        return MakeError(ErrorCode::kBadRegex, "patterns", "the rules do not compile as an RE2::Set (out of memory?)");
      }
    }
  }
  return e;
}

std::vector<Match> Engine::RunSentence(std::string_view s, size_t offset, size_t sentence_index,
                                       unsigned scripts) const {
  std::vector<Match> out;
  const Compiled& c = *compiled_;
  std::vector<int> hits, set_hits;
  // Adds the rule indexes of a Set's hits; on a DFA failure (out of
  // memory), every rule of the Set: slow but complete.
  auto scan = [&](const std::unique_ptr<re2::RE2::Set>& set, const std::vector<int>& rules, std::vector<int>* to) {
    if (!set || rules.empty()) return;
    re2::RE2::Set::ErrorInfo info;
    set_hits.clear();
    if (set->Match(s, &set_hits, &info)) {
      for (int h : set_hits) to->push_back(rules[static_cast<size_t>(h)]);
    } else if (info.kind != re2::RE2::Set::kNoError && info.kind != re2::RE2::Set::kNotCompiled) {
      to->insert(to->end(), rules.begin(), rules.end());
    }
  };
  for (int k = 0; k < 2; ++k) {
    if (scripts & (1u << k)) scan(c.sets[k], c.set_rules[k], &hits);
  }
  // The gated kinds, only where a kind they are gated on matched.
  std::vector<char> present(c.is_gate.size(), 0);
  bool any_gate = false;
  for (int ri : hits) {
    size_t kd = static_cast<size_t>(c.kind[static_cast<size_t>(ri)]);
    if (kd < present.size() && c.is_gate[kd]) present[kd] = any_gate = true;
  }
  if (any_gate) {
    std::vector<int> gated;
    for (int k = 0; k < 2; ++k) {
      if (scripts & (1u << k)) scan(c.gated_sets[k], c.gated_rules[k], &gated);
    }
    for (int ri : gated) {
      if (present[static_cast<size_t>(c.gate[static_cast<size_t>(ri)])]) hits.push_back(ri);
    }
  }
  if (scripts == kAll || any_gate) {
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
