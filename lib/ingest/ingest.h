// Incremental ingestion from the web: `kiji fetch` and `kiji feed`.
//
// Joins lib/fetch (HTTP), lib/feed (feeds and sitemaps), lib/state (what
// earlier runs saw) and the pipeline: claims each URL in the state
// database, requests it (conditionally when validators are stored),
// extracts new or changed pages on worker threads, hands each record line to
// a Sink, and records it as emitted only after the Sink has written it. A
// feed's own validators are saved only once every item it listed has been
// settled, so a run killed halfway, or items that failed for a while, are
// picked up by the next run. Items a feed lists that an earlier run already
// processed are not requested again unless the feed dates them anew.
// Never prints; everything the user should see goes through the Sink.
// Not thread-safe: one Run at a time per State (other processes are fine).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "fetch/fetch.h"
#include "pipeline/pipeline.h"
#include "state/state.h"

namespace kiji::ingest {

enum class Mode {
  kPages,  // each URL is a page (kiji fetch)
  kFeeds,  // each URL is a feed or sitemap listing pages (kiji feed)
};

struct IngestOptions {
  fetch::ClientOptions client;
  bool all = false;            // emit every page, changed or not, without conditional requests (false)
  bool pretty = false;         // indented records (false)
  int workers = 0;             // extraction threads (0: one per core)
  int max_sitemap_depth = 3;   // sitemap indexes followed inside sitemap indexes (3)
  // When it turns true (a signal handler may set it) the run stops at the
  // next safe point, within a second: a record written is also recorded.
  const std::atomic<bool>* stop = nullptr;
};

struct Stats {
  size_t fetched = 0;       // 2xx bodies downloaded (pages and feeds)
  size_t not_modified = 0;  // 304, same content, or a feed item already processed
  size_t robots = 0;        // URLs robots.txt disallows
  size_t failed = 0;        // URLs that failed, each reported
  size_t records = 0;       // records emitted
  size_t busy = 0;          // URLs left to another run that holds them
  size_t queued = 0;        // (progress) requests waiting
  size_t in_flight = 0;     // (progress) transfers running
};

enum class EventKind {
  kFailed,   // a URL failed: HTTP status or curl error, retries made
  kRobots,   // a URL was skipped: robots.txt disallows it
  kBusy,     // a URL was left to another run
  kWarning,  // a feed or record warning; the URL was still processed
};

struct Event {
  EventKind kind;
  Error error;  // where: the URL; what: the problem
};

// Where records and events go. Called on Run's thread only.
class Sink {
 public:
  virtual ~Sink() = default;
  // Writes one record line and flushes it. Returns false when the output
  // is gone (closed pipe): the run stops and records nothing more.
  virtual bool Emit(const std::string& line) = 0;
  virtual void Report(const Event& event) = 0;
  // Called at most a few times a second with the counts so far.
  virtual void Progress(const Stats& stats) { (void)stats; }
};

// Returns the current unix time in seconds; tests pass their own.
using UnixClock = std::function<int64_t()>;

// Runs over `urls` (duplicates count once). Each URL's problems are
// reported and counted, never returned; the returned error is for the run
// as a whole (the state database failed, or libcurl could not start).
Result<Stats> Run(Mode mode, const std::vector<std::string>& urls, const Pipeline& pipeline, state::State& state,
                  const IngestOptions& options, Sink& sink, UnixClock clock = {});

}  // namespace kiji::ingest
