// The subcommands, each a thin layer over lib/.
#pragma once

#include <string>
#include <vector>

#include "input/input.h"
#include "pipeline/pipeline.h"

namespace kiji::cli {

struct ExtractFlags {
  std::vector<std::string> inputs;  // paths, directories, "-" (none: stdin)
  std::string input_format = "auto";
  bool pretty = false;
  size_t max_bytes = size_t(256) << 20;
  int jobs = 0;  // threads; 0: one per core (at most 8)
  PipelineOptions pipeline;
};

// kiji extract: one record per input document on stdout.
int RunExtract(const ExtractFlags& flags);

// kiji rules check: runs every rule example; prints failures.
int RunRulesCheck(const PipelineOptions& options, bool quiet);

}  // namespace kiji::cli
