// kiji: extract organizations, dates, figures and agreements from news.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"

#ifndef KIJI_VERSION
#define KIJI_VERSION "0.0.0"
#endif

namespace {

constexpr const char* kExitStatus =
    "EXIT STATUS\n"
    "  0  every input was processed (finding nothing is fine)\n"
    "  1  some inputs or URLs failed (each named on stderr); the output for the rest is complete\n"
    "  2  usage error, or a rule file that does not load\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace kiji::cli;
  CLI::App app{"kiji " KIJI_VERSION ": extract organizations, dates, figures and agreements from English and "
               "Japanese news, one JSON record per article."};
  app.footer(kExitStatus);
  app.set_version_flag("--version", KIJI_VERSION);
  app.require_subcommand(1);

  ExtractFlags ex;
  CLI::App* extract = app.add_subcommand("extract", "Extract records from files, directories, stdin or JSON Lines");
  extract->footer(kExitStatus);
  extract->add_option("inputs", ex.inputs, "Files, directories (recursive: .txt, .html, .htm, .gz), or - for stdin (default)");
  extract->add_option("--input", ex.input_format, "Input format: auto, text, html or jsonl (one object per line: text|html, id, url, title, published, lang)")
      ->capture_default_str();
  extract->add_option("--date", ex.pipeline.default_date, "Reference date YYYY-MM-DD for articles that carry none");
  extract->add_option("--patterns", ex.pipeline.pattern_dirs, "A rule directory to add (<dir>/<lang>/<kind>.rules); repeatable");
  extract->add_flag("--no-builtin-patterns", [&](int64_t) { ex.pipeline.builtin_patterns = false; }, "Use only --patterns rule directories");
  extract->add_flag("--latent", ex.pipeline.latent, "Also emit entities of latent (unsure) rules");
  extract->add_flag("--pretty", ex.pretty, "Indent records for people (no longer one per line)");
  extract->add_option("-j,--jobs", ex.jobs, "Threads (default: one per core, at most 8); records keep input order");
  extract->add_option("--max-bytes", ex.max_bytes, "Largest input document in bytes")->capture_default_str();

  FetchFlags fetch_flags;
  CLI::App* fetch = app.add_subcommand("fetch", "Fetch web pages and extract records for the new or changed ones");
  fetch->footer(kExitStatus);
  fetch->add_option("urls", fetch_flags.urls, "Page URLs (http, https)");
  fetch->add_option("--urls", fetch_flags.urls_file, "A file with one URL a line, or - for stdin");
  AddFetchFlags(fetch, &fetch_flags);

  FetchFlags feed_flags;
  CLI::App* feed = app.add_subcommand(
      "feed", "Read feeds and sitemaps (RSS 2.0, RSS 1.0/RDF, Atom, sitemaps and indexes) and extract their new articles");
  feed->footer(kExitStatus);
  feed->add_option("urls", feed_flags.urls, "Feed or sitemap URLs")->required();
  AddFetchFlags(feed, &feed_flags);

  kiji::PipelineOptions rules_opts;
  bool quiet = false;
  CLI::App* rules = app.add_subcommand("rules", "Work with rule files");
  rules->require_subcommand(1);
  CLI::App* check = rules->add_subcommand("check", "Run every rule example and negative; list failures as file:line");
  check->add_option("--patterns", rules_opts.pattern_dirs, "A rule directory to add; repeatable");
  check->add_flag("--no-builtin-patterns", [&](int64_t) { rules_opts.builtin_patterns = false; }, "Check only --patterns directories");
  check->add_flag("--quiet,-q", quiet, "Print failures only");

  CLI::App* recipes = rules->add_subcommand("recipes", "List the value recipes rule files can use");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (extract->parsed()) {
    if (!ex.pipeline.default_date.empty() && !kiji::resolve::ParseRefDate(ex.pipeline.default_date).known()) {
      PrintError("--date: expected YYYY-MM-DD, got '" + ex.pipeline.default_date + "'");
      return kExitUsage;
    }
    if (ex.jobs <= 0) ex.jobs = static_cast<int>(std::min(8u, std::max(1u, std::thread::hardware_concurrency())));
    return RunExtract(ex);
  }
  if (fetch->parsed()) return RunFetch(fetch_flags, kiji::ingest::Mode::kPages);
  if (feed->parsed()) return RunFetch(feed_flags, kiji::ingest::Mode::kFeeds);
  if (check->parsed()) return RunRulesCheck(rules_opts, quiet);
  if (recipes->parsed()) {
    for (const kiji::resolve::RecipeInfo& r : kiji::resolve::AllRecipes()) std::printf("%s\n", r.doc);
    return kExitOk;
  }
  return kExitUsage;
}
