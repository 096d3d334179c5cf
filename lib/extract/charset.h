// Charsets of web pages: which one a page is written in, and conversion to
// UTF-8 with ICU.
//
// The decision follows the HTML standard's order: a byte order mark, then
// the charset declared by the transport (HTTP Content-Type), then the
// page's own <meta charset> / <meta http-equiv="Content-Type">. ICU's
// charset detector is asked only when nothing is declared or when the
// declaration is plainly wrong: bytes that are valid UTF-8 (with non-ASCII
// text) declared as a legacy charset, a UTF-8 declaration over bytes that
// are not UTF-8, a multi-byte declaration whose bytes do not convert, or a
// single-byte declaration over text the detector is sure is Japanese,
// Chinese or Korean. Labels are read as the WHATWG Encoding standard reads
// them (ISO-8859-1 and US-ASCII mean windows-1252, Shift_JIS means the
// windows-31j superset, GBK and GB2312 mean GB18030, EUC-KR means
// windows-949).
// Knows nothing of HTML parsing beyond the <meta> prescan. Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace kiji::extract {

// How a charset was decided; its name is written into source.content_type.
enum class CharsetSource {
  kBom,       // a UTF-8 or UTF-16 byte order mark ("bom")
  kHttp,      // the transport's Content-Type or a caller's hint ("http")
  kMeta,      // the page's <meta> declaration ("meta")
  kJsonl,     // an "html" string of a JSON Lines record: already Unicode ("jsonl")
  kDetected,  // the bytes: UTF-8 validity or ICU's detector ("detected")
  kDefault,   // nothing declared, nothing to detect (ASCII): UTF-8 ("default")
};

// Returns "bom", "http", "meta", "jsonl", "detected" or "default".
const char* CharsetSourceName(CharsetSource source);

struct CharsetDecision {
  std::string charset;                    // canonical name: "UTF-8", "Shift_JIS", "windows-1252", ...
  CharsetSource source = CharsetSource::kDefault;
  std::optional<std::string> declared;    // what the page or transport declared, canonical
  std::optional<std::string> warning;     // set when a declaration was overridden or two disagree
  size_t invalid_utf8 = 0;                // invalid sequences, when the charset is UTF-8
};

// Returns the canonical charset name for a WHATWG label ("sjis",
// "x-euc-jp", "latin1", "utf8", ...), or "" when the label is unknown.
std::string CanonicalCharset(std::string_view label);

// Returns the charset named by an opening <?xml ... encoding=...?>, or by
// the page's first <meta charset> or
// <meta http-equiv="Content-Type" content="...; charset=..."> in `head`
// (the first bytes of the page; comments and other tags are skipped), as
// written, or "" when there is none.
std::string PrescanMetaCharset(std::string_view head);

// Returns the charset parameter of a Content-Type value
// ("text/html; charset=Shift_JIS" -> "Shift_JIS"), or "".
std::string CharsetFromContentType(std::string_view content_type);

// Decides the charset of `bytes`. `transport` is the charset declared by
// HTTP (or by whoever handed the bytes over), "" when unknown.
CharsetDecision DecideCharset(std::string_view bytes, std::string_view transport);

// Returns ICU's best guess for `bytes` (a canonical name, never UTF-16;
// "" when it has none); `confidence` gets ICU's 0..100.
std::string DetectCharset(std::string_view bytes, int* confidence);

// Returns true for the multi-byte charsets of Japanese, Chinese and Korean
// (Shift_JIS, EUC-JP, ISO-2022-JP, GB18030, Big5, EUC-KR).
bool IsCjkCharset(const std::string& charset);

// Converts `bytes` from `charset` (a canonical name) to UTF-8, skipping a
// byte order mark. Bytes that do not convert become U+FFFD; `replaced`
// gets their count. Errors name an unknown charset.
Result<std::string> ConvertToUtf8(std::string_view bytes, const std::string& charset, size_t* replaced);

// Returns the number of invalid UTF-8 sequences in `bytes` and, through
// `multibyte`, the number of valid multi-byte sequences.
size_t CountInvalidUtf8(std::string_view bytes, size_t* multibyte);

}  // namespace kiji::extract
