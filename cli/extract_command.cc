#include <iostream>

#include "cli/batch.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace kiji::cli {

std::optional<Pipeline> CreatePipelineOrReport(const PipelineOptions& options) {
  Result<Pipeline> pipeline = Pipeline::Create(options);
  if (!pipeline.ok()) {
    PrintError(pipeline.error().Message());
    return std::nullopt;
  }
  return std::move(pipeline).value();
}

int RunExtract(const ExtractFlags& flags) {
  input::InputOptions in;
  in.max_bytes = flags.max_bytes;
  if (flags.input_format == "auto") in.format = input::InputFormat::kAuto;
  else if (flags.input_format == "text") in.format = input::InputFormat::kText;
  else if (flags.input_format == "html") in.format = input::InputFormat::kHtml;
  else if (flags.input_format == "jsonl") in.format = input::InputFormat::kJsonl;
  else {
    PrintError("--input: expected auto, text, html or jsonl, got '" + flags.input_format + "'");
    return kExitUsage;
  }
  std::optional<Pipeline> pipeline = CreatePipelineOrReport(flags.pipeline);
  if (!pipeline) return kExitUsage;
  Output out;
  OrderedRunner runner(*pipeline, out, flags.jobs, flags.pretty);
  auto sink = [&](Result<extract::Document> doc) -> bool { return runner.Add(std::move(doc)); };
  std::vector<std::string> inputs = flags.inputs;
  if (inputs.empty()) inputs.push_back("-");
  for (const std::string& spec : inputs) {
    if (!input::ReadInput(spec, in, sink)) break;
  }
  runner.Finish();
  out.Flush();
  if (out.broken()) return kExitOk;  // the reader stopped reading: not an error
  return runner.failed() ? kExitPartial : kExitOk;
}

int RunRulesCheck(const PipelineOptions& options, bool quiet) {
  std::optional<Pipeline> pipeline = CreatePipelineOrReport(options);
  if (!pipeline) return kExitUsage;
  size_t checked = 0;
  std::vector<ExampleFailure> failures = CheckExamples(*pipeline, &checked);
  for (const ExampleFailure& f : failures) PrintError(f.where + ": " + f.what);
  if (!quiet) {
    std::printf("%zu passed, %zu failed\n", checked - failures.size(), failures.size());
  }
  return failures.empty() ? kExitOk : kExitPartial;
}

}  // namespace kiji::cli
