#include "rules/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <unordered_map>

#include "common/strings.h"

namespace kiji::rules {
namespace {

using text::CodePointAt;
using text::CodePointBefore;
using text::IsKatakana;

// The literal rules' strings in a byte trie, walked from each position
// where a literal may start (not inside a Latin word): the longest literal
// within its bounds wins, and the scan goes on after it. Costs a few steps
// per word, whatever the number of literals.
class LiteralMatcher {
 public:
  LiteralMatcher() { nodes_.emplace_back(); }

  void Add(const std::string& text, int rule, Rule::Bounds bounds) {
    if (text.empty()) return;
    uint32_t node = 0;
    for (char ch : text) {
      uint8_t b = static_cast<uint8_t>(ch);
      auto& kids = building_[node];
      auto it = kids.find(b);
      if (it == kids.end()) {
        uint32_t next = static_cast<uint32_t>(nodes_.size());
        nodes_.emplace_back();
        kids.emplace(b, next);
        node = next;
      } else {
        node = it->second;
      }
    }
    if (nodes_[node].rule < 0) {  // the first rule to list a string keeps it
      nodes_[node].rule = rule;
      nodes_[node].bounds = bounds;
    }
    size_t h = static_cast<unsigned char>(text[0]) < 0x80 ? Hash(text.data(), std::min<size_t>(text.size(), 4))
                                                          : Hash(text.data(), TwoCodePoints(text, 0));
    first_[h / 64] |= uint64_t{1} << (h % 64);
  }

  // Lays the children out flat (call once, after Add): a node with few
  // children lists them, sorted by byte; one with many gets a 256-entry
  // table (UTF-8 lead bytes of kanji fan out wide).
  void Finish() {
    edges_.clear();
    tables_.clear();
    for (uint32_t n = 0; n < nodes_.size(); ++n) {
      nodes_[n].first_edge = static_cast<uint32_t>(edges_.size());
      auto it = building_.find(n);
      if (it != building_.end()) {
        for (const auto& [b, child] : it->second) edges_.push_back(Edge{b, child});
      }
      nodes_[n].edge_count = static_cast<uint32_t>(edges_.size()) - nodes_[n].first_edge;
      if (nodes_[n].edge_count > kDenseAfter) {
        nodes_[n].table = static_cast<int32_t>(tables_.size() / 256);
        tables_.resize(tables_.size() + 256, 0);
        for (uint32_t e = nodes_[n].first_edge; e < nodes_[n].first_edge + nodes_[n].edge_count; ++e) {
          tables_[static_cast<size_t>(nodes_[n].table) * 256 + edges_[e].byte] = edges_[e].child;
        }
      }
    }
    building_.clear();
    root_.fill(0);
    for (uint32_t e = nodes_[0].first_edge; e < nodes_[0].first_edge + nodes_[0].edge_count; ++e) {
      root_[edges_[e].byte] = edges_[e].child;
    }
  }

  bool empty() const { return nodes_.size() <= 1; }

  // Appends the matches in `s` (a sentence at `offset`), leftmost-longest,
  // not overlapping.
  void Run(std::string_view s, size_t offset, size_t sentence_index, std::vector<Match>* out) const {
    const size_t n = s.size();
    for (size_t i = 0; i < n; ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      uint32_t node = root_[c];
      if (node == 0) continue;
      // No literal starts inside a Latin word.
      if (i > 0 && IsAsciiAlnum(s[i]) && IsAsciiAlnum(s[i - 1])) continue;
      // Most positions start no literal: their first four bytes (or all of
      // a shorter literal) are not in the filter, and the trie (large,
      // out of cache) is not walked.
      if (!MayStart(s, i)) continue;
      size_t best_end = 0;
      int best_rule = -1;
      for (size_t j = i + 1;; ++j) {
        const Node& nd = nodes_[node];
        if (nd.rule >= 0 && InBounds(s, i, j, nd.bounds)) {
          best_end = j;
          best_rule = nd.rule;
        }
        if (j >= n || nd.edge_count == 0) break;
        node = Child(nd, static_cast<uint8_t>(s[j]));
        if (node == 0) break;
      }
      if (best_rule < 0) continue;
      Match m;
      m.rule = best_rule;
      m.sentence = sentence_index;
      m.begin = offset + i;
      m.end = offset + best_end;
      out->push_back(std::move(m));
      i = best_end - 1;
    }
  }

 private:
  // A hash of the first k bytes (k <= 8), 16 bits.
  static size_t Hash(const char* p, size_t k) {
    uint64_t v = k;  // the length tells "UN" from "UNDP"'s prefix
    for (size_t j = 0; j < k; ++j) v = (v << 8) | static_cast<uint8_t>(p[j]);
    return static_cast<size_t>((v * 0x9E3779B97F4A7C15ull) >> 48);
  }

  bool Has(size_t h) const { return first_[h / 64] >> (h % 64) & 1; }

  // Returns the byte length of the first two code points at s[i] (or of
  // what is left, if less).
  static size_t TwoCodePoints(std::string_view s, size_t i) {
    size_t j = i;
    for (int cp = 0; cp < 2 && j < s.size(); ++cp) {
      j += text::Utf8Len(static_cast<unsigned char>(s[j]));
    }
    return std::min(j, s.size()) - i;
  }

  // Latin literals are filtered by their first four bytes (or all of a
  // shorter one); others (Japanese) by their first two code points.
  bool MayStart(std::string_view s, size_t i) const {
    const size_t left = s.size() - i;
    if (static_cast<unsigned char>(s[i]) >= 0x80) return Has(Hash(s.data() + i, TwoCodePoints(s, i)));
    if (left >= 4 && Has(Hash(s.data() + i, 4))) return true;
    return (left >= 2 && Has(Hash(s.data() + i, 2))) || (left >= 3 && Has(Hash(s.data() + i, 3)));
  }

  static constexpr uint32_t kDenseAfter = 6;  // children listed up to this many, then a table
  struct Node {
    uint32_t first_edge = 0;
    uint32_t edge_count = 0;
    int32_t table = -1;  // index of its 256-entry child table, or -1
    int rule = -1;       // a literal ends here (rule index), or -1
    Rule::Bounds bounds = Rule::Bounds::kWord;
  };
  struct Edge {
    uint8_t byte;
    uint32_t child;
  };

  uint32_t Child(const Node& nd, uint8_t b) const {
    if (nd.table >= 0) return tables_[static_cast<size_t>(nd.table) * 256 + b];
    const Edge* e = edges_.data() + nd.first_edge;
    for (uint32_t k = 0; k < nd.edge_count; ++k) {
      if (e[k].byte == b) return e[k].child;
    }
    return 0;
  }

  static bool InBounds(std::string_view s, size_t b, size_t e, Rule::Bounds bounds) {
    if (bounds == Rule::Bounds::kWord) {
      return (b == 0 || !IsAsciiAlnum(s[b - 1])) &&
             (e == s.size() || !IsAsciiAlnum(s[e]));
    }
    if (b > 0 && IsKatakana(CodePointBefore(s, b))) return false;
    if (e < s.size()) {
      char32_t after = CodePointAt(s, e);
      static constexpr char32_t kPlace[] = {U'市', U'町', U'村', U'区', U'郡', U'県'};
      for (char32_t p : kPlace) {
        if (after == p) return false;
      }
      if (bounds == Rule::Bounds::kJapaneseKana && IsKatakana(after)) return false;
    }
    return true;
  }

  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<Edge> edges_;
  std::vector<uint32_t> tables_;      // 256 children per dense node
  std::array<uint32_t, 256> root_{};  // the root's children by byte (0: none)
  std::array<uint64_t, 1024> first_{};  // 64K-bit filter of Hash(first min(4, size) bytes)
  std::unordered_map<uint32_t, std::map<uint8_t, uint32_t>> building_;  // children while adding
};

}  // namespace

struct Engine::Compiled {
  // An RE2::Set of a few rules of one kind, and the rule index of its i-th
  // pattern.
  struct SetOfRules {
    std::string kind;
    std::unique_ptr<re2::RE2::Set> set;
    std::vector<int> rules;
  };
  // sets[0]: rules for Latin-script text, sets[1]: for Japanese text.
  std::vector<SetOfRules> sets[2];
  LiteralMatcher literals;  // the literal rules (gazetteer names)
  // Rules of gated kinds (EngineOptions::gated_kinds), in Sets of their own
  // scanned only where a kind they are gated on matched.
  std::vector<SetOfRules> gated_sets[2];
  // Per rule: its kind's number, and the number of its gate kind or -1;
  // per kind number: whether some kind is gated on it.
  std::vector<int> kind;
  std::vector<int> gate;
  std::vector<char> is_gate;
  std::vector<std::unique_ptr<re2::RE2>> regexes;  // per rule; null for a literal rule
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
    if (!r.literals.empty()) {
      for (const std::string& lit : r.literals) c.literals.Add(lit, static_cast<int>(ri), r.bounds);
      c.groups.emplace_back();
      c.span_group.push_back(0);
      c.regexes.push_back(nullptr);
      continue;
    }
    auto re = std::make_unique<re2::RE2>(r.pattern, ro);
    if (!re->ok()) {
      return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line),
                       "rule " + r.id + ": " + re->error());
    }
    const bool gated = c.gate[ri] >= 0;
    const std::string set_pattern = WithoutCaptures(r.pattern);
    for (int k = 0; k < 2; ++k) {
      if ((k == 0 && r.lang == "ja") || (k == 1 && r.lang == "en")) continue;
      // The kind's last Set, or a new one when it is full.
      std::vector<Compiled::SetOfRules>& sets = gated ? c.gated_sets[k] : c.sets[k];
      auto it = std::find_if(sets.rbegin(), sets.rend(), [&](const auto& x) { return x.kind == r.kind; });
      Compiled::SetOfRules* target = it == sets.rend() ? nullptr : &*it;
      if (!target || target->rules.size() >= options.set_size) {
        sets.push_back({r.kind, std::make_unique<re2::RE2::Set>(so, re2::RE2::UNANCHORED), {}});
        target = &sets.back();
      }
      std::string err;
      if (target->set->Add(set_pattern, &err) < 0) {
        return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line), "rule " + r.id + ": " + err);
      }
      target->rules.push_back(static_cast<int>(ri));
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
  c.literals.Finish();
  for (auto* by_script : {&c.sets, &c.gated_sets}) {
    for (auto& sets : *by_script) {
      for (auto& x : sets) {
        if (!x.set->Compile()) {
          return MakeError(ErrorCode::kBadRegex, "patterns", "the rules do not compile as an RE2::Set (out of memory?)");
        }
      }
    }
  }
  return e;
}

std::vector<Match> Engine::RunSentence(std::string_view s, size_t offset, size_t sentence_index,
                                       unsigned scripts) const {
  std::vector<Match> out;
  const Compiled& c = *compiled_;
  if (!c.literals.empty()) c.literals.Run(s, offset, sentence_index, &out);
  std::vector<int> hits, set_hits;
  // Adds the rule indexes of a Set's hits; on a DFA failure (out of
  // memory), every rule of the Set: slow but complete.
  auto scan = [&](const std::vector<Compiled::SetOfRules>& sets, std::vector<int>* to) {
    for (const Compiled::SetOfRules& x : sets) {
      re2::RE2::Set::ErrorInfo info;
      set_hits.clear();
      if (x.set->Match(s, &set_hits, &info)) {
        for (int h : set_hits) to->push_back(x.rules[static_cast<size_t>(h)]);
      } else if (info.kind != re2::RE2::Set::kNoError && info.kind != re2::RE2::Set::kNotCompiled) {
        to->insert(to->end(), x.rules.begin(), x.rules.end());
      }
    }
  };
  for (int k = 0; k < 2; ++k) {
    if (scripts & (1u << k)) scan(c.sets[k], &hits);
  }
  // The gated kinds, only where a kind they are gated on matched (by a
  // regex or a literal rule).
  std::vector<char> present(c.is_gate.size(), 0);
  bool any_gate = false;
  auto mark = [&](int ri) {
    size_t kd = static_cast<size_t>(c.kind[static_cast<size_t>(ri)]);
    if (kd < present.size() && c.is_gate[kd]) present[kd] = any_gate = true;
  };
  for (int ri : hits) mark(ri);
  for (const Match& m : out) mark(m.rule);
  // A gated literal rule's matches stay only where its gate matched.
  std::erase_if(out, [&](const Match& m) {
    int g = c.gate[static_cast<size_t>(m.rule)];
    return g >= 0 && !present[static_cast<size_t>(g)];
  });
  if (any_gate) {
    std::vector<int> gated;
    for (int k = 0; k < 2; ++k) {
      if (scripts & (1u << k)) scan(c.gated_sets[k], &gated);
    }
    for (int ri : gated) {
      if (present[static_cast<size_t>(c.gate[static_cast<size_t>(ri)])]) hits.push_back(ri);
    }
  }
  // Rules run in rule order, whichever Sets reported them: where two rules
  // find the same span with the same priority, the one listed first (in an
  // earlier file, or higher in its file) wins the overlap.
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  std::vector<re2::StringPiece> sub(static_cast<size_t>(c.max_groups) + 1);
  for (int ri : hits) {
    const re2::RE2& re = *c.regexes[static_cast<size_t>(ri)];
    const int n = re.NumberOfCapturingGroups() + 1;
    size_t pos = 0;
    size_t taken = 0;  // end of the last span reported: spans never overlap
    while (pos <= s.size() &&
           re.Match(s, pos, s.size(), re2::RE2::UNANCHORED, sub.data(), n)) {
      const re2::StringPiece& whole = sub[0];
      size_t mb = static_cast<size_t>(whole.data() - s.data());
      size_t me = mb + whole.size();
      int sg = c.span_group[static_cast<size_t>(ri)];
      re2::StringPiece span = sg > 0 ? sub[static_cast<size_t>(sg)] : whole;
      size_t sb = span.data() != nullptr ? static_cast<size_t>(span.data() - s.data()) : me;
      if (sb < taken) {  // overlaps the span before: read on from its end, as without the step back below
        pos = taken;
        continue;
      }
      if (span.data() != nullptr && !span.empty()) {
        taken = sb + span.size();
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
      // consumed after its span can start the next match; and from the
      // span's last character, which may be the context a rule reads
      // before its next span ("1ケース24個": ス before 24). A match whose
      // span overlaps the one reported is dropped (above); never stall.
      size_t next = sg > 0 && span.data() != nullptr ? sb + span.size() : me;
      if (sg > 0 && span.data() != nullptr && !span.empty()) {
        --next;
        while (next > sb && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) --next;
      }
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
