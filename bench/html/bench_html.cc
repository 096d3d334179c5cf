// Main-text extraction on the article-extraction-benchmark: runs the whole
// kiji pipeline (charset, gumbo parse, main text, metadata, normalization,
// rules, resolution, record) on every page of <corpus>/html/*.html.gz on
// one thread, writes the benchmark's prediction file
// ({"<id>": {"articleBody": "..."}}, the record's `text`), scores it with
// the benchmark's metric (shared/eval/html_f1.py) and prints F1,
// precision, recall and pages per second. Reading and gunzipping the files
// is not timed; everything from the page's bytes to the record is.
//
//   kiji_bench_html --corpus DIR --scorer html_f1.py [--python python3]
//                   [--pred OUT.json] [--repeat N] [--min-f1 X] [--per-page OUT.tsv]
//
// With --min-f1 it exits 1 when F1 is below X (the ctest floor).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "input/input.h"
#include "pipeline/pipeline.h"

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct PageInput {
  std::string id;
  std::string path;
  std::string html;
};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, scorer, python = "python3", pred = "bench_html_pred.json", per_page;
  double min_f1 = -1;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    auto arg = [&](const char* name) { return std::strcmp(argv[i], name) == 0 && i + 1 < argc; };
    if (arg("--corpus")) corpus = argv[++i];
    else if (arg("--scorer")) scorer = argv[++i];
    else if (arg("--python")) python = argv[++i];
    else if (arg("--pred")) pred = argv[++i];
    else if (arg("--per-page")) per_page = argv[++i];
    else if (arg("--min-f1")) min_f1 = std::atof(argv[++i]);
    else if (arg("--repeat")) repeat = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "bench_html: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (corpus.empty() || scorer.empty()) {
    std::fprintf(stderr, "usage: kiji_bench_html --corpus DIR --scorer html_f1.py [--python P] [--pred OUT.json]\n");
    return 2;
  }
  kiji::Result<kiji::Pipeline> pipeline = kiji::Pipeline::Create({});
  if (!pipeline.ok()) {
    std::fprintf(stderr, "bench_html: %s\n", pipeline.error().Message().c_str());
    return 2;
  }
  std::vector<PageInput> pages;
  size_t bytes = 0;
  for (const auto& e : fs::directory_iterator(fs::path(corpus) / "html")) {
    std::string name = e.path().filename().string();
    if (name.size() < 9 || name.substr(name.size() - 8) != ".html.gz") continue;
    std::string raw = ReadAll(e.path());
    kiji::Result<std::string> html = kiji::input::Gunzip(raw, e.path().string(), size_t(256) << 20);
    if (!html.ok()) {
      std::fprintf(stderr, "bench_html: %s\n", html.error().Message().c_str());
      return 2;
    }
    bytes += html->size();
    pages.push_back({name.substr(0, name.size() - 8), e.path().string(), std::move(html).value()});
  }
  std::sort(pages.begin(), pages.end(), [](const PageInput& a, const PageInput& b) { return a.id < b.id; });
  if (pages.empty()) {
    std::fprintf(stderr, "bench_html: no *.html.gz under %s/html\n", corpus.c_str());
    return 2;
  }

  nlohmann::json out = nlohmann::json::object();
  size_t entities = 0, failed = 0;
  double best = 1e30, best_cpu = 1e30;
  for (int round = 0; round < repeat; ++round) {
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    for (const PageInput& p : pages) {
      kiji::extract::Document d;
      d.source.location = p.path;
      d.bytes = p.html;  // copied outside the pipeline, as input would hand it over
      d.format = kiji::extract::Format::kHtml;
      auto r = pipeline->ProcessDocument(std::move(d));
      if (!r.ok()) {
        if (round == 0) {
          ++failed;
          std::fprintf(stderr, "bench_html: %s\n", r.error().Message().c_str());
          out[p.id] = {{"articleBody", ""}};
        }
        continue;
      }
      if (round == 0) {
        entities += r.value()->record.entities.size();
        out[p.id] = {{"articleBody", r.value()->text.text}};
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, secs);
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
  }
  {
    std::ofstream f(pred, std::ios::binary);
    f << out.dump() << "\n";
  }
  std::string scores = pred + ".scores.json";
  std::string cmd = Quote(python) + " " + Quote(scorer) + " --truth " + Quote(corpus + "/ground-truth.json") +
                    " --pred " + Quote(pred) + " --n-bootstrap 0 --json " + Quote(scores) + " > /dev/null";
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "bench_html: scorer failed: %s\n", cmd.c_str());
    return 2;
  }
  nlohmann::json s = nlohmann::json::parse(ReadAll(scores), nullptr, false);
  if (s.is_discarded() || !s.contains(pred)) {
    std::fprintf(stderr, "bench_html: cannot read %s\n", scores.c_str());
    return 2;
  }
  const nlohmann::json& r = s[pred];
  double f1 = r["f1"].get<double>();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("pages %zu (%.1f MB), failed %zu, entities %zu\n", pages.size(), static_cast<double>(bytes) / 1e6,
              failed, entities);
  std::printf("F1 %.4f  precision %.4f  recall %.4f  accuracy %.4f\n", f1, r["precision"].get<double>(),
              r["recall"].get<double>(), r["accuracy"].get<double>());
  // Wall-clock time counts waiting for a shared machine's cores; CPU time
  // is what one core spends.
  std::printf("%.1f pages/s  %.1f MB/s  wall clock; %.1f pages/s CPU time  (best of %d, one thread; peak RSS %.0f MB)\n",
              static_cast<double>(pages.size()) / best, static_cast<double>(bytes) / 1e6 / best,
              static_cast<double>(pages.size()) / best_cpu, repeat, static_cast<double>(u.ru_maxrss) / 1024.0);
  if (!per_page.empty()) {
    std::ofstream f(per_page);
    for (auto it = r["per_page"].begin(); it != r["per_page"].end(); ++it) {
      const auto& v = it.value();
      auto num = [](const nlohmann::json& x) { return x.is_null() ? -1.0 : x.get<double>(); };
      f << it.key() << "\t" << num(v["precision"]) << "\t" << num(v["recall"]) << "\n";
    }
  }
  if (min_f1 >= 0 && f1 < min_f1) {
    std::fprintf(stderr, "bench_html: F1 %.4f is below the floor %.2f\n", f1, min_f1);
    return 1;
  }
  return 0;
}
