// The HTTP client (fetch.h): one libcurl multi handle, a queue per origin,
// and timers for per-origin spacing and retries.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <unordered_map>

#include "common/strings.h"
#include "fetch/fetch.h"
#include "fetch/fetch_internal.h"
#include "fetch/robots_internal.h"

namespace kiji::fetch {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRobotsBytes = 500 * 1024;
constexpr int kRobotsRedirects = 5;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
Clock::duration FromSeconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

bool RetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

std::string RetriesPhrase(int retries, bool retryable) {
  if (!retryable) return retries == 0 ? "not retried" : "after " + std::to_string(retries) + (retries == 1 ? " retry" : " retries");
  if (retries == 0) return "no retries allowed";
  return "gave up after " + std::to_string(retries) + (retries == 1 ? " retry" : " retries");
}

// "curl error 28: Operation timed out after 1000 milliseconds with 0 bytes received"
std::string CurlMessage(CURLcode code, const char* errbuf) {
  return "curl error " + std::to_string(code) + ": " + (errbuf && errbuf[0] ? errbuf : curl_easy_strerror(code));
}

std::string_view TrimHeader(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string PathAndQuery(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "/";
  size_t path = url.find_first_of("/?", scheme_end + 3);
  if (path == std::string_view::npos) return "/";
  std::string out(url.substr(path));
  if (out.empty() || out[0] == '?') out.insert(out.begin(), '/');
  return out;
}

}  // namespace

struct Client::Impl {
  // One request on its way: its current hop, retries and transfer buffers.
  struct Task {
    Request req;
    std::string url;                  // the current hop
    std::vector<std::string> chain;   // hops so far, for loop detection and messages
    std::string origin;
    int retries = 0;
    int redirects = 0;
    bool robots = false;              // an internal robots.txt request
    Clock::time_point not_before{};
    // The current attempt.
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    int status = 0;
    std::string reason, content_type, etag, last_modified, retry_after;
    std::string body;
    bool too_large = false;
    std::string refused_media;        // a media type not downloaded
    char errbuf[CURL_ERROR_SIZE] = {0};
    Impl* impl = nullptr;

    void ResetAttempt() {
      status = 0;
      reason.clear();
      content_type.clear();
      etag.clear();
      last_modified.clear();
      retry_after.clear();
      body.clear();
      too_large = false;
      refused_media.clear();
      errbuf[0] = 0;
    }
  };
  using TaskPtr = std::unique_ptr<Task>;

  enum class RobotsState { kUnknown, kFetching, kReady, kFailed };

  struct Host {
    std::string origin;
    int in_flight = 0;
    Clock::time_point next_start{};
    double delay = 0;
    RobotsState robots_state = RobotsState::kUnknown;
    Robots robots;
    std::optional<Error> robots_error;
    bool robots_transient = false;
    std::deque<TaskPtr> waiting;
  };

  struct Delayed {
    Clock::time_point when;
    Task* task;
    bool operator>(const Delayed& o) const { return when > o.when; }
  };

  ClientOptions opts;
  RobotsStore* store = nullptr;
  CURLM* multi = nullptr;
  std::unordered_map<std::string, Host> hosts;
  std::set<std::string> hosts_waiting;  // origins with tasks in `waiting`
  std::string next_host;                // round-robin position
  std::unordered_map<Task*, TaskPtr> delayed_owner;
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed;
  std::unordered_map<CURL*, TaskPtr> running;
  std::deque<Response> completed;
  size_t queued = 0;  // tasks in hosts' waiting queues
  std::mt19937_64 rng{std::random_device{}()};
  bool stopped = false;

  ~Impl() {
    for (auto& [easy, task] : running) {
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(task->headers);
    }
    if (multi) curl_multi_cleanup(multi);
  }

  Host& HostFor(const std::string& origin) {
    auto [it, inserted] = hosts.try_emplace(origin);
    if (inserted) {
      it->second.origin = origin;
      it->second.delay = opts.host_delay;
    }
    return it->second;
  }

  // --- Completion -------------------------------------------------------

  Response BaseResponse(const Task& t) {
    Response r;
    r.tag = t.req.tag;
    r.url = t.req.url;
    r.final_url = t.url;
    r.retries = t.retries;
    r.redirects = t.redirects;
    r.fetched_at = FormatRfc3339(UnixNow());
    return r;
  }

  void Fail(TaskPtr task, std::string what, bool transient, int status = 0) {
    Response r = BaseResponse(*task);
    r.outcome = Outcome::kFailed;
    r.status = status;
    r.transient = transient;
    if (task->url != task->req.url) what += " (at " + task->url + ")";
    r.error = MakeError(ErrorCode::kHttp, task->req.url, std::move(what));
    completed.push_back(std::move(r));
  }

  void Succeed(TaskPtr task, Outcome outcome) {
    Response r = BaseResponse(*task);
    r.outcome = outcome;
    r.status = task->status;
    r.content_type = std::move(task->content_type);
    r.etag = std::move(task->etag);
    r.last_modified = std::move(task->last_modified);
    r.body = std::move(task->body);
    completed.push_back(std::move(r));
  }

  void SkipRobots(TaskPtr task) {
    Response r = BaseResponse(*task);
    r.outcome = Outcome::kRobots;
    r.error = MakeError(ErrorCode::kHttp, task->req.url, "disallowed by robots.txt of " + task->origin);
    completed.push_back(std::move(r));
  }

  // --- Queueing ---------------------------------------------------------

  void Enqueue(TaskPtr task) {
    task->origin = UrlOrigin(task->url);
    Host& host = HostFor(task->origin);
    if (opts.obey_robots && !task->robots) {
      if (host.robots_state == RobotsState::kUnknown) StartRobots(host);
      if (host.robots_state == RobotsState::kFailed) {
        FailForRobots(host, std::move(task));
        return;
      }
      if (host.robots_state == RobotsState::kReady && !host.robots.Allowed(PathAndQuery(task->url))) {
        SkipRobots(std::move(task));
        return;
      }
    }
    if (task->robots) host.waiting.push_front(std::move(task));
    else host.waiting.push_back(std::move(task));
    ++queued;
    hosts_waiting.insert(host.origin);
  }

  void FailForRobots(Host& host, TaskPtr task) {
    Fail(std::move(task), "robots.txt unavailable: " + host.robots_error->what + "; not fetching (--ignore-robots overrides)",
         host.robots_transient);
  }

  void ApplyRobots(Host& host, Robots robots) {
    host.robots = std::move(robots);
    host.robots_state = RobotsState::kReady;
    if (host.robots.crawl_delay()) {
      host.delay = std::max(opts.host_delay, std::min(*host.robots.crawl_delay(), opts.max_crawl_delay));
    }
  }

  void StartRobots(Host& host) {
    if (store) {
      if (std::optional<std::string> body = store->LoadRobots(host.origin)) {
        ApplyRobots(host, Robots::Parse(*body, opts.user_agent));
        return;
      }
    }
    host.robots_state = RobotsState::kFetching;
    auto task = std::make_unique<Task>();
    task->req.url = host.origin + "/robots.txt";
    task->url = task->req.url;
    task->chain.push_back(task->url);
    task->robots = true;
    Enqueue(std::move(task));
  }

  // Settles the tasks waiting on `host`'s robots.txt.
  void RobotsSettled(Host& host) {
    std::deque<TaskPtr> waiting = std::move(host.waiting);
    host.waiting.clear();
    queued -= waiting.size();
    hosts_waiting.erase(host.origin);
    for (TaskPtr& t : waiting) Enqueue(std::move(t));
  }

  void Add(Request request) {
    auto task = std::make_unique<Task>();
    Result<std::string> url = NormalizeUrl(request.url);
    task->req = std::move(request);
    if (!url.ok()) {
      task->url = task->req.url;
      Fail(std::move(task), url.error().what, false);
      return;
    }
    task->url = url.value();
    task->chain.push_back(task->url);
    Enqueue(std::move(task));
  }

  // --- Transfers --------------------------------------------------------

  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    Task* t = static_cast<Task*>(user);
    size_t len = size * n;
    std::string_view line(data, len);
    if (line.substr(0, 5) == "HTTP/") {
      t->ResetAttempt();
      size_t sp = line.find(' ');
      if (sp != std::string_view::npos) {
        std::string_view rest = line.substr(sp + 1);
        t->status = std::atoi(std::string(rest.substr(0, 3)).c_str());
        if (rest.size() > 4) t->reason = std::string(TrimHeader(rest.substr(4)));
      }
      return len;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return len;
    std::string name = AsciiLower(TrimHeader(line.substr(0, colon)));
    std::string_view value = TrimHeader(line.substr(colon + 1));
    bool success = t->status >= 200 && t->status < 300;
    if (name == "content-type") {
      t->content_type = std::string(value);
      std::string media = ContentTypeMedia(value);
      if (success && !t->robots && IsMediaType(media)) {
        t->refused_media = media;
        return 0;  // aborts the transfer: not an article
      }
    } else if (name == "etag") {
      t->etag = std::string(value);
    } else if (name == "last-modified") {
      t->last_modified = std::string(value);
    } else if (name == "retry-after") {
      t->retry_after = std::string(value);
    } else if (name == "content-length" && success && !t->robots) {
      unsigned long long n = std::strtoull(std::string(value).c_str(), nullptr, 10);
      if (n > t->impl->opts.max_bytes) {
        t->too_large = true;
        return 0;
      }
      t->body.reserve(static_cast<size_t>(n));
    }
    return len;
  }

  static size_t OnBody(char* data, size_t size, size_t n, void* user) {
    Task* t = static_cast<Task*>(user);
    size_t len = size * n;
    size_t cap = t->robots ? kMaxRobotsBytes : t->impl->opts.max_bytes;
    if (t->body.size() + len > cap) {
      t->too_large = true;
      return 0;
    }
    t->body.append(data, len);
    return len;
  }

  void Start(TaskPtr task, Host& host, Clock::time_point now) {
    ++host.in_flight;
    host.next_start = now + FromSeconds(host.delay);
    task->ResetAttempt();
    task->impl = this;
    CURL* e = curl_easy_init();
    task->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, task->url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, task.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, opts.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every decoder libcurl has: gzip, deflate, br, zstd
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opts.connect_timeout * 1000));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(opts.timeout * 1000));
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, task->errbuf);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, task.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, task.get());
    if (task->robots) {
      curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(kRobotsRedirects));
    } else {
      curl_slist* h = nullptr;
      h = curl_slist_append(h, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
      if (!task->req.etag.empty()) h = curl_slist_append(h, ("If-None-Match: " + task->req.etag).c_str());
      if (!task->req.last_modified.empty()) {
        h = curl_slist_append(h, ("If-Modified-Since: " + task->req.last_modified).c_str());
      }
      task->headers = h;
      curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    }
    curl_multi_add_handle(multi, e);
    running.emplace(e, std::move(task));
  }

  // Starts what the limits allow; returns when the next start could happen
  // (nothing when every slot is taken: a finished transfer wakes the loop).
  std::optional<Clock::time_point> Dispatch(Clock::time_point now) {
    std::optional<Clock::time_point> wake;
    // Round robin over origins, starting after the last one served.
    auto it = hosts_waiting.upper_bound(next_host);
    for (size_t n = hosts_waiting.size(), seen = 0; seen < n && !hosts_waiting.empty(); ++seen) {
      if (static_cast<int>(running.size()) >= opts.concurrency) break;
      if (it == hosts_waiting.end()) it = hosts_waiting.begin();
      Host& host = hosts[*it];
      while (!host.waiting.empty() && static_cast<int>(running.size()) < opts.concurrency &&
             host.in_flight < opts.per_host) {
        // While robots.txt is on its way only the robots request may go.
        if (host.robots_state == RobotsState::kFetching && !host.waiting.front()->robots) break;
        if (now < host.next_start) {
          if (!wake || host.next_start < *wake) wake = host.next_start;
          break;
        }
        TaskPtr t = std::move(host.waiting.front());
        host.waiting.pop_front();
        --queued;
        Start(std::move(t), host, now);
        next_host = host.origin;
      }
      if (host.waiting.empty()) it = hosts_waiting.erase(it);
      else ++it;
    }
    return wake;
  }

  void Retry(TaskPtr task, Host& host, std::optional<double> retry_after) {
    double delay = BackoffDelay(task->retries, opts.retry_base_delay, opts.retry_max_delay,
                                std::uniform_real_distribution<double>(0, 1)(rng), retry_after);
    ++task->retries;
    Clock::time_point now = Clock::now();
    task->not_before = now + FromSeconds(delay);
    // A server that names a time wants the whole origin to wait.
    if (retry_after) host.next_start = std::max(host.next_start, now + FromSeconds(*retry_after));
    Task* raw = task.get();
    delayed.push(Delayed{raw->not_before, raw});
    delayed_owner.emplace(raw, std::move(task));
  }

  // Decides what a finished attempt means: done, retry, redirect or fail.
  void Finished(CURL* easy, CURLcode code) {
    auto it = running.find(easy);
    TaskPtr task = std::move(it->second);
    running.erase(it);
    curl_multi_remove_handle(multi, easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    char* redirect = nullptr;
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redirect);
    std::string redirect_url = redirect ? redirect : "";
    char* effective = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
    if (task->robots && effective) task->url = effective;
    curl_easy_cleanup(easy);
    task->easy = nullptr;
    curl_slist_free_all(task->headers);
    task->headers = nullptr;
    task->status = static_cast<int>(status);
    Host& host = hosts[task->origin];
    --host.in_flight;

    if (task->robots) {
      FinishedRobots(std::move(task), host, code);
      return;
    }
    if (code != CURLE_OK) {
      if (task->too_large) {
        Fail(std::move(task), "body is over --max-bytes (" + std::to_string(opts.max_bytes) + " bytes); not retried", false,
             static_cast<int>(status));
        return;
      }
      if (!task->refused_media.empty()) {
        std::string media = task->refused_media;
        Fail(std::move(task), "Content-Type " + media + " is not an article; not downloaded", false, static_cast<int>(status));
        return;
      }
      std::string what = CurlMessage(code, task->errbuf);
      if (RetryableCurlCode(code)) {
        if (task->retries < opts.retries) {
          Retry(std::move(task), host, std::nullopt);
          return;
        }
        what += "; " + RetriesPhrase(task->retries, true);
        Fail(std::move(task), what, true, static_cast<int>(status));
        return;
      }
      what += "; " + RetriesPhrase(task->retries, false);
      Fail(std::move(task), what, false, static_cast<int>(status));
      return;
    }
    if (status == 304) {
      Succeed(std::move(task), Outcome::kNotModified);
      return;
    }
    if (status >= 200 && status < 300) {
      Succeed(std::move(task), Outcome::kOk);
      return;
    }
    std::string reason = task->reason.empty() ? ReasonPhrase(static_cast<int>(status)) : task->reason;
    std::string http = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
    if (status >= 300 && status < 400 && status != 304) {
      FollowRedirect(std::move(task), redirect_url, http);
      return;
    }
    if (RetryableStatus(static_cast<int>(status))) {
      std::optional<double> after;
      if (!task->retry_after.empty()) after = ParseRetryAfter(task->retry_after, UnixNow());
      if (after && *after > opts.retry_max_delay) {
        std::string what = http + "; Retry-After asks for " + std::to_string(static_cast<long long>(*after)) +
                           " s, over --retry-max-delay; " + RetriesPhrase(task->retries, false);
        Fail(std::move(task), what, true, static_cast<int>(status));
        return;
      }
      if (task->retries < opts.retries) {
        Retry(std::move(task), host, after);
        return;
      }
      Fail(std::move(task), http + "; " + RetriesPhrase(task->retries, true), true, static_cast<int>(status));
      return;
    }
    Fail(std::move(task), http + "; " + RetriesPhrase(task->retries, false), false, static_cast<int>(status));
  }

  void FollowRedirect(TaskPtr task, const std::string& location, const std::string& http) {
    int status = task->status;
    if (location.empty()) {
      Fail(std::move(task), http + " without a Location header", false, status);
      return;
    }
    Result<std::string> next = NormalizeUrl(location);
    if (!next.ok()) {
      Fail(std::move(task), http + " to an unusable Location '" + location + "': " + next.error().what, false, status);
      return;
    }
    auto chain_text = [&](const std::string& last) {
      std::string s;
      for (const std::string& hop : task->chain) s += hop + " -> ";
      return s + last;
    };
    if (std::find(task->chain.begin(), task->chain.end(), next.value()) != task->chain.end()) {
      std::string what = "redirect loop: " + chain_text(next.value());
      task->url = task->req.url;  // the message already shows the hops
      Fail(std::move(task), what, false, status);
      return;
    }
    if (task->redirects >= opts.max_redirects) {
      std::string what = "more than " + std::to_string(opts.max_redirects) + " redirects (--max-redirects): " +
                         chain_text(next.value());
      task->url = task->req.url;
      Fail(std::move(task), what, false, status);
      return;
    }
    ++task->redirects;
    task->url = next.value();
    task->chain.push_back(task->url);
    Enqueue(std::move(task));
  }

  void FinishedRobots(TaskPtr task, Host& host, CURLcode code) {
    int status = task->status;
    if (code == CURLE_OK || (task->too_large && status >= 200 && status < 300)) {
      if (status >= 200 && status < 300) {
        if (store) store->SaveRobots(host.origin, task->body);
        ApplyRobots(host, Robots::Parse(task->body, opts.user_agent));
        RobotsSettled(host);
        return;
      }
      if (status >= 400 && status < 500 && !RetryableStatus(status)) {
        // RFC 9309 2.3.1.3: robots.txt "unavailable": no restrictions.
        if (store) store->SaveRobots(host.origin, "");
        ApplyRobots(host, Robots::AllowAll());
        RobotsSettled(host);
        return;
      }
    }
    bool retryable = code == CURLE_OK ? RetryableStatus(status) || status >= 500 : RetryableCurlCode(code);
    std::string what;
    if (code == CURLE_OK) {
      std::string reason = task->reason.empty() ? ReasonPhrase(status) : task->reason;
      what = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
    } else {
      what = CurlMessage(code, task->errbuf);
    }
    if (retryable && task->retries < opts.retries) {
      std::optional<double> after;
      if (!task->retry_after.empty()) after = ParseRetryAfter(task->retry_after, UnixNow());
      if (!after || *after <= opts.retry_max_delay) {
        Retry(std::move(task), host, after);
        return;
      }
    }
    // RFC 9309 2.3.1.4: an unreachable robots.txt means "disallow all";
    // the origin's requests fail (and are retried on the next run).
    host.robots_state = RobotsState::kFailed;
    host.robots_error = MakeError(ErrorCode::kHttp, task->url, what + "; " + RetriesPhrase(task->retries, retryable));
    host.robots_transient = retryable;
    std::deque<TaskPtr> waiting = std::move(host.waiting);
    host.waiting.clear();
    queued -= waiting.size();
    hosts_waiting.erase(host.origin);
    for (TaskPtr& t : waiting) FailForRobots(host, std::move(t));
  }

  void Run(const std::function<void(Response)>& on_done, const std::function<void(ClientLoad)>& on_tick) {
    while (!stopped) {
      Deliver(on_done);
      if (on_tick) on_tick(ClientLoad{queued + delayed.size(), running.size()});
      Deliver(on_done);  // on_tick may have added requests that settled at once
      if (stopped) break;
      Clock::time_point now = Clock::now();
      // Retries whose time has come go back to their origin's queue.
      while (!delayed.empty() && delayed.top().when <= now) {
        Task* raw = delayed.top().task;
        delayed.pop();
        auto owner = delayed_owner.find(raw);
        TaskPtr t = std::move(owner->second);
        delayed_owner.erase(owner);
        Enqueue(std::move(t));
      }
      if (!completed.empty()) continue;
      std::optional<Clock::time_point> wake = Dispatch(now);
      if (running.empty() && queued == 0 && delayed.empty() && completed.empty()) break;
      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      bool finished_any = false;
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Finished(msg->easy_handle, msg->data.result);
        finished_any = true;
      }
      if (finished_any || !completed.empty()) continue;
      now = Clock::now();
      if (!delayed.empty() && (!wake || delayed.top().when < *wake)) wake = delayed.top().when;
      double wait = 1.0;
      if (wake) wait = std::clamp(Seconds(*wake - now), 0.0, 1.0);
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait * 1000) + (wake ? 1 : 0), nullptr);
    }
    if (stopped) Abandon();
  }

  // Drops every unfinished request (after Stop).
  void Abandon() {
    for (auto& [easy, task] : running) {
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(task->headers);
      task->headers = nullptr;
    }
    running.clear();
    for (auto& [origin, host] : hosts) {
      host.waiting.clear();
      host.in_flight = 0;
    }
    hosts_waiting.clear();
    queued = 0;
    delayed = decltype(delayed)();
    delayed_owner.clear();
    completed.clear();
  }

  void Deliver(const std::function<void(Response)>& on_done) {
    // on_done may Add() requests, which may complete at once (robots): loop.
    while (!completed.empty() && !stopped) {
      Response r = std::move(completed.front());
      completed.pop_front();
      on_done(std::move(r));
    }
  }
};

Result<std::unique_ptr<Client>> Client::Create(const ClientOptions& options, RobotsStore* robots) {
  static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (global != CURLE_OK) return MakeError(ErrorCode::kHttp, "libcurl", curl_easy_strerror(global));
  if (options.concurrency < 1 || options.per_host < 1) {
    return MakeError(ErrorCode::kUsage, "", "concurrency limits must be at least 1");
  }
  auto impl = std::make_unique<Impl>();
  impl->opts = options;
  impl->store = robots;
  impl->multi = curl_multi_init();
  if (!impl->multi) return MakeError(ErrorCode::kHttp, "libcurl", "cannot create a multi handle");
  curl_multi_setopt(impl->multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.concurrency * 2));
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

void Client::Add(Request request) { impl_->Add(std::move(request)); }

void Client::Run(const std::function<void(Response)>& on_done, const std::function<void(ClientLoad)>& on_tick) {
  impl_->Run(on_done, on_tick);
}

void Client::Wakeup() { curl_multi_wakeup(impl_->multi); }

void Client::Stop() { impl_->stopped = true; }

}  // namespace kiji::fetch
