// Errors as values, shared by every stage of the pipeline.
//
// lib/ never prints, exits or aborts: a stage that can fail returns
// Result<T>, and the front end decides what to say and which exit code to
// use. Every ErrorCode has one line in the message table (error.cc); a test
// checks the table against the enum.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace kiji {

enum class ErrorCode {
  kIo,           // a path could not be opened or read
  kNotFound,     // a path does not exist
  kEmpty,        // an input has no text at all
  kBinary,       // an input is not text (NUL bytes, or an unknown binary format)
  kTooLarge,     // an input exceeds a configured size limit
  kBadJson,      // a JSON Lines input line is not a usable object
  kBadRuleFile,  // a rule file has a syntax error
  kBadRegex,     // a rule's pattern does not compile
  kBadRecipe,    // a rule's value recipe is unknown or malformed
  kBadValue,     // a recipe could not compute a value from a match
  kBadHtml,      // an HTML document could not be used
  kBadCharset,   // a charset is unknown or the bytes do not convert
  kHttp,         // an HTTP transfer failed
  kBadFeed,      // a feed or sitemap could not be parsed
  kState,        // the state database failed
  kUsage,        // bad flags or arguments
};
inline constexpr int kErrorCodeCount = static_cast<int>(ErrorCode::kUsage) + 1;

struct Error {
  ErrorCode code = ErrorCode::kIo;
  std::string where;  // "patterns/en/dates.rules:14", a path or a URL
  std::string what;   // what went wrong, plus the offending piece

  // Returns "where: what" (or just "what" when where is empty).
  std::string Message() const;
};

// Returns the short name of `code` ("io", "bad_regex", ...).
const char* ErrorCodeName(ErrorCode code);
// Returns a one-line hint for `code`, used after messages where it helps.
const char* ErrorCodeHint(ErrorCode code);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const Error& error() const { return std::get<Error>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> stand-in.
struct Ok {};
using Status = Result<Ok>;

inline Error MakeError(ErrorCode code, std::string where, std::string what) {
  return Error{code, std::move(where), std::move(what)};
}

}  // namespace kiji
