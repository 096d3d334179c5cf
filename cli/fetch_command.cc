// kiji fetch and kiji feed: flags, the state path, stderr lines and the
// exit code; lib/ingest does the work.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"

namespace kiji::cli {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

void OnStopSignal(int sig) {
  g_signal = sig;
  g_stop.store(true);
}

// SIGINT, SIGTERM and SIGHUP (Ctrl-C, timeout(1), a closed terminal) stop
// the run at its next safe point instead of between writing a record and
// recording it; the signal is raised again once the run has stopped.
void CatchStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: interrupt the wait for the network
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

void RaiseCaughtSignal() {
  if (g_signal == 0) return;
  std::fflush(stdout);
  std::fflush(stderr);
  std::signal(g_signal, SIG_DFL);
  std::raise(g_signal);
}

// Records to stdout (flushed one by one, so that what the state database
// calls emitted has really been written); events and progress to stderr.
class CliSink : public ingest::Sink {
 public:
  CliSink(Output& out, bool quiet) : out_(out), quiet_(quiet), progress_(!quiet && isatty(fileno(stderr)) != 0) {}

  bool Emit(const std::string& line) override { return out_.WriteLine(line) && out_.Flush(); }

  void Report(const ingest::Event& event) override {
    // URLs another run holds are that run's business: counted in the summary only.
    if (event.kind == ingest::EventKind::kBusy) return;
    if (quiet_ && event.kind != ingest::EventKind::kFailed) return;
    ClearProgress();
    PrintError(event.error.Message());
  }

  void Progress(const ingest::Stats& s) override {
    if (!progress_) return;
    std::fprintf(stderr, "\r\033[Kkiji: %zu fetched, %zu not modified, %zu failed, %zu records; %zu in flight, %zu queued",
                 s.fetched, s.not_modified, s.failed, s.records, s.in_flight, s.queued);
    std::fflush(stderr);
    shown_ = true;
  }

  void ClearProgress() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  Output& out_;
  bool quiet_;
  bool progress_;
  bool shown_ = false;
};

// Reads one URL a line; blank lines and # comments are skipped.
bool ReadUrlList(const std::string& spec, std::vector<std::string>* urls) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (spec != "-") {
    file.open(spec);
    if (!file) {
      PrintError(spec + ": cannot open the URL list");
      return false;
    }
    in = &file;
  }
  std::string line;
  while (std::getline(*in, line)) {
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    size_t e = line.find_last_not_of(" \t\r");
    urls->push_back(line.substr(b, e - b + 1));
  }
  return true;
}

}  // namespace

void AddFetchFlags(CLI::App* cmd, FetchFlags* f) {
  fetch::ClientOptions& c = f->ingest.client;
  cmd->add_option("--state", f->state_path,
                  "State database (default $XDG_STATE_HOME/kiji/state.db, else ~/.local/state/kiji/state.db)");
  cmd->add_flag("--no-state", f->no_state, "Remember nothing: no conditional requests, every page is new");
  cmd->add_flag("--all", f->ingest.all, "Emit every page, changed or not (requests are not conditional)");
  cmd->add_flag("--ignore-robots", [c = &c](int64_t) { c->obey_robots = false; }, "Do not fetch or obey robots.txt");
  cmd->add_option("--user-agent", c.user_agent, "User-Agent header; its first word picks the robots.txt group")
      ->capture_default_str();
  cmd->add_option("--concurrency", c.concurrency, "Transfers at once, overall")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--per-host", c.per_host, "Transfers at once to one host")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--delay", c.host_delay, "Seconds between requests to one host (robots.txt Crawl-delay may raise it)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--connect-timeout", c.connect_timeout, "Seconds to connect")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--timeout", c.timeout, "Seconds for one attempt, connect to last byte")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--retries", c.retries, "Retries after 429, 5xx, timeouts and dropped connections")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--retry-base-delay", c.retry_base_delay, "Seconds before the first retry, doubled each time (with jitter)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--retry-max-delay", c.retry_max_delay, "Longest wait before a retry; a longer Retry-After fails the URL")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-redirects", c.max_redirects, "Redirects followed per URL")->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-bytes", c.max_bytes, "Largest body in bytes, after decompression")->capture_default_str();
  cmd->add_option("--workers", f->ingest.workers, "Extraction threads (0: one per core)")->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_flag("--quiet,-q", f->quiet, "Print only failures: no summary, skips, warnings or progress");
  cmd->add_flag("--pretty", f->ingest.pretty, "Indent records for people (no longer one per line)");
  cmd->add_option("--date", f->pipeline.default_date, "Reference date YYYY-MM-DD for articles that carry none");
  cmd->add_option("--patterns", f->pipeline.pattern_dirs, "A rule directory to add; repeatable");
  cmd->add_flag("--no-builtin-patterns", [p = &f->pipeline](int64_t) { p->builtin_patterns = false; },
                "Use only --patterns rule directories");
  cmd->add_flag("--latent", f->pipeline.latent, "Also emit entities of latent (unsure) rules");
}

int RunFetch(const FetchFlags& flags, ingest::Mode mode) {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> urls = flags.urls;
  if (!flags.urls_file.empty() && !ReadUrlList(flags.urls_file, &urls)) return kExitUsage;
  if (urls.empty() && flags.urls_file.empty()) {
    PrintError(mode == ingest::Mode::kFeeds ? "no feed URLs given" : "no URLs given (URL arguments or --urls FILE|-)");
    return kExitUsage;
  }
  if (!flags.pipeline.default_date.empty() && !resolve::ParseRefDate(flags.pipeline.default_date).known()) {
    PrintError("--date: expected YYYY-MM-DD, got '" + flags.pipeline.default_date + "'");
    return kExitUsage;
  }
  std::string path = flags.state_path;
  if (flags.no_state) path = ":memory:";
  else if (path.empty()) path = state::DefaultStatePath(std::getenv("XDG_STATE_HOME"), std::getenv("HOME"));
  Result<std::unique_ptr<state::State>> st = state::State::Open(path);
  if (!st.ok()) {
    PrintError(st.error().Message());
    return kExitUsage;
  }
  std::optional<Pipeline> pipeline = CreatePipelineOrReport(flags.pipeline);
  if (!pipeline) return kExitUsage;
  Output out;
  CliSink sink(out, flags.quiet);
  ingest::IngestOptions options = flags.ingest;
  options.stop = &g_stop;
  CatchStopSignals();
  Result<ingest::Stats> stats = ingest::Run(mode, urls, *pipeline, *st.value(), options, sink);
  sink.ClearProgress();
  out.Flush();
  if (!stats.ok()) {
    PrintError(stats.error().Message());
    RaiseCaughtSignal();
    return kExitPartial;
  }
  const ingest::Stats& s = stats.value();
  if (!flags.quiet) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[256];
    std::snprintf(line, sizeof line, "%zu fetched, %zu not modified, %zu skipped by robots, %zu failed, %zu new records, %.1f s",
                  s.fetched, s.not_modified, s.robots, s.failed, s.records, secs);
    std::string summary = line;
    if (s.busy) summary += ", " + std::to_string(s.busy) + " left to another kiji run";
    PrintError(summary);
  }
  if (g_signal != 0) {
    PrintError("stopped by signal " + std::to_string(static_cast<int>(g_signal)) + "; the next run goes on from here");
    st.value().reset();  // close the database before dying
    RaiseCaughtSignal();
  }
  if (out.broken()) return kExitOk;
  return s.failed ? kExitPartial : kExitOk;
}

}  // namespace kiji::cli
