// The input stage: paths, directories, stdin and JSON Lines -> Documents.
//
// A path may be a file (plain text, HTML, or either gzip-compressed), a
// directory (read recursively: *.txt, *.text, *.html, *.htm, *.xhtml and
// their .gz forms, in name order), or "-" for stdin. With format kJsonl each
// line of the input is one document: an object with "text" or "html" and
// optional "id", "url", "title", "published", "lang". Documents are handed
// out one at a time, so memory does not grow with the number of inputs.
// Knows nothing of extraction or rules. Thread-compatible.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "extract/article.h"

namespace kiji::input {

enum class InputFormat { kAuto, kText, kHtml, kJsonl };

struct InputOptions {
  InputFormat format = InputFormat::kAuto;
  size_t max_bytes = size_t(256) << 20;  // per document (256 MiB)
};

// Receives each document or the error for one input; returns false to stop.
using DocumentSink = std::function<bool(Result<extract::Document>)>;

// Reads `spec` ("-" for stdin) and hands each document (or error) to
// `sink`. Returns false when the sink asked to stop.
bool ReadInput(const std::string& spec, const InputOptions& options, const DocumentSink& sink);

// Reads JSON Lines from `in`, one document per line; `name` is used in
// error messages ("<name>:<line>: ...").
bool ReadJsonl(std::istream& in, const std::string& name, const InputOptions& options, const DocumentSink& sink);

// Decompresses gzip `data`; an error names `where`. Stops at `max_bytes`.
Result<std::string> Gunzip(std::string_view data, const std::string& where, size_t max_bytes);

// Returns true when `data` starts with the gzip magic bytes.
bool IsGzip(std::string_view data);

}  // namespace kiji::input
