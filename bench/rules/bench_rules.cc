// Which rules make the RE2::Set slow: scans the fixture sentences with the
// whole Set of each language, then with each rule alone in a Set, and
// prints MB/s, slowest rules first.
//   kiji_bench_rules --fixtures fixtures [--top 20]
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/rule_set.h"
#include "text/text.h"

namespace {

double ScanMbPerSec(const std::vector<std::string>& patterns, const std::vector<std::string_view>& sentences,
                    size_t bytes, int64_t max_mem = int64_t(256) << 20) {
  re2::RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  re2::RE2::Set set(o, re2::RE2::UNANCHORED);
  for (const std::string& p : patterns) set.Add(p, nullptr);
  if (!set.Compile()) return -1;
  std::vector<int> hits;
  for (std::string_view s : sentences) set.Match(s, &hits);  // warm the DFA cache
  auto t0 = std::chrono::steady_clock::now();
  int rounds = 0;
  do {
    for (std::string_view s : sentences) set.Match(s, &hits);
    ++rounds;
  } while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(300));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return static_cast<double>(bytes) * rounds / 1048576.0 / secs;
}

}  // namespace

int main(int argc, char** argv) {
  std::string fixtures = "fixtures";
  size_t top = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--fixtures") == 0) fixtures = argv[i + 1];
    if (std::strcmp(argv[i], "--top") == 0) top = static_cast<size_t>(std::atoi(argv[i + 1]));
  }
  kiji::rules::RuleSet rules;
  if (auto st = kiji::rules::ParseRuleSources(kiji::rules::BuiltinRuleSources(), "patterns", &rules); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.error().Message().c_str());
    return 2;
  }
  for (const char* lang : {"en", "ja"}) {
    std::vector<kiji::text::NormText> texts;
    for (const auto& e : std::filesystem::recursive_directory_iterator(fixtures)) {
      if (!e.is_regular_file() || e.path().extension() != ".txt") continue;
      std::ifstream f(e.path());
      std::stringstream ss;
      ss << f.rdbuf();
      kiji::text::NormText t = kiji::text::Normalize(ss.str());
      if (std::string(kiji::text::LangName(t.lang)) == lang) texts.push_back(std::move(t));
    }
    std::vector<std::string_view> sentences;
    size_t bytes = 0;
    for (const auto& t : texts) {
      for (const auto& s : t.sentences) {
        sentences.push_back(std::string_view(t.text).substr(s.begin, s.end - s.begin));
        bytes += s.end - s.begin;
      }
    }
    std::vector<std::pair<double, std::string>> solo;
    std::vector<std::string> all;
    for (const auto& r : rules.rules) {
      if (r.lang == (std::string(lang) == "en" ? "ja" : "en")) continue;
      all.push_back(r.pattern);
      solo.emplace_back(ScanMbPerSec({r.pattern}, sentences, bytes), r.full_id);
    }
    std::printf("%s: %zu rules, %zu sentences, %.1f KB: whole Set %.1f MB/s\n", lang, all.size(), sentences.size(),
                static_cast<double>(bytes) / 1024.0, ScanMbPerSec(all, sentences, bytes));
    for (int64_t mb : {8, 64, 256, 2048}) {
      std::printf("  max_mem %4lld MB: %.1f MB/s\n", static_cast<long long>(mb), ScanMbPerSec(all, sentences, bytes, mb << 20));
    }
    std::sort(solo.begin(), solo.end());
    for (size_t i = 0; i < std::min(top, solo.size()); ++i) {
      std::printf("  %8.1f MB/s  %s\n", solo[i].first, solo[i].second.c_str());
    }
  }
  return 0;
}
