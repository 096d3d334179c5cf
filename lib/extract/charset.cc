#include "extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "common/strings.h"

namespace kiji::extract {
namespace {

std::string LowerTrim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r' ||
                        s.front() == '\f' || s.front() == '"' || s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r' ||
                        s.back() == '\f' || s.back() == '"' || s.back() == '\'' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return AsciiLower(s);
}

struct Label {
  const char* label;
  const char* canonical;
};

// WHATWG Encoding labels (https://encoding.spec.whatwg.org/#names-and-labels),
// the encodings news sites use, mapped to the names kiji reports.
constexpr Label kLabels[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"}, {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"}, {"x-unicode20utf8", "UTF-8"},
    {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"ucs-2", "UTF-16LE"}, {"unicode", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE"}, {"csunicode", "UTF-16LE"}, {"iso-10646-ucs-2", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"}, {"unicodefffe", "UTF-16BE"},
    {"shift_jis", "Shift_JIS"}, {"shift-jis", "Shift_JIS"}, {"sjis", "Shift_JIS"}, {"x-sjis", "Shift_JIS"},
    {"ms_kanji", "Shift_JIS"}, {"ms932", "Shift_JIS"}, {"csshiftjis", "Shift_JIS"}, {"windows-31j", "Shift_JIS"},
    {"cp932", "Shift_JIS"},
    {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"}, {"cseucpkdfmtjapanese", "EUC-JP"}, {"eucjp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"}, {"csiso2022jp", "ISO-2022-JP"},
    {"gb18030", "GB18030"}, {"gbk", "GB18030"}, {"gb2312", "GB18030"}, {"gb_2312", "GB18030"},
    {"gb_2312-80", "GB18030"}, {"chinese", "GB18030"}, {"csgb2312", "GB18030"}, {"csiso58gb231280", "GB18030"},
    {"iso-ir-58", "GB18030"}, {"x-gbk", "GB18030"},
    {"big5", "Big5"}, {"big5-hkscs", "Big5"}, {"cn-big5", "Big5"}, {"csbig5", "Big5"}, {"x-x-big5", "Big5"},
    {"euc-kr", "EUC-KR"}, {"cseuckr", "EUC-KR"}, {"csksc56011987", "EUC-KR"}, {"iso-ir-149", "EUC-KR"},
    {"korean", "EUC-KR"}, {"ks_c_5601-1987", "EUC-KR"}, {"ks_c_5601-1989", "EUC-KR"}, {"ksc5601", "EUC-KR"},
    {"ksc_5601", "EUC-KR"}, {"windows-949", "EUC-KR"},
    {"windows-1252", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"},
    {"us-ascii", "windows-1252"}, {"cp1252", "windows-1252"}, {"cp819", "windows-1252"},
    {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"}, {"iso-8859-1", "windows-1252"},
    {"iso-ir-100", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"}, {"l1", "windows-1252"},
    {"latin1", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"windows-1250", "windows-1250"}, {"cp1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"windows-1251", "windows-1251"}, {"cp1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"windows-1253", "windows-1253"}, {"cp1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"windows-1254", "windows-1254"}, {"cp1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"iso8859-9", "windows-1254"},
    {"windows-1255", "windows-1255"}, {"cp1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"windows-1256", "windows-1256"}, {"cp1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"windows-1257", "windows-1257"}, {"cp1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"windows-1258", "windows-1258"}, {"cp1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"windows-874", "windows-874"}, {"tis-620", "windows-874"}, {"iso-8859-11", "windows-874"},
    {"iso-8859-2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"}, {"iso8859-2", "ISO-8859-2"},
    {"iso-8859-3", "ISO-8859-3"}, {"iso-8859-4", "ISO-8859-4"},
    {"iso-8859-5", "ISO-8859-5"}, {"cyrillic", "ISO-8859-5"}, {"iso8859-5", "ISO-8859-5"},
    {"iso-8859-6", "ISO-8859-6"}, {"arabic", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"}, {"greek", "ISO-8859-7"},
    {"iso-8859-8", "ISO-8859-8"}, {"hebrew", "ISO-8859-8"}, {"iso-8859-8-i", "ISO-8859-8"},
    {"iso-8859-10", "ISO-8859-10"}, {"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"},
    {"iso-8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"}, {"iso8859-15", "ISO-8859-15"},
    {"iso-8859-16", "ISO-8859-16"},
    {"koi8-r", "KOI8-R"}, {"koi8_r", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi", "KOI8-R"}, {"cskoi8r", "KOI8-R"},
    {"koi8-u", "KOI8-U"}, {"koi8-ru", "KOI8-U"},
    {"ibm866", "IBM866"}, {"cp866", "IBM866"}, {"866", "IBM866"},
    {"macintosh", "macintosh"}, {"mac", "macintosh"}, {"x-mac-roman", "macintosh"}, {"csmacintosh", "macintosh"},
};

// The ICU converter for each canonical name, where ICU's own alias for the
// name means something else (Shift_JIS is ambiguous in ICU; windows-31j
// is what browsers decode).
const char* IcuName(const std::string& canonical) {
  if (canonical == "Shift_JIS") return "windows-31j";
  if (canonical == "EUC-KR") return "windows-949";
  if (canonical == "Big5") return "Big5-HKSCS";
  return canonical.c_str();
}

bool IsUtf16(const std::string& cs) { return cs == "UTF-16LE" || cs == "UTF-16BE"; }

bool IsCjkMultibyteName(const std::string& cs) {
  return cs == "Shift_JIS" || cs == "EUC-JP" || cs == "ISO-2022-JP" || cs == "GB18030" || cs == "Big5" ||
         cs == "EUC-KR";
}

// Counts conversion errors and writes U+FFFD for each (ICU's own
// substitute is U+001A for some legacy converters).
void CountingToUCallback(const void* context, UConverterToUnicodeArgs* args, const char* /*code_units*/,
                         int32_t /*length*/, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) {
    ++*static_cast<size_t*>(const_cast<void*>(context));
    static const UChar kReplacement = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
  }
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

size_t BomLength(std::string_view b, std::string* charset) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") {
    *charset = "UTF-8";
    return 3;
  }
  if (b.size() >= 2 && b.substr(0, 2) == "\xFF\xFE") {
    *charset = "UTF-16LE";
    return 2;
  }
  if (b.size() >= 2 && b.substr(0, 2) == "\xFE\xFF") {
    *charset = "UTF-16BE";
    return 2;
  }
  return 0;
}

// Returns the detector's best guess other than `exclude` ("" when none),
// as a canonical name; `confidence` gets ICU's 0..100.
std::string Detect(std::string_view bytes, const std::string& exclude, int* confidence) {
  *confidence = 0;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_FAILURE(err)) return "";
  // The detector reads the text, not the markup; 256 KB is plenty.
  std::string_view sample = bytes.substr(0, size_t(256) << 10);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &err);
  ucsdet_enableInputFilter(det.get(), true);
  int32_t n = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &n, &err);
  if (U_FAILURE(err)) return "";
  for (int32_t i = 0; i < n; ++i) {
    UErrorCode e = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &e);
    if (U_FAILURE(e) || !name) continue;
    std::string cs = CanonicalCharset(name);
    if (cs.empty() || cs == exclude) continue;
    // Bytes that are not UTF-16 text are never read as UTF-16 by guess.
    if (IsUtf16(cs)) continue;
    *confidence = ucsdet_getConfidence(matches[i], &e);
    return cs;
  }
  return "";
}

std::string_view AttrValue(std::string_view tag, std::string_view name) {
  // `tag` is "<meta ..." lower-cased; walks its attributes in order, so a
  // "charset=" inside another attribute's value is not taken for one.
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'; };
  size_t i = tag.find_first_of(" \t\n\r\f/");
  while (i != std::string_view::npos && i < tag.size()) {
    while (i < tag.size() && space(tag[i])) ++i;
    size_t name_begin = i;
    while (i < tag.size() && !space(tag[i]) && tag[i] != '=') ++i;
    std::string_view attr = tag.substr(name_begin, i - name_begin);
    while (i < tag.size() && space(tag[i]) && tag[i] != '/') ++i;
    std::string_view value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        size_t close = tag.find(tag[i], i + 1);
        if (close == std::string_view::npos) close = tag.size();
        value = tag.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        size_t b = i;
        while (i < tag.size() && !space(tag[i])) ++i;
        value = tag.substr(b, i - b);
      }
    }
    if (attr == name) return value;
    if (attr.empty() && i == name_begin) ++i;  // a stray character: move on
  }
  return {};
}

}  // namespace

std::string DetectCharset(std::string_view bytes, int* confidence) { return Detect(bytes, "", confidence); }

bool IsCjkCharset(const std::string& charset) { return IsCjkMultibyteName(charset); }

const char* CharsetSourceName(CharsetSource source) {
  switch (source) {
    case CharsetSource::kBom: return "bom";
    case CharsetSource::kHttp: return "http";
    case CharsetSource::kMeta: return "meta";
    case CharsetSource::kJsonl: return "jsonl";
    case CharsetSource::kDetected: return "detected";
    case CharsetSource::kDefault: return "default";
  }
  return "default";
}

std::string CanonicalCharset(std::string_view label) {
  std::string l = LowerTrim(label);
  if (l.empty()) return "";
  for (const Label& e : kLabels) {
    if (l == e.label) return e.canonical;
  }
  // ICU's detector names and a few spellings outside the table.
  if (l == "iso-2022-jp-1" || l == "iso-2022-jp-2" || l == "iso-2022-jp-3") return "ISO-2022-JP";
  if (l == "euc-jis-2004" || l == "euc-jisx0213") return "EUC-JP";
  if (l == "shift_jis-2004" || l == "shift_jisx0213") return "Shift_JIS";
  return "";
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::string low(content_type);
  for (char& c : low) c = AsciiLower(c);
  size_t at = low.find("charset");
  while (at != std::string::npos) {
    size_t i = at + 7;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t')) ++i;
    if (i < low.size() && low[i] == '=') {
      ++i;
      while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"' || low[i] == '\'')) ++i;
      size_t end = i;
      while (end < low.size() && low[end] != ';' && low[end] != '"' && low[end] != '\'' && low[end] != ' ' &&
             low[end] != ',' && low[end] != '\t') {
        ++end;
      }
      return std::string(content_type.substr(i, end - i));
    }
    at = low.find("charset", at + 7);
  }
  return "";
}

std::string PrescanMetaCharset(std::string_view head) {
  // The HTML standard's prescan, simplified: skip comments, read <meta>
  // attributes, skip every other tag whole. Stop at <body.
  size_t i = 0;
  // XHTML: <?xml version="1.0" encoding="Shift_JIS"?> opening the page.
  size_t start = head.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && head.compare(start, 5, "<?xml") == 0) {
    size_t end = head.find("?>", start);
    if (end != std::string_view::npos) {
      std::string decl(head.substr(start, end - start));
      for (char& c : decl) c = AsciiLower(c);
      std::string_view enc = AttrValue(decl, "encoding");
      if (!enc.empty()) {
        return std::string(head.substr(start + static_cast<size_t>(enc.data() - decl.data()), enc.size()));
      }
    }
  }
  while (i < head.size()) {
    size_t lt = head.find('<', i);
    if (lt == std::string_view::npos) break;
    if (head.substr(lt, 4) == "<!--") {
      size_t close = head.find("-->", lt + 4);
      if (close == std::string_view::npos) break;
      i = close + 3;
      continue;
    }
    // Find the tag's end, minding quoted attribute values.
    size_t j = lt + 1;
    char quote = 0;
    for (; j < head.size(); ++j) {
      char c = head[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        // Quotes count only inside attribute values (after '=').
        size_t k = j;
        while (k > lt && (head[k - 1] == ' ' || head[k - 1] == '\t')) --k;
        if (k > lt && head[k - 1] == '=') quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= head.size()) break;
    std::string tag(head.substr(lt, j - lt));
    for (char& c : tag) c = AsciiLower(c);
    i = j + 1;
    if (tag.rfind("<body", 0) == 0) break;
    if (tag.rfind("<meta", 0) != 0 || tag.size() < 6 ||
        !(tag[5] == ' ' || tag[5] == '\t' || tag[5] == '\n' || tag[5] == '\r' || tag[5] == '/')) {
      continue;
    }
    std::string_view view(tag);
    std::string_view cs = AttrValue(view, "charset");
    if (!cs.empty()) {
      size_t from = static_cast<size_t>(cs.data() - view.data());
      return std::string(head.substr(lt + from, cs.size()));
    }
    std::string_view equiv = AttrValue(view, "http-equiv");
    if (LowerTrim(equiv) == "content-type") {
      std::string_view content = AttrValue(view, "content");
      // The same bytes in their original case.
      std::string_view original = head.substr(lt + static_cast<size_t>(content.data() - view.data()), content.size());
      std::string from_ct = CharsetFromContentType(original);
      if (!from_ct.empty()) return from_ct;
    }
  }
  return "";
}

size_t CountInvalidUtf8(std::string_view b, size_t* multibyte) {
  size_t invalid = 0, multi = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  size_t n = b.size(), i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    bool ok = len != 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))) {
      ok = false;
    }
    if (ok) {
      ++multi;
      i += len;
    } else {
      ++invalid;
      ++i;
    }
  }
  if (multibyte) *multibyte = multi;
  return invalid;
}

Result<std::string> ConvertToUtf8(std::string_view bytes, const std::string& charset, size_t* replaced) {
  size_t errors = 0;
  std::string bom;
  size_t skip = BomLength(bytes, &bom);
  if (skip && bom == charset) bytes.remove_prefix(skip);
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(IcuName(charset), &err));
  if (U_FAILURE(err)) return MakeError(ErrorCode::kBadCharset, "", "unknown charset '" + charset + "'");
  err = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv.get(), CountingToUCallback, &errors, nullptr, nullptr, &err);
  // Every charset here gives at most one UTF-16 unit per input byte.
  std::u16string utf16(bytes.size() + 16, u'\0');
  err = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(cnv.get(), reinterpret_cast<UChar*>(utf16.data()), static_cast<int32_t>(utf16.size()),
                            bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    utf16.assign(static_cast<size_t>(n) + 1, u'\0');
    errors = 0;
    err = U_ZERO_ERROR;
    ucnv_resetToUnicode(cnv.get());
    n = ucnv_toUChars(cnv.get(), reinterpret_cast<UChar*>(utf16.data()), static_cast<int32_t>(utf16.size()),
                      bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
    return MakeError(ErrorCode::kBadCharset, "", std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  }
  std::string out(static_cast<size_t>(n) * 3 + 1, '\0');
  int32_t len = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len, reinterpret_cast<const UChar*>(utf16.data()),
                     n, 0xFFFD, nullptr, &err);
  if (U_FAILURE(err)) {
    return MakeError(ErrorCode::kBadCharset, "", std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  }
  out.resize(static_cast<size_t>(len));
  if (replaced) *replaced = errors;
  return out;
}

CharsetDecision DecideCharset(std::string_view bytes, std::string_view transport) {
  CharsetDecision d;
  std::string bom;
  if (BomLength(bytes, &bom)) {
    d.charset = bom;
    d.source = CharsetSource::kBom;
    return d;
  }
  // What is declared: the transport first, then the page.
  std::string http = CanonicalCharset(transport);
  // The whole <head>: scripts and styles can push <meta> far down.
  std::string meta_label = PrescanMetaCharset(bytes.substr(0, size_t(256) << 10));
  std::string meta = CanonicalCharset(meta_label);
  // A page cannot declare itself UTF-16 in ASCII bytes: the standard reads that as UTF-8.
  if (IsUtf16(meta)) meta = "UTF-8";
  std::string declared = !http.empty() ? http : meta;
  CharsetSource declared_source = !http.empty() ? CharsetSource::kHttp : CharsetSource::kMeta;
  std::string disagreement;
  if (!http.empty() && !meta.empty() && http != meta) {
    disagreement = "HTTP declares " + http + " but <meta> declares " + meta;
  }
  size_t multibyte = 0;
  size_t invalid = CountInvalidUtf8(bytes, &multibyte);
  // UTF-8 with a few stray bytes (a pasted Latin-1 character) is still UTF-8.
  bool utf8_plausible = invalid == 0 || invalid * 50 < multibyte;
  bool ascii = invalid == 0 && multibyte == 0;

  auto use = [&](const std::string& cs, CharsetSource src) {
    d.charset = cs;
    d.source = src;
  };
  auto detect_instead = [&](const std::string& rejected, const char* why) {
    int confidence = 0;
    std::string guess = Detect(bytes, rejected, &confidence);
    if (guess.empty()) guess = rejected == "windows-1252" ? "UTF-8" : "windows-1252";
    use(guess, CharsetSource::kDetected);
    d.warning = std::string(declared_source == CharsetSource::kHttp ? "HTTP" : "<meta>") + " declares charset " +
                rejected + " but " + why + "; read as " + guess + " (detected)";
  };

  if (!declared.empty()) {
    d.declared = declared;
    bool iso2022 = ascii && declared != "ISO-2022-JP" && (bytes.find("\x1B$B") != std::string_view::npos ||
                                                         bytes.find("\x1B$@") != std::string_view::npos);
    if (iso2022) {
      use("ISO-2022-JP", CharsetSource::kDetected);
      d.warning = std::string(declared_source == CharsetSource::kHttp ? "HTTP" : "<meta>") + " declares charset " +
                  declared + " but the bytes are ISO-2022-JP; read as ISO-2022-JP (detected)";
    } else if (ascii) {
      use(declared == "UTF-8" || IsUtf16(declared) ? std::string("UTF-8") : declared, declared_source);
    } else if (declared == "UTF-8" || IsUtf16(declared)) {
      if (utf8_plausible) use("UTF-8", declared_source);
      else detect_instead(declared, "the bytes are not UTF-8");
    } else if (invalid == 0) {
      // Valid UTF-8 with non-ASCII text is practically never a legacy charset.
      use("UTF-8", CharsetSource::kDetected);
      d.warning = std::string(declared_source == CharsetSource::kHttp ? "HTTP" : "<meta>") + " declares charset " +
                  declared + " but the bytes are UTF-8; read as UTF-8 (detected)";
    } else if (IsCjkMultibyteName(declared)) {
      size_t replaced = 0;
      Result<std::string> trial = ConvertToUtf8(bytes, declared, &replaced);
      // Stray undecodable bytes happen; a page that mostly fails to decode
      // is in another charset.
      if (trial.ok() && replaced * 20 <= invalid + multibyte + 1) use(declared, declared_source);
      else detect_instead(declared, "the bytes do not convert");
    } else {
      int confidence = 0;
      std::string guess = Detect(bytes, "", &confidence);
      if (IsCjkMultibyteName(guess) && confidence >= 50) {
        use(guess, CharsetSource::kDetected);
        d.warning = std::string(declared_source == CharsetSource::kHttp ? "HTTP" : "<meta>") + " declares charset " +
                    declared + " but the text reads as " + guess + "; read as " + guess + " (detected)";
      } else {
        use(declared, declared_source);
      }
    }
  } else if (ascii) {
    // ISO-2022-JP is seven-bit: its escape sequences give it away.
    bool iso2022 = bytes.find("\x1B$B") != std::string_view::npos || bytes.find("\x1B$@") != std::string_view::npos;
    use(iso2022 ? "ISO-2022-JP" : "UTF-8", iso2022 ? CharsetSource::kDetected : CharsetSource::kDefault);
  } else if (utf8_plausible) {
    use("UTF-8", CharsetSource::kDetected);
  } else {
    int confidence = 0;
    std::string guess = Detect(bytes, "UTF-8", &confidence);
    use(guess.empty() ? "windows-1252" : guess, CharsetSource::kDetected);
  }
  if (!d.warning && !disagreement.empty()) d.warning = disagreement + "; read as " + d.charset;
  if (d.charset == "UTF-8") d.invalid_utf8 = invalid;
  return d;
}

}  // namespace kiji::extract
