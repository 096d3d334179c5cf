#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>

#include "extract/charset.h"

namespace kiji::extract {
namespace {

// Encodes UTF-8 `text` in `charset` (an ICU converter name), for test input.
std::string Encode(const std::string& text, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(text.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), text.data(),
                           static_cast<int32_t>(text.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err)) << u_errorName(err);
  out.resize(static_cast<size_t>(n));
  return out;
}

const std::string kJapanese =
    "日本経済新聞社は２２日、新しい協定を締結したと発表した。両社は東京で記者会見を開き、"
    "協力の範囲と今後の計画について説明した。関係者によると、締結式には約５０人が出席した。"
    "今回の協定により、両社は来年度から共同で研究開発を進める方針だ。";

std::string Page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + body + "</p></body></html>";
}

struct LabelCase {
  const char* name;
  const char* label;
  const char* canonical;
};
constexpr LabelCase kLabels[] = {
    {"utf8_spelling", "UTF8", "UTF-8"},         {"sjis_alias", "x-sjis", "Shift_JIS"},
    {"windows_31j", "Windows-31J", "Shift_JIS"}, {"eucjp_alias", "x-euc-jp", "EUC-JP"},
    {"latin1_is_1252", "ISO-8859-1", "windows-1252"}, {"ascii_is_1252", "us-ascii", "windows-1252"},
    {"gbk_is_gb18030", "GBK", "GB18030"},       {"korean", "ks_c_5601-1987", "EUC-KR"},
    {"quoted_padded", " \"shift_jis\" ", "Shift_JIS"}, {"unknown", "klingon-8", ""},
    {"empty", "", ""},
};

TEST(CanonicalCharset, WhatwgLabels) {
  for (const LabelCase& c : kLabels) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CanonicalCharset(c.label), c.canonical);
  }
}

struct MetaCase {
  const char* name;
  const char* head;
  const char* charset;
};
constexpr MetaCase kMetas[] = {
    {"meta_charset", "<meta charset=\"Shift_JIS\">", "Shift_JIS"},
    {"unquoted", "<META CHARSET=euc-jp>", "euc-jp"},
    {"http_equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">", "EUC-JP"},
    {"http_equiv_reversed", "<meta content='text/html;charset=windows-1252' http-equiv='content-type'>", "windows-1252"},
    {"comment_skipped", "<!-- <meta charset=\"utf-8\"> --><meta charset=\"sjis\">", "sjis"},
    {"other_meta_first", "<meta name=\"viewport\" content=\"width=device-width\"><meta charset=utf-8>", "utf-8"},
    {"after_body_ignored", "<body><meta charset=\"euc-jp\">", ""},
    {"none", "<title>no charset</title>", ""},
    {"xml_declaration", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html>", "Shift_JIS"},
    {"quoted_gt_in_attribute", "<meta name=\"x\" content=\"a>b\"><meta charset=\"gbk\">", "gbk"},
};

TEST(PrescanMetaCharset, Declarations) {
  for (const MetaCase& c : kMetas) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(PrescanMetaCharset(c.head), c.charset);
  }
}

TEST(CharsetFromContentType, Parameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=Shift_JIS"), "Shift_JIS");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=\"euc-jp\""), "euc-jp");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
}

struct DecideCase {
  const char* name;
  std::string bytes;
  const char* transport;
  const char* charset;
  CharsetSource source;
  bool warning;
};

TEST(DecideCharset, DeclaredDetectedAndOverridden) {
  const std::string sjis = Encode(kJapanese, "windows-31j");
  const std::string euc = Encode(kJapanese, "EUC-JP");
  const DecideCase cases[] = {
      {"utf8_bom", "\xEF\xBB\xBF" + Page("<meta charset=\"sjis\">", kJapanese), "", "UTF-8", CharsetSource::kBom, false},
      {"utf16le_bom", std::string("\xFF\xFE<\0h\0", 6), "", "UTF-16LE", CharsetSource::kBom, false},
      {"meta_sjis", Page("<meta charset=\"Shift_JIS\">", sjis), "", "Shift_JIS", CharsetSource::kMeta, false},
      {"meta_eucjp", Page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">", euc), "",
       "EUC-JP", CharsetSource::kMeta, false},
      {"http_wins", Page("", euc), "euc-jp", "EUC-JP", CharsetSource::kHttp, false},
      {"http_and_meta_disagree", Page("<meta charset=\"Shift_JIS\">", euc), "EUC-JP", "EUC-JP",
       CharsetSource::kHttp, true},
      {"declared_sjis_but_utf8", Page("<meta charset=\"Shift_JIS\">", kJapanese), "", "UTF-8",
       CharsetSource::kDetected, true},
      {"declared_utf8_but_sjis", Page("<meta charset=\"utf-8\">", sjis), "", "Shift_JIS", CharsetSource::kDetected,
       true},
      {"declared_latin1_but_eucjp", Page("<meta charset=\"iso-8859-1\">", euc), "", "EUC-JP",
       CharsetSource::kDetected, true},
      {"undeclared_eucjp", Page("", euc), "", "EUC-JP", CharsetSource::kDetected, false},
      {"undeclared_utf8", Page("", kJapanese), "", "UTF-8", CharsetSource::kDetected, false},
      {"undeclared_ascii", Page("", "Plain English."), "", "UTF-8", CharsetSource::kDefault, false},
      {"undeclared_iso2022jp", Page("", Encode(kJapanese, "ISO-2022-JP")), "", "ISO-2022-JP",
       CharsetSource::kDetected, false},
      {"latin1_declared_and_fine", Page("<meta charset=\"iso-8859-1\">", "Caf\xE9 cr\xE8me br\xFBl\xE9" "e."), "",
       "windows-1252", CharsetSource::kMeta, false},
      {"utf8_with_one_stray_byte", Page("<meta charset=\"utf-8\">", kJapanese + "\xFF" + kJapanese), "", "UTF-8",
       CharsetSource::kMeta, false},
  };
  for (const DecideCase& c : cases) {
    SCOPED_TRACE(c.name);
    CharsetDecision d = DecideCharset(c.bytes, c.transport);
    EXPECT_EQ(d.charset, c.charset);
    EXPECT_EQ(CharsetSourceName(d.source), std::string(CharsetSourceName(c.source)));
    EXPECT_EQ(d.warning.has_value(), c.warning) << d.warning.value_or("");
  }
}

TEST(DecideCharset, WarningNamesBoth) {
  CharsetDecision d = DecideCharset(Page("<meta charset=\"Shift_JIS\">", kJapanese), "");
  ASSERT_TRUE(d.warning.has_value());
  EXPECT_EQ(*d.warning, "<meta> declares charset Shift_JIS but the bytes are UTF-8; read as UTF-8 (detected)");
  EXPECT_EQ(d.declared.value_or(""), "Shift_JIS");
}

TEST(ConvertToUtf8, LegacyCharsets) {
  for (const char* cs : {"Shift_JIS", "EUC-JP", "ISO-2022-JP"}) {
    SCOPED_TRACE(cs);
    const char* icu = std::string(cs) == "Shift_JIS" ? "windows-31j" : cs;
    size_t replaced = 99;
    Result<std::string> out = ConvertToUtf8(Encode(kJapanese, icu), cs, &replaced);
    ASSERT_TRUE(out.ok()) << out.error().what;
    EXPECT_EQ(*out, kJapanese);
    EXPECT_EQ(replaced, 0u);
  }
  // Windows-31J's NEC extensions (circled digits, ㈱) are what Japanese
  // sites write in "Shift_JIS".
  size_t replaced = 0;
  Result<std::string> nec = ConvertToUtf8("\x87\x40\x87\x8A", "Shift_JIS", &replaced);
  ASSERT_TRUE(nec.ok());
  EXPECT_EQ(*nec, "①㈱");
  Result<std::string> cp1252 = ConvertToUtf8("\x93quoted\x94 \x80", "windows-1252", &replaced);
  ASSERT_TRUE(cp1252.ok());
  EXPECT_EQ(*cp1252, "“quoted” €");
  Result<std::string> utf16 = ConvertToUtf8(std::string("\xFF\xFEh\0i\0", 6), "UTF-16LE", &replaced);
  ASSERT_TRUE(utf16.ok());
  EXPECT_EQ(*utf16, "hi");
}

TEST(ConvertToUtf8, BadBytesAreCountedAndUnknownCharsetIsAnError) {
  size_t replaced = 0;
  Result<std::string> out = ConvertToUtf8("ok \x81\xFF ok", "Shift_JIS", &replaced);
  ASSERT_TRUE(out.ok());
  EXPECT_GE(replaced, 1u);
  EXPECT_NE(out->find("\xEF\xBF\xBD"), std::string::npos);
  Result<std::string> bad = ConvertToUtf8("x", "klingon-8", &replaced);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadCharset);
  EXPECT_EQ(bad.error().what, "unknown charset 'klingon-8'");
}

TEST(CountInvalidUtf8, CountsSequences) {
  size_t multi = 0;
  EXPECT_EQ(CountInvalidUtf8("plain ascii text", &multi), 0u);
  EXPECT_EQ(multi, 0u);
  EXPECT_EQ(CountInvalidUtf8("日本", &multi), 0u);
  EXPECT_EQ(multi, 2u);
  EXPECT_EQ(CountInvalidUtf8("a\xFF" "b\xC3", &multi), 2u);
  EXPECT_EQ(CountInvalidUtf8("\xED\xA0\x80", &multi), 3u);  // a surrogate is not UTF-8
}

}  // namespace
}  // namespace kiji::extract
