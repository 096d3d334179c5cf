#include "ingest/ingest.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "emit/record.h"
#include "feed/feed.h"

namespace kiji::ingest {
namespace {

constexpr int64_t kRenewClaimsEvery = 300;  // seconds; well inside the claim lease
constexpr auto kProgressEvery = std::chrono::milliseconds(200);

int64_t SystemUnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Returns the hash a body is compared by: the id its record would get.
std::string BodyHash(const std::string& location, const std::string& body) {
  extract::Source s;
  s.location = location;
  return emit::StableId(s, body);
}

// Returns the hash an extracted article is compared by: its title and text.
std::string TextHash(const emit::Record& record) {
  extract::Source s;
  s.location = record.title.value_or("");
  return emit::StableId(s, record.text ? record.text->text : std::string());
}

// One URL this run is responsible for.
struct Job {
  uint64_t tag = 0;
  std::string url;  // normalized, as requested: the state key
  bool feed = false;
  int depth = 0;
  Job* parent = nullptr;  // the feed that listed it
  state::UrlState stored;
  std::optional<feed::Item> item;
  state::UrlState to_save;  // what to store once settled
  // Feeds only.
  size_t pending = 0;      // listed URLs not yet settled
  bool parsed = false;     // its items have been queued
  bool incomplete = false; // an item failed for a while or was left to another run
};

// Extraction on worker threads: Document in, serialized record out.
class Workers {
 public:
  struct Out {
    uint64_t tag = 0;
    std::optional<Error> error;
    std::string line;
    std::string id;  // the record's id
    std::string text_hash;
    std::vector<std::string> warnings;
  };

  Workers(const Pipeline& pipeline, int n, bool pretty, std::function<void()> notify)
      : pipeline_(pipeline), pretty_(pretty), notify_(std::move(notify)), max_queue_(static_cast<size_t>(n) * 4) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }

  ~Workers() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    in_cv_.notify_all();
    space_cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  // Queues a document; blocks while the workers are behind.
  void Submit(uint64_t tag, extract::Document doc) {
    std::unique_lock<std::mutex> lock(mu_);
    space_cv_.wait(lock, [&] { return in_.size() < max_queue_ || closed_; });
    in_.push_back({tag, std::move(doc)});
    ++outstanding_;
    in_cv_.notify_one();
  }

  // Returns the results so far; with `wait`, blocks until there is one
  // (or nothing is outstanding).
  std::deque<Out> Take(bool wait) {
    std::unique_lock<std::mutex> lock(mu_);
    if (wait) out_cv_.wait(lock, [&] { return !out_.empty() || outstanding_ == 0; });
    std::deque<Out> got = std::move(out_);
    out_.clear();
    outstanding_ -= got.size();
    return got;
  }

  size_t outstanding() {
    std::lock_guard<std::mutex> lock(mu_);
    return outstanding_;
  }

 private:
  void Loop() {
    while (true) {
      std::pair<uint64_t, extract::Document> work;
      {
        std::unique_lock<std::mutex> lock(mu_);
        in_cv_.wait(lock, [&] { return !in_.empty() || closed_; });
        if (in_.empty()) return;
        work = std::move(in_.front());
        in_.pop_front();
      }
      space_cv_.notify_one();
      Out out;
      out.tag = work.first;
      Result<std::unique_ptr<Processed>> p = pipeline_.ProcessDocument(std::move(work.second));
      if (!p.ok()) {
        out.error = p.error();
      } else {
        const emit::Record& rec = p.value()->record;
        out.line = emit::Serialize(rec, pretty_);
        out.id = rec.id;
        out.text_hash = TextHash(rec);
        out.warnings = rec.warnings;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        out_.push_back(std::move(out));
      }
      out_cv_.notify_all();
      notify_();
    }
  }

  const Pipeline& pipeline_;
  bool pretty_;
  std::function<void()> notify_;
  size_t max_queue_;
  std::mutex mu_;
  std::condition_variable in_cv_, space_cv_, out_cv_;
  std::deque<std::pair<uint64_t, extract::Document>> in_;
  std::deque<Out> out_;
  size_t outstanding_ = 0;
  bool closed_ = false;
  std::vector<std::thread> threads_;
};

class Runner : public fetch::RobotsStore {
 public:
  Runner(const Pipeline& pipeline, state::State& state, const IngestOptions& options, Sink& sink, UnixClock clock)
      : pipeline_(pipeline), state_(state), options_(options), sink_(sink), clock_(std::move(clock)) {}

  std::optional<std::string> LoadRobots(const std::string& origin) override {
    Result<std::optional<std::string>> r = state_.LoadRobots(origin, clock_());
    if (!r.ok()) {
      Fatal(r.error());
      return std::nullopt;
    }
    return r.value();
  }

  void SaveRobots(const std::string& origin, const std::string& body) override {
    Check(state_.SaveRobots(origin, body, clock_()));
  }

  Result<Stats> Go(Mode mode, const std::vector<std::string>& urls) {
    Result<std::unique_ptr<fetch::Client>> client = fetch::Client::Create(options_.client, this);
    if (!client.ok()) return client.error();
    client_ = std::move(client).value();
    int n = options_.workers > 0 ? options_.workers : static_cast<int>(std::thread::hardware_concurrency());
    fetch::Client* c = client_.get();
    workers_ = std::make_unique<Workers>(pipeline_, std::max(1, n), options_.pretty, [c] { c->Wakeup(); });
    last_renew_ = clock_();

    std::vector<Candidate> seeds;
    for (const std::string& u : urls) {
      Result<std::string> norm = fetch::NormalizeUrl(u);
      if (!norm.ok()) {
        ++stats_.failed;
        sink_.Report(Event{EventKind::kFailed, norm.error()});
        continue;
      }
      seeds.push_back(Candidate{norm.value(), std::nullopt});
    }
    AddJobs(nullptr, std::move(seeds), mode == Mode::kFeeds, 0);

    client_->Run([this](fetch::Response r) { OnResponse(std::move(r)); },
                 [this](fetch::ClientLoad load) { Tick(load); });
    // Transfers are over; the workers may still be extracting.
    while (!stopped_ && workers_->outstanding() > 0) {
      for (Workers::Out& out : workers_->Take(true)) {
        if (StopRequested()) break;
        OnExtracted(std::move(out));
      }
    }
    workers_.reset();
    Check(state_.ReleaseAll());
    if (fatal_) return *fatal_;
    stats_.queued = stats_.in_flight = 0;
    return stats_;
  }

 private:
  struct Candidate {
    std::string url;
    std::optional<feed::Item> item;
  };

  void Fatal(Error e) {
    if (!fatal_) fatal_ = std::move(e);
    Stop();
  }

  void Check(const Status& st) {
    if (!st.ok()) Fatal(st.error());
  }

  void Stop() {
    stopped_ = true;
    if (client_) client_->Stop();
  }

  // Claims the candidates and requests the ones that need it.
  void AddJobs(Job* parent, std::vector<Candidate> candidates, bool feeds, int depth) {
    std::vector<Candidate> fresh;
    std::vector<std::string> urls;
    for (Candidate& c : candidates) {
      if (!seen_.insert(c.url).second) continue;  // listed twice: once is enough
      urls.push_back(c.url);
      fresh.push_back(std::move(c));
    }
    if (!fresh.empty()) {
      Result<std::vector<state::Claim>> claims = state_.ClaimUrls(urls, clock_());
      if (!claims.ok()) {
        Fatal(claims.error());
        return;
      }
      for (size_t i = 0; i < fresh.size(); ++i) {
        state::Claim& claim = claims.value()[i];
        if (!claim.claimed) {
          ++stats_.busy;
          sink_.Report(Event{EventKind::kBusy, MakeError(ErrorCode::kState, fresh[i].url,
                                                          "skipped: another kiji run is fetching it")});
          if (parent) parent->incomplete = true;
          continue;
        }
        auto job = std::make_unique<Job>();
        job->tag = next_tag_++;
        job->url = fresh[i].url;
        job->feed = feeds;
        job->depth = depth;
        job->parent = parent;
        job->stored = std::move(claim.state);
        job->item = std::move(fresh[i].item);
        if (KnownItem(*job)) {
          ++stats_.not_modified;
          Check(state_.Release(job->url));
          continue;
        }
        fetch::Request req;
        req.url = job->url;
        req.tag = job->tag;
        if (!options_.all) {
          req.etag = job->stored.etag;
          req.last_modified = job->stored.last_modified;
        }
        if (parent) ++parent->pending;
        jobs_.emplace(job->tag, std::move(job));
        client_->Add(std::move(req));
      }
    }
    if (parent) {
      parent->parsed = true;
      if (parent->pending == 0) FeedDone(parent);
    }
  }

  // Returns true for a page a feed lists that an earlier run processed and
  // the feed has not dated anew: it is not requested again.
  bool KnownItem(const Job& job) const {
    if (options_.all || job.feed || !job.parent || job.stored.body_hash.empty()) return false;
    const std::string& date = job.item ? job.item->date : std::string();
    return date.empty() || date == job.stored.item_date;
  }

  state::UrlState NewState(const Job& job, const fetch::Response& r) {
    state::UrlState s = job.stored;
    s.url = job.url;
    s.status = r.status;
    s.checked_at = clock_();
    if (r.outcome == fetch::Outcome::kOk) {
      s.etag = r.etag;
      s.last_modified = r.last_modified;
    } else if (r.outcome == fetch::Outcome::kNotModified) {
      // A 304 may carry fresher validators; keep the old ones otherwise.
      if (!r.etag.empty()) s.etag = r.etag;
      if (!r.last_modified.empty()) s.last_modified = r.last_modified;
    }
    if (job.item && !job.item->date.empty()) s.item_date = job.item->date;
    return s;
  }

  void OnResponse(fetch::Response r) {
    auto it = jobs_.find(r.tag);
    if (it == jobs_.end()) return;
    Job* job = it->second.get();
    switch (r.outcome) {
      case fetch::Outcome::kRobots:
        ++stats_.robots;
        sink_.Report(Event{EventKind::kRobots, *r.error});
        Check(state_.Release(job->url));
        Settle(job, true);
        return;
      case fetch::Outcome::kFailed:
        ++stats_.failed;
        sink_.Report(Event{EventKind::kFailed, *r.error});
        Check(state_.Release(job->url));
        Settle(job, !r.transient);
        return;
      case fetch::Outcome::kNotModified:
        ++stats_.not_modified;
        Check(state_.Save(NewState(*job, r)));
        Settle(job, true);
        return;
      case fetch::Outcome::kOk:
        break;
    }
    ++stats_.fetched;
    job->to_save = NewState(*job, r);
    job->to_save.body_hash = BodyHash(r.final_url, r.body);
    if (!options_.all && job->to_save.body_hash == job->stored.body_hash) {
      ++stats_.not_modified;
      Check(state_.Save(job->to_save));
      Settle(job, true);
      return;
    }
    if (job->feed) {
      OnFeed(job, std::move(r));
      return;
    }
    extract::Document doc = fetch::ToDocument(std::move(r));
    if (job->item) {
      doc.hints.title = job->item->title;
      doc.hints.published = job->item->published;
      doc.hints.lang = job->item->lang;
    }
    workers_->Submit(job->tag, std::move(doc));
  }

  void OnFeed(Job* job, fetch::Response r) {
    feed::ParseOptions po;
    po.charset = fetch::ContentTypeCharset(r.content_type);
    po.max_bytes = std::max(options_.client.max_bytes, po.max_bytes);
    Result<feed::Feed> parsed = feed::ParseFeed(r.body, r.final_url, po);
    if (!parsed.ok()) {
      ++stats_.failed;
      Error e = parsed.error();
      e.where = job->url;
      sink_.Report(Event{EventKind::kFailed, e});
      Check(state_.Release(job->url));
      Settle(job, true);
      return;
    }
    for (const std::string& w : parsed->warnings) {
      sink_.Report(Event{EventKind::kWarning, MakeError(ErrorCode::kBadFeed, job->url, "warning: " + w)});
    }
    bool index = parsed->kind == feed::Kind::kSitemapIndex;
    if (index && job->depth >= options_.max_sitemap_depth) {
      sink_.Report(Event{EventKind::kWarning,
                         MakeError(ErrorCode::kBadFeed, job->url,
                                   "warning: sitemap index nested deeper than " +
                                       std::to_string(options_.max_sitemap_depth) + " levels; not followed")});
      parsed->items.clear();
    }
    std::vector<Candidate> children;
    children.reserve(parsed->items.size());
    for (feed::Item& item : parsed->items) {
      std::string url = item.url;
      children.push_back(Candidate{std::move(url), std::move(item)});
    }
    AddJobs(job, std::move(children), index, job->depth + 1);
  }

  void OnExtracted(Workers::Out out) {
    auto it = jobs_.find(out.tag);
    if (it == jobs_.end()) return;
    Job* job = it->second.get();
    if (out.error) {
      ++stats_.failed;
      Error e = *out.error;
      e.where = job->url;
      sink_.Report(Event{EventKind::kFailed, e});
      Check(state_.Release(job->url));
      Settle(job, true);
      return;
    }
    job->to_save.text_hash = out.text_hash;
    // Only the page around the article changed; or two URLs of this run
    // led to the same page (same final URL, same bytes: the same record).
    if ((!options_.all && out.text_hash == job->stored.text_hash) || !emitted_ids_.insert(out.id).second) {
      ++stats_.not_modified;
      Check(state_.Save(job->to_save));
      Settle(job, true);
      return;
    }
    for (const std::string& w : out.warnings) {
      sink_.Report(Event{EventKind::kWarning, MakeError(ErrorCode::kIo, job->url, "warning: " + w)});
    }
    if (!sink_.Emit(out.line)) {
      Stop();
      return;
    }
    ++stats_.records;
    // Recorded only once written: a run killed in between emits it again
    // next time rather than never.
    job->to_save.emitted_at = clock_();
    Check(state_.Save(job->to_save));
    Settle(job, true);
  }

  // A feed whose items are all settled: keep its validators only when every
  // item got its final outcome, so that the next run lists them again.
  void FeedDone(Job* job) {
    if (!job->incomplete) Check(state_.Save(job->to_save));
    else Check(state_.Release(job->url));
    Settle(job, !job->incomplete);
  }

  void Settle(Job* job, bool complete) {
    Job* parent = job->parent;
    jobs_.erase(job->tag);
    if (!parent) return;
    --parent->pending;
    if (!complete) parent->incomplete = true;
    if (parent->parsed && parent->pending == 0) FeedDone(parent);
  }

  // Returns true (and stops) once the caller asked the run to stop.
  bool StopRequested() {
    if (!stopped_ && options_.stop && options_.stop->load()) Stop();
    return stopped_;
  }

  void Tick(fetch::ClientLoad load) {
    if (StopRequested()) return;
    for (Workers::Out& out : workers_->Take(false)) {
      OnExtracted(std::move(out));
      if (StopRequested()) return;
    }
    int64_t now = clock_();
    if (now - last_renew_ >= kRenewClaimsEvery) {
      last_renew_ = now;
      Check(state_.RenewClaims(now));
    }
    auto t = std::chrono::steady_clock::now();
    if (t - last_progress_ >= kProgressEvery) {
      last_progress_ = t;
      stats_.queued = load.queued;
      stats_.in_flight = load.in_flight;
      sink_.Progress(stats_);
    }
  }

  const Pipeline& pipeline_;
  state::State& state_;
  const IngestOptions& options_;
  Sink& sink_;
  UnixClock clock_;
  std::unique_ptr<fetch::Client> client_;
  std::unique_ptr<Workers> workers_;
  std::unordered_map<uint64_t, std::unique_ptr<Job>> jobs_;
  std::unordered_set<std::string> seen_;
  std::unordered_set<std::string> emitted_ids_;
  uint64_t next_tag_ = 1;
  Stats stats_;
  std::optional<Error> fatal_;
  bool stopped_ = false;
  int64_t last_renew_ = 0;
  std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace

Result<Stats> Run(Mode mode, const std::vector<std::string>& urls, const Pipeline& pipeline, state::State& state,
                  const IngestOptions& options, Sink& sink, UnixClock clock) {
  if (!clock) clock = SystemUnixNow;
  Runner runner(pipeline, state, options, sink, std::move(clock));
  return runner.Go(mode, urls);
}

}  // namespace kiji::ingest
