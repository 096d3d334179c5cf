#include "rules/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <array>
#include <cstring>
#include <unordered_map>

namespace kiji::rules {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes the code point at s[i] (valid UTF-8 assumed).
char32_t CodePointAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (int k = 1; k <= extra && i + static_cast<size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  }
  return cp;
}

char32_t CodePointBefore(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return CodePointAt(s, j);
}

bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }

// The literal rules' strings, found in one scan: at each code point whose
// first two bytes may start a literal (a 64K-bit filter), the literals
// sharing its first four bytes (or all of a shorter literal) are compared,
// longest first. Costs a few lookups per sentence, whatever the number of
// literals.
class LiteralMatcher {
 public:
  void Add(const std::string& text, int rule, Rule::Bounds bounds) {
    if (text.size() < 2) return;
    size_t k = std::min<size_t>(text.size(), 4);
    lits_.push_back(Lit{text, rule, bounds});
    by_prefix_[k - 2][Pack(text.data(), k)].push_back(static_cast<uint32_t>(lits_.size() - 1));
    size_t f = First2(text.data());
    first2_[f / 64] |= uint64_t{1} << (f % 64);
  }

  void Finish() {
    for (auto& table : by_prefix_) {
      for (auto& [key, list] : table) {
        std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
          if (lits_[a].text.size() != lits_[b].text.size()) return lits_[a].text.size() > lits_[b].text.size();
          return a < b;
        });
      }
    }
  }

  bool empty() const { return lits_.empty(); }

  // Appends the matches in `s` (a sentence at `offset`), leftmost-longest,
  // not overlapping.
  void Run(std::string_view s, size_t offset, size_t sentence_index, std::vector<Match>* out) const {
    const size_t n = s.size();
    for (size_t i = 0; i + 1 < n; ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if ((c & 0xC0) == 0x80) continue;
      // No literal starts inside a Latin word.
      if (i > 0 && IsAsciiAlnum(c) && IsAsciiAlnum(static_cast<unsigned char>(s[i - 1]))) continue;
      size_t f = First2(s.data() + i);
      if (!(first2_[f / 64] >> (f % 64) & 1)) continue;
      const Lit* hit = nullptr;
      for (size_t k = 4; k >= 2 && !hit; --k) {
        if (i + k > n) continue;
        const auto& table = by_prefix_[k - 2];
        if (table.empty()) continue;
        auto it = table.find(Pack(s.data() + i, k));
        if (it == table.end()) continue;
        for (uint32_t li : it->second) {
          const Lit& l = lits_[li];
          if (l.text.size() <= n - i && std::memcmp(s.data() + i, l.text.data(), l.text.size()) == 0 &&
              InBounds(s, i, i + l.text.size(), l.bounds)) {
            hit = &l;
            break;
          }
        }
      }
      if (!hit) continue;
      Match m;
      m.rule = hit->rule;
      m.sentence = sentence_index;
      m.begin = offset + i;
      m.end = offset + i + hit->text.size();
      out->push_back(std::move(m));
      i += hit->text.size() - 1;
    }
  }

 private:
  struct Lit {
    std::string text;
    int rule;
    Rule::Bounds bounds;
  };

  static uint32_t Pack(const char* p, size_t k) {
    uint32_t v = 0;
    std::memcpy(&v, p, k);
    return v;
  }
  static size_t First2(const char* p) {
    return static_cast<size_t>(static_cast<unsigned char>(p[0])) << 8 | static_cast<unsigned char>(p[1]);
  }

  static bool InBounds(std::string_view s, size_t b, size_t e, Rule::Bounds bounds) {
    if (bounds == Rule::Bounds::kWord) {
      return (b == 0 || !IsAsciiAlnum(static_cast<unsigned char>(s[b - 1]))) &&
             (e == s.size() || !IsAsciiAlnum(static_cast<unsigned char>(s[e])));
    }
    if (b > 0) {
      char32_t before = CodePointBefore(s, b);
      if (IsKatakana(before)) return false;
    }
    if (e < s.size()) {
      char32_t after = CodePointAt(s, e);
      static constexpr char32_t kPlace[] = {U'市', U'町', U'村', U'区', U'郡', U'県'};
      for (char32_t p : kPlace) if (after == p) return false;
      if (bounds == Rule::Bounds::kJapaneseKana && IsKatakana(after)) return false;
    }
    return true;
  }

  std::vector<Lit> lits_;
  std::array<std::unordered_map<uint32_t, std::vector<uint32_t>>, 3> by_prefix_;  // by key length 2, 3, 4
  std::array<uint64_t, 1024> first2_{};
};

}  // namespace

struct Engine::Compiled {
  std::unique_ptr<re2::RE2::Set> set;
  std::vector<int> set_rule;  // Set index -> rule index
  LiteralMatcher literals;
  std::vector<std::unique_ptr<re2::RE2>> regexes;  // per rule; null for a literal rule
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
  c.set = std::make_unique<re2::RE2::Set>(so, re2::RE2::UNANCHORED);
  for (const Rule& r : e.rules_.rules) {
    if (!r.literals.empty()) {
      for (const std::string& lit : r.literals) {
        c.literals.Add(lit, static_cast<int>(c.regexes.size()), r.bounds);
      }
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
    std::string err;
    if (c.set->Add(r.pattern, &err) < 0) {
      return MakeError(ErrorCode::kBadRegex, r.file + ":" + std::to_string(r.line), "rule " + r.id + ": " + err);
    }
    c.set_rule.push_back(static_cast<int>(c.regexes.size()));
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
  if (!c.set->Compile()) {
    return MakeError(ErrorCode::kBadRegex, "patterns", "the rule set does not compile as one RE2::Set (out of memory?)");
  }
  return e;
}

std::vector<Match> Engine::RunSentence(std::string_view s, size_t offset, size_t sentence_index) const {
  std::vector<Match> out;
  const Compiled& c = *compiled_;
  if (!c.literals.empty()) c.literals.Run(s, offset, sentence_index, &out);
  std::vector<int> hits;
  re2::RE2::Set::ErrorInfo info;
  if (c.set_rule.empty()) return out;
  if (!c.set->Match(s, &hits, &info)) {
    if (info.kind == re2::RE2::Set::kNoError || info.kind == re2::RE2::Set::kNotCompiled) return out;
    // Out of memory in the DFA: run every rule, slow but complete.
    hits.clear();
    for (size_t i = 0; i < c.set_rule.size(); ++i) hits.push_back(static_cast<int>(i));
  }
  for (int& h : hits) h = c.set_rule[static_cast<size_t>(h)];
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
    std::vector<Match> m = RunSentence(all.substr(s.begin, s.end - s.begin), s.begin, i);
    out.insert(out.end(), std::make_move_iterator(m.begin()), std::make_move_iterator(m.end()));
  }
  return out;
}

}  // namespace kiji::rules
