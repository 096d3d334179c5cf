// The emit stage: an analysed article -> one JSON Lines record
// (../shared/spec/RECORD.md, schema kiji.article/1).
//
// Converts byte offsets into code point offsets of `text`; every key of the
// record is present, null or empty when there is nothing to say. Extension
// fields (allowed by RECORD.md): `dateline`, `canonical_url`.
// Knows nothing of rules or HTTP. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "extract/article.h"
#include "resolve/entity.h"
#include "text/text.h"

namespace kiji::emit {

struct Record {
  std::string id;
  extract::Source source;
  std::string lang;
  std::optional<std::string> title;
  std::optional<std::string> published;
  std::optional<std::string> canonical_url;
  const text::NormText* text = nullptr;
  std::vector<resolve::Entity> entities;
  std::vector<resolve::Agreement> agreements;
  std::optional<extract::Dateline> dateline;  // span in `text` (bytes) after normalization
  std::vector<std::string> warnings;
};

// Returns a stable hex id for an input: FNV-1a 64 over source location,
// member and bytes.
std::string StableId(const extract::Source& source, std::string_view bytes);

// Returns the record as a JSON object (Serialize's output, parsed).
resolve::Json ToJson(const Record& record);

// Returns the record serialized: one line (no trailing newline), or
// indented when `pretty`.
std::string Serialize(const Record& record, bool pretty);

}  // namespace kiji::emit
