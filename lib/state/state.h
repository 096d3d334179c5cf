// Crawl state for cron runs: one SQLite database per user (or --state).
//
// Holds per URL what the last run learned (validators for conditional
// requests, hashes of the body and of the extracted text, last status, when
// it was checked and when a record was last emitted for it, the date a feed
// gave it) and per origin its robots.txt. The database runs in WAL mode with
// a busy timeout, so concurrent runs and readers never corrupt it or fail on
// a lock. Runs coordinate through claims: a run claims a URL before
// requesting it and releases the claim when it saves the outcome; a URL
// claimed by another live run is left to that run. A claim of a run that
// died (its process is gone, or its lease ran out) is taken over, so a
// killed run loses nothing. Every write is its own transaction.
// Knows nothing of HTTP or extraction. Thread-safe: calls are serialized.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

struct sqlite3;

namespace kiji::state {

struct UrlState {
  std::string url;
  std::string etag;           // validators of the last 200 ("" none)
  std::string last_modified;
  std::string body_hash;      // of the last body processed ("" none)
  std::string text_hash;      // of the last record's text and title ("" none)
  int status = 0;             // last HTTP status
  int64_t checked_at = 0;     // unix seconds of the last completed request (0: never)
  int64_t emitted_at = 0;     // unix seconds of the last record emitted (0: never)
  std::string item_date;      // the date the listing feed gave it ("" none)
};

struct StateOptions {
  std::string owner;             // this run's claim name ("" = "<hostname>:<pid>")
  double busy_timeout = 30;      // seconds to wait for another writer (30)
  int64_t claim_lease = 3600;    // seconds a claim lasts unless renewed (3600)
  int64_t robots_max_age = 86400;  // seconds a stored robots.txt stays fresh (86400)
};

// The outcome of claiming one URL.
struct Claim {
  bool claimed = false;  // false: another live run holds it; leave it alone
  UrlState state;        // what is stored (only `url` set for a URL never seen)
};

class State {
 public:
  // Opens (creating it and its directory when missing) the database at
  // `path`; ":memory:" keeps nothing. Errors name the path (kState).
  static Result<std::unique_ptr<State>> Open(const std::string& path, const StateOptions& options = {});
  ~State();
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  // Claims `urls` for this run in one transaction, at time `now` (unix
  // seconds). Returns one Claim per URL, in order.
  Result<std::vector<Claim>> ClaimUrls(const std::vector<std::string>& urls, int64_t now);

  // Stores `s` for s.url and releases this run's claim on it.
  Status Save(const UrlState& s);

  // Releases this run's claim on `url` without changing what is stored.
  Status Release(const std::string& url);

  // Extends every claim of this run to now + claim_lease.
  Status RenewClaims(int64_t now);

  // Releases every claim of this run.
  Status ReleaseAll();

  // Returns the robots.txt stored for `origin` if younger than
  // robots_max_age at `now`; "" is a stored "no robots.txt".
  Result<std::optional<std::string>> LoadRobots(const std::string& origin, int64_t now);

  // Stores the robots.txt `body` of `origin`, fetched at `now`.
  Status SaveRobots(const std::string& origin, const std::string& body, int64_t now);

  const std::string& owner() const { return options_.owner; }
  const std::string& path() const { return path_; }

 private:
  State(sqlite3* db, std::string path, StateOptions options);
  Status Exec(const char* sql);
  Error DbError(const std::string& what) const;
  bool OwnerAlive(const std::string& owner) const;

  sqlite3* db_;
  std::string path_;
  StateOptions options_;
  std::string hostname_;
  mutable std::mutex mu_;
};

// Returns the default database path: $XDG_STATE_HOME/kiji/state.db when
// `xdg_state_home` is an absolute path, else $HOME/.local/state/kiji/state.db
// ("" when neither is set).
std::string DefaultStatePath(const char* xdg_state_home, const char* home);

}  // namespace kiji::state
