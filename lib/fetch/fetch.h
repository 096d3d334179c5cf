// The fetch stage: URLs -> HTTP responses, politely.
//
// A Client runs many transfers at once on libcurl's multi interface, on the
// thread that calls Run(). It limits concurrency overall and per origin
// (scheme://host:port), spaces the requests to one origin, obeys robots.txt
// (fetched once per origin and cached through a RobotsStore), follows
// redirects itself (bounded; each hop is checked against robots.txt and
// counted against its own origin's limits), sends conditional requests when
// given validators, caps body size, and retries 429, 5xx and transport
// failures with exponential backoff and jitter, honouring Retry-After.
// Bodies are decoded (gzip, deflate, br, zstd as libcurl offers them).
// Every request ends in exactly one Response: a body, "not modified",
// "disallowed by robots.txt", or an Error naming the URL, the HTTP status or
// curl error, and the retries made.
// Knows nothing of feeds, state databases or extraction.
// Thread-compatible: one Client per thread; Run() and Add() on that thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "extract/article.h"

namespace kiji::fetch {

struct ClientOptions {
  std::string user_agent = "kiji/" KIJI_VERSION;  // sent as User-Agent; its product token picks the robots.txt group
  int concurrency = 16;               // transfers in flight overall (16)
  int per_host = 2;                   // transfers in flight per origin (2)
  double host_delay = 0.5;            // seconds between request starts to one origin (0.5)
  double connect_timeout = 10;        // seconds to connect (10)
  double timeout = 30;                // seconds for one attempt, connect to last byte (30)
  int max_redirects = 5;              // redirects followed per request (5)
  size_t max_bytes = size_t(32) << 20;  // largest decoded body (32 MiB)
  int retries = 3;                    // retries after a 429, 5xx or transport failure (3)
  double retry_base_delay = 1;        // seconds before the first retry, doubled each time (1)
  double retry_max_delay = 60;        // longest wait before a retry; a longer Retry-After fails the request (60)
  bool obey_robots = true;            // false: --ignore-robots
  double max_crawl_delay = 30;        // cap on a robots.txt Crawl-delay, in seconds (30)
};

struct Request {
  std::string url;            // absolute http(s) URL
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  uint64_t tag = 0;           // the caller's handle, returned in the Response
};

enum class Outcome {
  kOk,           // a 2xx body
  kNotModified,  // 304 to a conditional request
  kRobots,       // robots.txt disallows the URL; nothing was requested
  kFailed,       // see Response::error
};

struct Response {
  uint64_t tag = 0;
  Outcome outcome = Outcome::kFailed;
  std::string url;          // as requested
  std::string final_url;    // after redirects
  int status = 0;           // last HTTP status, 0 when none arrived
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;         // decoded
  std::string fetched_at;   // RFC 3339 UTC, when the last response arrived
  int retries = 0;          // retries made
  int redirects = 0;        // redirects followed
  bool transient = false;   // a failure that may go away (429, 5xx, timeout, network)
  std::optional<Error> error;  // set when outcome is kFailed
};

// Where a Client keeps robots.txt between runs (a state database).
// Called on the Client's thread.
class RobotsStore {
 public:
  virtual ~RobotsStore() = default;
  // Returns the stored robots.txt body for `origin` if it is fresh enough.
  virtual std::optional<std::string> LoadRobots(const std::string& origin) = 0;
  // Keeps `body` (empty: no robots.txt, everything allowed) for `origin`.
  virtual void SaveRobots(const std::string& origin, const std::string& body) = 0;
};

// Counts for the caller's progress display.
struct ClientLoad {
  size_t queued = 0;     // waiting for a slot, a delay or robots.txt
  size_t in_flight = 0;  // transfers running
};

class Client {
 public:
  // Returns a client, or an error when libcurl cannot start. `robots` may
  // be null (robots.txt is then cached for this client's life only).
  static Result<std::unique_ptr<Client>> Create(const ClientOptions& options, RobotsStore* robots);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Queues a request. May be called from inside Run's callbacks.
  void Add(Request request);

  // Runs until every queued request has its Response, or Stop(). `on_done`
  // gets each Response on this thread; `on_tick` (may be empty) runs after
  // every wait: curl activity, a timer, Wakeup(), or a second at most.
  void Run(const std::function<void(Response)>& on_done, const std::function<void(ClientLoad)>& on_tick = {});

  // Makes Run's wait return at once, so on_tick runs. Any thread may call it.
  void Wakeup();

  // Makes Run return after the current callback (or at once, if called
  // before Run); requests not finished are dropped without a Response.
  // Call on Run's thread. A stopped client stays stopped.
  void Stop();

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Returns `url` checked and normalized: http or https, lower-case scheme and
// host, no fragment, "/" for an empty path. Errors name the URL.
Result<std::string> NormalizeUrl(std::string_view url);

// Returns `ref` (absolute or relative) resolved against the absolute `base`,
// normalized as by NormalizeUrl.
Result<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// Returns "scheme://host[:port]" of a normalized URL ("" if it has none).
std::string UrlOrigin(std::string_view url);

// Returns the charset parameter of a Content-Type value ("" if none), e.g.
// "Shift_JIS" for "text/html; charset=\"Shift_JIS\"".
std::string ContentTypeCharset(std::string_view content_type);

// Returns the media type of a Content-Type value, lower case, without
// parameters ("text/html").
std::string ContentTypeMedia(std::string_view content_type);

// Returns the Document for a fetched page: source type "url", location the
// final URL, status, fetched_at and content type; format from the media
// type (kHtml for HTML, kText for text/plain, else kAuto); hints.charset
// from the Content-Type.
extract::Document ToDocument(Response response);

}  // namespace kiji::fetch
