// The subcommands, each a thin layer over lib/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "input/input.h"
#include "pipeline/pipeline.h"

namespace CLI {
class App;
}

namespace kiji::cli {

struct ExtractFlags {
  std::vector<std::string> inputs;  // paths, directories, "-" (none: stdin)
  std::string input_format = "auto";
  bool pretty = false;
  size_t max_bytes = size_t(256) << 20;
  int jobs = 0;  // threads; 0: one per core (at most 8)
  PipelineOptions pipeline;
};

// Builds the pipeline, or prints its error ("kiji: file:line: ...") and
// returns nullopt (the caller exits with kExitUsage).
std::optional<Pipeline> CreatePipelineOrReport(const PipelineOptions& options);

// kiji extract: one record per input document on stdout.
int RunExtract(const ExtractFlags& flags);

// kiji rules check: runs every rule example; prints failures.
int RunRulesCheck(const PipelineOptions& options, bool quiet);

struct FetchFlags {
  std::vector<std::string> urls;  // pages (kiji fetch) or feeds (kiji feed)
  std::string urls_file;          // --urls FILE or - (one URL a line; # comments)
  std::string state_path;         // --state ("" = the default path)
  bool no_state = false;          // --no-state: remember nothing
  bool quiet = false;             // errors only on stderr
  ingest::IngestOptions ingest;
  PipelineOptions pipeline;
};

// Adds the flags `kiji fetch` and `kiji feed` share to `cmd`.
void AddFetchFlags(CLI::App* cmd, FetchFlags* flags);

// kiji fetch / kiji feed: records for new or changed pages on stdout, one
// summary line on stderr.
int RunFetch(const FetchFlags& flags, ingest::Mode mode);

}  // namespace kiji::cli
