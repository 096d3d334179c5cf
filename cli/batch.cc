#include "cli/batch.h"

#include <atomic>
#include <thread>

namespace kiji::cli {
namespace {

constexpr size_t kMaxBatchBytes = size_t(64) << 20;

struct Outcome {
  std::string line;                 // the record, or empty
  std::vector<std::string> errors;  // stderr lines, in order
  bool failed = false;
};

Outcome ProcessOne(const Pipeline& pipeline, Result<extract::Document>& doc, bool pretty) {
  Outcome o;
  if (!doc.ok()) {
    o.failed = true;
    o.errors.push_back(doc.error().Message());
    return o;
  }
  std::string name = doc->source.location;
  Result<std::unique_ptr<Processed>> p = pipeline.ProcessDocument(std::move(doc).value());
  if (!p.ok()) {
    o.failed = true;
    o.errors.push_back(p.error().Message());
    return o;
  }
  for (const std::string& w : p.value()->record.warnings) o.errors.push_back(name + ": warning: " + w);
  o.line = emit::Serialize(p.value()->record, pretty);
  return o;
}

}  // namespace

OrderedRunner::OrderedRunner(const Pipeline& pipeline, Output& out, int jobs, bool pretty)
    : pipeline_(pipeline), out_(out), jobs_(jobs < 1 ? 1 : jobs), pretty_(pretty) {}

OrderedRunner::~OrderedRunner() = default;

bool OrderedRunner::Add(Result<extract::Document> doc) {
  if (jobs_ == 1) {
    batch_.push_back(std::move(doc));
    return RunBatch();
  }
  batch_bytes_ += doc.ok() ? doc->bytes.size() : 0;
  batch_.push_back(std::move(doc));
  if (batch_.size() >= static_cast<size_t>(jobs_) * 16 || batch_bytes_ >= kMaxBatchBytes) return RunBatch();
  return !out_.broken();
}

bool OrderedRunner::Finish() { return RunBatch(); }

bool OrderedRunner::RunBatch() {
  std::vector<Outcome> outcomes(batch_.size());
  if (jobs_ == 1 || batch_.size() == 1) {
    for (size_t i = 0; i < batch_.size(); ++i) outcomes[i] = ProcessOne(pipeline_, batch_[i], pretty_);
  } else {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < batch_.size(); i = next++) outcomes[i] = ProcessOne(pipeline_, batch_[i], pretty_);
    };
    std::vector<std::thread> threads;
    size_t n = std::min(static_cast<size_t>(jobs_), batch_.size());
    for (size_t t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
  }
  batch_.clear();
  batch_bytes_ = 0;
  for (Outcome& o : outcomes) {
    if (o.failed) ++failed_;
    for (const std::string& e : o.errors) PrintError(e);
    if (!o.line.empty() && !out_.WriteLine(o.line)) return false;
  }
  return !out_.broken();
}

}  // namespace kiji::cli
