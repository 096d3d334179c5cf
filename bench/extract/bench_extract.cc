// Extraction throughput on one core: MB/s per language and peak RSS.
//
// Options: --fixtures DIR, --mb N, --patterns DIR (repeatable),
// --no-builtin-patterns (measure a rule directory alone).
// Builds at least --mb MB of English and of Japanese articles from the
// fixtures (every *.txt under fixtures/, by detected language), varying the
// digits of each copy so the text is not one block repeated, and runs the
// whole pipeline after input (extract, normalize, match, resolve, emit) on
// one thread, article by article, as `kiji extract` does. Prints MB/s per
// language and the peak RSS after each, so growth with the number of
// articles shows.
#include <sys/resource.h>

#include <chrono>
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

namespace {

// CPU seconds of this process (the machine may be shared: wall time lies).
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Returns `s` with every ASCII digit replaced by a random one (keeps shapes).
std::string VaryDigits(const std::string& s, std::mt19937& rng) {
  std::string out = s;
  std::uniform_int_distribution<int> d(0, 9);
  for (char& c : out) {
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + d(rng));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string fixtures = "fixtures";
  double mb = 50;
  kiji::PipelineOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-builtin-patterns") == 0) options.builtin_patterns = false;
    else if (i + 1 >= argc) break;
    else if (std::strcmp(argv[i], "--fixtures") == 0) fixtures = argv[++i];
    else if (std::strcmp(argv[i], "--mb") == 0) mb = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--patterns") == 0) options.pattern_dirs.push_back(argv[++i]);
  }
  kiji::Result<kiji::Pipeline> pipeline = kiji::Pipeline::Create(options);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "bench: %s\n", pipeline.error().Message().c_str());
    return 2;
  }
  std::vector<std::string> en, ja;
  for (const auto& e : std::filesystem::recursive_directory_iterator(fixtures)) {
    if (!e.is_regular_file() || e.path().extension() != ".txt") continue;
    std::string t = ReadAll(e.path());
    auto lang = kiji::text::DetectLang(t);
    (lang == kiji::text::Lang::kJa ? ja : en).push_back(std::move(t));
  }
  std::printf("kiji extraction benchmark: %zu English and %zu Japanese source articles, %.0f MB each, one core\n",
              en.size(), ja.size(), mb);
  std::mt19937 rng(42);
  for (auto* set : {&en, &ja}) {
    const char* name = set == &en ? "en" : "ja";
    if (set->empty()) {
      std::printf("%s: no fixtures\n", name);
      continue;
    }
    // Pre-build the articles so generation is not timed.
    std::vector<std::string> articles;
    size_t total = 0;
    const size_t target = static_cast<size_t>(mb * 1024 * 1024);
    for (size_t i = 0; total < target; ++i) {
      articles.push_back(VaryDigits((*set)[i % set->size()], rng));
      total += articles.back().size();
    }
    size_t entities = 0, out_bytes = 0;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    for (size_t i = 0; i < articles.size(); ++i) {
      kiji::extract::Document d;
      d.source.location = std::string(name) + "-" + std::to_string(i);
      d.bytes = articles[i];
      auto p = pipeline->ProcessDocument(std::move(d));
      if (!p.ok()) continue;
      entities += p.value()->record.entities.size();
      out_bytes += kiji::emit::Serialize(p.value()->record, false).size();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu = CpuSeconds() - c0;
    std::printf("%s: %zu articles, %.1f MB in %.2f s = %.1f MB/s (CPU %.2f s = %.1f MB/s); %zu entities; %.1f MB of records; peak RSS %.1f MB\n",
                name, articles.size(), static_cast<double>(total) / 1048576.0, secs,
                static_cast<double>(total) / 1048576.0 / secs, cpu, static_cast<double>(total) / 1048576.0 / cpu,
                entities, static_cast<double>(out_bytes) / 1048576.0, static_cast<double>(PeakRssKb()) / 1024.0);
  }
  return 0;
}
