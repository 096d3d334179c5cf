// Where extraction time goes, stage by stage, on one core.
//   kiji_bench_stages --fixtures fixtures/seeds [--mb 20]
//   kiji_bench_stages --jsonl ARTICLES.jsonl
// Builds the same articles as bench/extract (fixtures by language, digits
// varied per copy) and times, per language: extraction from the bytes,
// normalization (ICU), the rule engine's scan, resolution (values,
// overlaps, organizations, agreements: Pipeline::Analyze minus the scan)
// and serialization, each in CPU seconds and MB/s of input.
// With --jsonl, the articles are the `text` of each line of a JSON Lines
// file, each read once, as they are: real text the rules have never seen
// (the rule engine's DFAs build their states as they meet new text, so
// copies of a few fixtures flatter it). E.g. the article-extraction
// benchmark's ground truth, as bench/stages/real_text.py writes it.
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "resolve/recipe.h"

namespace {

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string fixtures = "fixtures";
  std::string jsonl;
  double mb = 20;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--fixtures") == 0) fixtures = argv[++i];
    else if (std::strcmp(argv[i], "--mb") == 0) mb = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--jsonl") == 0) jsonl = argv[++i];
  }
  kiji::Result<kiji::Pipeline> pipeline = kiji::Pipeline::Create({});
  if (!pipeline.ok()) {
    std::fprintf(stderr, "bench: %s\n", pipeline.error().Message().c_str());
    return 2;
  }
  // The articles of each language: the --jsonl texts once each, else
  // copies of the fixtures with their digits varied, up to --mb MB.
  std::vector<std::string> by_lang[2];
  auto lang_of = [](const std::string& t) { return kiji::text::DetectLang(t) == kiji::text::Lang::kJa ? 1 : 0; };
  if (!jsonl.empty()) {
    std::ifstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) {
      std::string t = kiji::resolve::Json::parse(line).value("text", "");
      if (!t.empty()) by_lang[lang_of(t)].push_back(std::move(t));
    }
  } else {
    std::vector<std::string> sources[2];
    for (const auto& e : std::filesystem::recursive_directory_iterator(fixtures)) {
      if (!e.is_regular_file() || e.path().extension() != ".txt") continue;
      std::string t = ReadAll(e.path());
      sources[lang_of(t)].push_back(std::move(t));
    }
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> digit(0, 9);
    for (int l = 0; l < 2; ++l) {
      size_t total = 0;
      for (size_t i = 0; !sources[l].empty() && total < static_cast<size_t>(mb * 1048576); ++i) {
        std::string a = sources[l][i % sources[l].size()];
        for (char& c : a) if (c >= '0' && c <= '9') c = static_cast<char>('0' + digit(rng));
        total += a.size();
        by_lang[l].push_back(std::move(a));
      }
    }
  }
  for (int l = 0; l < 2; ++l) {
    const char* name = l == 0 ? "en" : "ja";
    const std::vector<std::string>& articles = by_lang[l];
    if (articles.empty()) continue;
    size_t total = 0;
    for (const std::string& a : articles) total += a.size();
    double extract = 0, normalize = 0, serialize = 0;
    kiji::Pipeline::StageTimes analysis;
    for (size_t i = 0; i < articles.size(); ++i) {
      double c0 = CpuSeconds();
      kiji::extract::Document d;
      d.source.location = std::string(name) + "-" + std::to_string(i);
      d.bytes = articles[i];
      auto article = kiji::extract::ExtractArticle(std::move(d));
      if (!article.ok()) continue;
      double c1 = CpuSeconds();
      kiji::text::NormText nt = kiji::text::Normalize(article.value().body);
      double c2 = CpuSeconds();
      kiji::resolve::RefDate ref = kiji::resolve::ParseRefDate(article.value().published.value_or(""));
      kiji::Analysis a = pipeline->Analyze(nt, ref, &analysis);
      double c3 = CpuSeconds();
      kiji::emit::Record r;
      r.source = article.value().source;
      r.entities = std::move(a.entities);
      r.agreements = std::move(a.agreements);
      r.text = &nt;
      std::string out = kiji::emit::Serialize(r, false);
      double c4 = CpuSeconds();
      extract += c1 - c0;
      normalize += c2 - c1;
      serialize += c4 - c3;
    }
    const std::pair<const char*, double> stages[] = {
        {"extract", extract},           {"normalize", normalize},
        {"scan", analysis.scan},        {"resolve", analysis.resolve},
        {"canonical", analysis.canonical}, {"agreements", analysis.agreements},
        {"serialize", serialize}};
    double all = 0;
    for (const auto& st : stages) all += st.second;
    const double mbs = static_cast<double>(total) / 1048576.0;
    std::printf("%s: %.1f MB, %.2f CPU s = %.1f MB/s\n", name, mbs, all, mbs / all);
    for (const auto& [stage, secs] : stages) {
      std::printf("  %-10s %6.2f s %5.1f%% %8.1f MB/s\n", stage, secs, 100 * secs / all, mbs / secs);
    }
  }
  return 0;
}
