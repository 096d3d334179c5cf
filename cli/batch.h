// Runs the pipeline on documents with several threads and writes the
// records in input order. Documents are gathered into bounded batches
// (count and bytes), so memory stays flat however many inputs there are.
#pragma once

#include <string>
#include <vector>

#include "cli/output.h"
#include "pipeline/pipeline.h"

namespace kiji::cli {

class OrderedRunner {
 public:
  // `jobs` threads (1: process inline); records go to `out`.
  OrderedRunner(const Pipeline& pipeline, Output& out, int jobs, bool pretty);
  ~OrderedRunner();

  // Queues one document or input error. Returns false once stdout is gone.
  bool Add(Result<extract::Document> doc);
  // Processes and writes everything queued. Returns false once stdout is gone.
  bool Finish();
  // Number of inputs that failed so far.
  size_t failed() const { return failed_; }

 private:
  bool RunBatch();

  const Pipeline& pipeline_;
  Output& out_;
  int jobs_;
  bool pretty_;
  size_t failed_ = 0;
  size_t batch_bytes_ = 0;
  std::vector<Result<extract::Document>> batch_;
};

}  // namespace kiji::cli
