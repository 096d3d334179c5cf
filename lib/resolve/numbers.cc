#include "common/strings.h"
#include "resolve/numbers.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace kiji::resolve {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Word {
  std::string_view text;  // compared by size first
  double value;
};

// Cardinal words. "a"/"an", "half", "quarter", "dozen" and the fraction
// denominators are handled apart in ParseWords.
constexpr Word kUnits[] = {
    {"zero", 0},     {"one", 1},        {"two", 2},       {"three", 3},      {"four", 4},
    {"five", 5},     {"six", 6},        {"seven", 7},     {"eight", 8},      {"nine", 9},
    {"ten", 10},     {"eleven", 11},    {"twelve", 12},   {"thirteen", 13},  {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},  {"thirty", 30},    {"forty", 40},    {"fifty", 50},     {"sixty", 60},
    {"seventy", 70}, {"eighty", 80},    {"ninety", 90},   {"single", 1},
    {"couple", 2},   {"several", -1},
};

constexpr Word kOrdinals[] = {
    {"first", 1},       {"second", 2},      {"third", 3},       {"fourth", 4},     {"fifth", 5},
    {"sixth", 6},       {"seventh", 7},     {"eighth", 8},      {"ninth", 9},      {"tenth", 10},
    {"eleventh", 11},   {"twelfth", 12},    {"thirteenth", 13}, {"fourteenth", 14}, {"fifteenth", 15},
    {"sixteenth", 16},  {"seventeenth", 17}, {"eighteenth", 18}, {"nineteenth", 19}, {"twentieth", 20},
    {"thirtieth", 30},  {"fortieth", 40},   {"fiftieth", 50},   {"sixtieth", 60},  {"seventieth", 70},
    {"eightieth", 80},  {"ninetieth", 90},  {"hundredth", 100}, {"thousandth", 1000},
};

// Denominators of spelled fractions: "a half", "three quarters", "two
// thirds". "second"/"seconds" are left out: "two seconds" is a duration.
constexpr Word kFractions[] = {
    {"half", 2},     {"halves", 2},    {"quarter", 4},  {"quarters", 4}, {"third", 3},
    {"thirds", 3},   {"fourth", 4},    {"fourths", 4},  {"fifth", 5},    {"fifths", 5},
    {"sixth", 6},    {"sixths", 6},    {"seventh", 7},  {"sevenths", 7}, {"eighth", 8},
    {"eighths", 8},  {"ninth", 9},     {"ninths", 9},   {"tenth", 10},   {"tenths", 10},
};

std::optional<double> LookUp(const Word* begin, const Word* end, std::string_view w) {
  for (const Word* p = begin; p != end; ++p) {
    if (w == p->text) return p->value;
  }
  return std::nullopt;
}

// Removes a leading sign ("-", "−", "minus", "negative", "マイナス") from
// `s`; returns -1 when one was there, else 1.
double TakeSign(std::string_view& s) {
  if (!s.empty() && IsDigit(s.front())) return 1;  // the common case: no sign can start with a digit
  static constexpr std::string_view kMinus[] = {"-", "\u2212", "\uFF0D", "minus ", "negative ", "\u30DE\u30A4\u30CA\u30B9"};
  for (std::string_view m : kMinus) {
    if (s.size() > m.size() && (StartsWith(s, m) || (m.back() == ' ' && AsciiLower(s.substr(0, m.size())) == m))) {
      s = TrimAsciiSpace(s.substr(m.size()));
      return -1;
    }
  }
  if (!s.empty() && s.front() == '+') s = TrimAsciiSpace(s.substr(1));
  return 1;
}

// "1,234.5" / "1 234" / "3.5" / ".08". Separators (comma, space,
// apostrophe) must be followed by exactly three digits.
std::optional<double> ParseDigits(std::string_view s) {
  bool digit = false, point = false, separated = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) { digit = true; continue; }
    if (c == '.' && !point && i + 1 < s.size() && IsDigit(s[i + 1])) {
      point = true;
      continue;
    }
    if ((c == ',' || c == ' ' || c == '\'') && digit && !point && i + 3 < s.size() &&
        IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) && (i + 4 == s.size() || !IsDigit(s[i + 4]))) {
      separated = true;
      continue;
    }
    return std::nullopt;
  }
  if (!digit) return std::nullopt;
  // Digits and at most one point: read in place. Separators are dropped
  // first. from_chars rounds as strtod does; strtod still reads what
  // from_chars calls out of range (it gives inf, or 0 / a denormal).
  std::string clean;
  if (separated) {
    for (char c : s) {
      if (IsDigit(c) || c == '.') clean.push_back(c);
    }
    s = clean;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  if (!separated) clean = std::string(s);
  char* strtod_end = nullptr;
  v = std::strtod(clean.c_str(), &strtod_end);
  if (strtod_end != clean.c_str() + clean.size()) return std::nullopt;
  return v;
}

// English number words: "twenty-five", "one hundred and five", "two
// hundred and two thousand", "five and a half million", "3 million and a
// half", "three quarters billion". Digits may stand for a word ("3
// million"). "and" is accepted after "hundred" or a scale word, and before
// a fraction.
std::optional<double> ParseWords(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;  // kanji are ParseKanji's
  }
  std::string low = AsciiLower(s);
  for (char& c : low) if (c == '-') c = ' ';
  std::vector<std::string_view> words;  // views into `low`: one allocation, not one per word
  size_t i = 0;
  while (i < low.size()) {
    while (i < low.size() && low[i] == ' ') ++i;
    size_t j = i;
    while (j < low.size() && low[j] != ' ') ++j;
    if (j > i) words.push_back(std::string_view(low).substr(i, j - i));
    i = j;
  }
  if (words.empty()) return std::nullopt;
  // A scale word alone opens no number: "million dollars" after "$7.9",
  // "billion-dollar", "several thousand" (but "a thousand", "3 million").
  if (auto sc = ParseScale(words.front()); sc && *sc >= 1000) return std::nullopt;
  double total = 0;       // completed scale groups (thousand and up)
  double current = 0;     // the group being read
  double part = 0;        // the numbers read since the last "and" or scale
  double last_scale = 0;  // the scale of the last completed group
  bool any = false;
  bool fraction_tail = false;  // current holds "and a half" after a scale
  std::string_view prev;
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string_view w = words[k];
    const std::string_view next = k + 1 < words.size() ? words[k + 1] : std::string_view();
    auto next_is_multiplier = [&] {
      return next == "hundred" || LookUp(std::begin(kFractions), std::end(kFractions), next) ||
             (ParseScale(next) && *ParseScale(next) >= 1000);
    };
    if (w == "and") {
      bool after_group = prev == "hundred" || (ParseScale(prev) && *ParseScale(prev) >= 1000);
      bool before_fraction =
          (next == "a" || next == "an" || next == "one") ||
          (k + 2 < words.size() && LookUp(std::begin(kFractions), std::end(kFractions), words[k + 2]));
      if (!after_group && !before_fraction) return std::nullopt;
      part = 0;
      prev = w;
      continue;
    }
    if (w == "of" && (next == "a" || next == "an")) {  // "two thirds of a million"
      ++k;
      prev = "of";
      continue;
    }
    if (w == "a" || w == "an") {
      if (!next_is_multiplier()) { prev = w; continue; }  // "a dozen", "a couple"
      current += 1;
      part += 1;
      any = true;
      prev = w;
      continue;
    }
    if (auto d = ParseDigits(w)) {
      current += *d;
      part += *d;
      any = true;
    } else if (auto u = LookUp(std::begin(kUnits), std::end(kUnits), w)) {
      if (*u < 0) return std::nullopt;  // "several": not a value
      current += *u;
      part += *u;
      any = true;
    } else if (auto f = LookUp(std::begin(kFractions), std::end(kFractions), w);
               f && (any || w == "half" || w == "quarter")) {
      // The numerator is what was read since the last "and" or scale
      // ("three quarters"), else one ("half a million").
      double numerator = part == 0 ? 1 : part;
      double before = current - part;
      // "3 million and a half": the fraction is of the last scale.
      fraction_tail = before == 0 && last_scale > 0;
      current = before + numerator / *f;
      part = 0;
      any = true;
    } else if (w == "dozen") {
      // "a dozen" 12, "two dozen" 24, "half a dozen" 6: twelve of what was
      // read since the last "and" or scale (a fraction just read, or one).
      if (part != 0) {
        current = current - part + part * 12;
      } else if (current != 0 && prev != "hundred") {
        current *= 12;  // "half a dozen"
      } else {
        current += 12;
      }
      part = 0;
      any = true;
    } else if (w == "hundred") {
      double base = part == 0 ? 1 : part;
      current = current - part + base * 100;
      part = 0;
      any = true;
    } else if (auto sc = ParseScale(w); sc && *sc >= 1000) {
      total += (current == 0 ? 1 : current) * *sc;
      current = 0;
      part = 0;
      last_scale = *sc;
      fraction_tail = false;
      any = true;
    } else {
      return std::nullopt;
    }
    prev = w;
  }
  if (!any) return std::nullopt;
  if (fraction_tail) return total + current * last_scale;
  return total + current;
}

// Decodes one UTF-8 code point at s[i], advancing i.
char32_t NextChar(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  char32_t cp;
  int len;
  if (c < 0x80) { cp = c; len = 1; }
  else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
  else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
  else { cp = c & 0x07; len = 4; }
  for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  }
  i += static_cast<size_t>(len);
  return cp;
}

int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': case U'壱': return 1;
    case U'二': case U'弐': return 2;
    case U'三': case U'参': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int KanjiSmallUnit(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 10;
    case U'百': return 100;
    case U'千': case U'阡': return 1000;
    default: return 0;
  }
}

double KanjiBigUnit(char32_t c) {
  switch (c) {
    case U'万': case U'萬': return 1e4;
    case U'億': return 1e8;
    case U'兆': return 1e12;
    default: return 0;
  }
}

// The decimal part after "・" in kanji numerals: "〇八" is .08, "八十九"
// .89 (digits are read in order; 十 is skipped).
std::optional<double> ParseKanjiFraction(std::string_view s) {
  double v = 0, scale = 0.1;
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = NextChar(s, i);
    if (int d = KanjiDigit(c); d >= 0) {
      v += d * scale;
      scale /= 10;
      any = true;
    } else if (c >= U'0' && c <= U'9') {
      v += static_cast<int>(c - U'0') * scale;
      scale /= 10;
      any = true;
    } else if (c != U'十') {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  return v;
}

// Kanji numerals, also mixed with digits: "二千五百", "二〇二五", "1万2000",
// "3億5千万", "十", "1万億" (万 of 億: 1e12), "二百・〇三". Spaces between
// groups are ignored ("7万 5千 4百"). A numeral may not open with 万/億/兆.
std::optional<double> ParseKanji(std::string_view s) {
  double total = 0;      // completed 万/億/兆 groups
  double group = 0;      // value below the current big unit
  double digits = -1;    // pending digit run ("二〇二五" or "2000"), -1 if none
  double last_big = 0;   // the last big unit seen
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = NextChar(s, i);
    if (c == U' ') continue;
    if (c >= U'0' && c <= U'9') {
      // A run of ASCII digits, with optional separators and decimals.
      size_t j = start;
      while (j < s.size() && (IsDigit(s[j]) || s[j] == ',' || s[j] == '.')) ++j;
      while (j > start && (s[j - 1] == ',' || s[j - 1] == '.')) --j;
      auto d = ParseDigits(s.substr(start, j - start));
      if (!d) return std::nullopt;
      digits = (digits < 0 ? 0 : digits) + *d;
      i = j;
      any = true;
      continue;
    }
    if (c == U'・') {
      // The decimal part, with a big unit after it that scales the group
      // it closes: "115・5兆" is 115.5 兆, "1兆2・5億" 1兆 and 2.5億.
      std::string_view rest = s.substr(i);
      double big = 1;
      for (std::string_view unit : {"万", "億", "兆"}) {
        if (rest.size() > unit.size() && rest.substr(rest.size() - unit.size()) == unit) {
          big = KanjiBigUnit(unit == "万" ? U'万' : unit == "億" ? U'億' : U'兆');
          rest.remove_suffix(unit.size());
          break;
        }
      }
      auto f = ParseKanjiFraction(rest);
      if (!f || (digits < 0 && group == 0 && total == 0)) return std::nullopt;
      if (big > 1 && last_big > 0 && last_big <= big) return std::nullopt;
      return total + (group + (digits < 0 ? 0 : digits) + *f) * big;
    }
    if (int d = KanjiDigit(c); d >= 0) {
      digits = (digits < 0 ? 0 : digits * 10) + d;
      any = true;
      continue;
    }
    if (int u = KanjiSmallUnit(c); u > 0) {
      group += (digits < 0 ? 1 : digits) * u;
      digits = -1;
      any = true;
      continue;
    }
    if (double b = KanjiBigUnit(c); b > 0) {
      if (!any) return std::nullopt;  // "万", "億円": not a number
      double g = group + (digits < 0 ? 0 : digits);
      if (g == 0 && last_big > 0 && last_big < b) {
        total *= b;  // "1万億": a 万 of 億
      } else {
        total += (g == 0 ? 1 : g) * b;
      }
      last_big = b;
      group = 0;
      digits = -1;
      continue;
    }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + group + (digits < 0 ? 0 : digits);
}

}  // namespace

std::optional<double> ParseScale(std::string_view s) {
  s = TrimAsciiSpace(s);
  if (s.empty()) return 1.0;
  std::string lower = AsciiLower(s);
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  const std::string_view w = lower;  // compared by size first
  if (w == "hundred") return 1e2;
  if (w == "thousand" || w == "thousands" || w == "k" || w == "千") return 1e3;
  if (w == "lakh" || w == "lakhs") return 1e5;
  if (w == "million" || w == "millions" || w == "mn" || w == "mln" || w == "m" || w == "mil" || w == "mm") return 1e6;
  if (w == "crore" || w == "crores") return 1e7;
  if (w == "billion" || w == "billions" || w == "bn" || w == "b" || w == "bln" || w == "g") return 1e9;
  if (w == "trillion" || w == "trillions" || w == "tn" || w == "trn" || w == "tr" || w == "tln") return 1e12;
  if (w == "万") return 1e4;
  if (w == "億") return 1e8;
  if (w == "兆") return 1e12;
  if (w == "千万") return 1e7;
  if (w == "百万") return 1e6;
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = TrimAsciiSpace(s);
  if (s.empty()) return std::nullopt;
  double sign = TakeSign(s);
  if (s.empty()) return std::nullopt;
  std::optional<double> v = ParseDigits(s);
  if (!v) {
    unsigned char first = static_cast<unsigned char>(s.front());
    if (first >= 0x80 || IsDigit(static_cast<char>(first))) v = ParseKanji(s);
  }
  if (!v) v = ParseWords(s);
  if (!v) return std::nullopt;
  return sign * *v;
}

std::optional<double> ParseMultiplierWord(std::string_view s) {
  std::string w = AsciiLower(TrimAsciiSpace(s));
  for (char& c : w) if (c == ' ') c = '-';
  if (w == "倍増") return 2;  // 倍増
  static constexpr Word kStems[] = {{"double", 2}, {"doubl", 2}, {"triple", 3}, {"tripl", 3},
                                    {"quadruple", 4}, {"quadrupl", 4}, {"quintuple", 5}, {"quintupl", 5}};
  for (const Word& st : kStems) {
    std::string_view stem = st.text;
    if (!StartsWith(w, stem)) continue;
    std::string_view rest = std::string_view(w).substr(stem.size());
    if (rest.empty() || rest == "d" || rest == "s" || rest == "ed" || rest == "ing") return st.value;
  }
  // "twofold", "three-fold", "35-fold"
  if (w.size() > 4 && w.substr(w.size() - 4) == "fold") {
    std::string head = w.substr(0, w.size() - 4);
    if (!head.empty() && head.back() == '-') head.pop_back();
    if (auto n = ParseNumber(head); n && *n > 0) return n;
  }
  return std::nullopt;
}

std::optional<double> ParseOrdinal(std::string_view s) {
  s = TrimAsciiSpace(s);
  std::string w = AsciiLower(s);
  if (w.size() > 2) {
    std::string suffix = w.substr(w.size() - 2);
    if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") && IsDigit(w[0])) {
      return ParseDigits(w.substr(0, w.size() - 2));
    }
  }
  for (char& c : w) if (c == '-') c = ' ';
  size_t sp = w.rfind(' ');
  std::string last = sp == std::string::npos ? w : w.substr(sp + 1);
  auto o = LookUp(std::begin(kOrdinals), std::end(kOrdinals), last);
  if (!o) return std::nullopt;
  if (sp == std::string::npos) return o;
  auto head = ParseWords(w.substr(0, sp));
  if (!head) return std::nullopt;
  return *head + *o;
}

}  // namespace kiji::resolve
