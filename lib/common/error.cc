#include "common/result.h"

namespace kiji {
namespace {

struct ErrorInfo {
  ErrorCode code;
  const char* name;
  const char* hint;
};

// One row per ErrorCode, in enum order (tests/error_test.cc checks it).
constexpr ErrorInfo kErrorTable[] = {
    {ErrorCode::kIo, "io", "check that the path is readable"},
    {ErrorCode::kNotFound, "not_found", "check the path"},
    {ErrorCode::kEmpty, "empty", "the input has no text to extract from"},
    {ErrorCode::kBinary, "binary", "kiji reads text, HTML, gzip and JSON Lines"},
    {ErrorCode::kTooLarge, "too_large", "raise --max-bytes or split the input"},
    {ErrorCode::kBadJson, "bad_json", "each line must be a JSON object with a \"text\" or \"html\" string"},
    {ErrorCode::kBadRuleFile, "bad_rule_file", "see patterns/README.md for the rule file syntax"},
    {ErrorCode::kBadRegex, "bad_regex", "RE2 syntax: no lookaround, no backreferences"},
    {ErrorCode::kBadRecipe, "bad_recipe", "see patterns/README.md for the value recipes"},
    {ErrorCode::kBadValue, "bad_value", "the match could not be turned into a value"},
    {ErrorCode::kBadHtml, "bad_html", "the page could not be parsed"},
    {ErrorCode::kBadCharset, "bad_charset", "pass the right charset or fix the page's declaration"},
    {ErrorCode::kHttp, "http", "check the URL and the network"},
    {ErrorCode::kBadFeed, "bad_feed", "kiji reads RSS 1.0/2.0, Atom and sitemaps"},
    {ErrorCode::kState, "state", "check --state and its directory's permissions"},
    {ErrorCode::kUsage, "usage", "see kiji --help"},
};
static_assert(sizeof(kErrorTable) / sizeof(kErrorTable[0]) == kErrorCodeCount,
              "kErrorTable needs one row per ErrorCode");

}  // namespace

const char* ErrorCodeName(ErrorCode code) {
  return kErrorTable[static_cast<int>(code)].name;
}

const char* ErrorCodeHint(ErrorCode code) {
  return kErrorTable[static_cast<int>(code)].hint;
}

std::string Error::Message() const {
  if (where.empty()) return what;
  return where + ": " + what;
}

}  // namespace kiji
