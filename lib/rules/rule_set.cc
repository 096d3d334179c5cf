#include "rules/rule_set.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiji::rules {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

// Strips a trailing "# comment" that is outside quotes and not part of a
// regex escape ("\#") or character class.
std::string_view StripComment(std::string_view s, bool regex) {
  bool quote = false;
  int klass = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') { ++i; continue; }
    if (!regex && c == '"') quote = !quote;
    if (regex && c == '[') ++klass;
    if (regex && c == ']' && klass > 0) --klass;
    // A comment starts with " #" (space first), so "#" inside a pattern is safe.
    if (!quote && klass == 0 && c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      return Trim(s.substr(0, i));
    }
  }
  return Trim(s);
}

// Parses a double-quoted string with \" \\ \n escapes; `rest` gets what follows.
bool ParseQuoted(std::string_view s, std::string* out, std::string_view* rest) {
  s = Trim(s);
  if (s.empty() || s.front() != '"') return false;
  out->clear();
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      if (n == 'n') out->push_back('\n');
      else if (n == 't') out->push_back('\t');
      else out->push_back(n);
      continue;
    }
    if (c == '"') {
      *rest = Trim(s.substr(i + 1));
      return true;
    }
    out->push_back(c);
  }
  return false;
}

struct Parser {
  RuleSet* set;
  std::string origin;
  std::map<std::string, std::string> macro_values;  // current file's view

  std::string Where(const std::string& file, int line) const {
    return origin + "/" + file + ":" + std::to_string(line);
  }

  // Expands {NAME} references (not regex repetitions like {2} or {1,3}).
  Result<std::string> Expand(std::string_view pattern, const std::map<std::string, std::string>& macros,
                             const std::string& where, int depth = 0) {
    if (depth > 16) return MakeError(ErrorCode::kBadRuleFile, where, "macro expansion too deep");
    std::string out;
    for (size_t i = 0; i < pattern.size(); ++i) {
      char c = pattern[i];
      if (c == '\\' && i + 1 < pattern.size()) {
        out.push_back(c);
        out.push_back(pattern[++i]);
        // \p{Han}, \P{Katakana}, \x{2212}: the braces belong to the escape.
        char e = pattern[i];
        if ((e == 'p' || e == 'P' || e == 'x') && i + 1 < pattern.size() && pattern[i + 1] == '{') {
          size_t close = pattern.find('}', i + 1);
          if (close != std::string_view::npos) {
            out.append(pattern.substr(i + 1, close - i));
            i = close;
          }
        }
        continue;
      }
      if (c == '{' && i + 1 < pattern.size() &&
          ((pattern[i + 1] >= 'A' && pattern[i + 1] <= 'Z') || pattern[i + 1] == '_')) {
        size_t close = pattern.find('}', i);
        if (close != std::string_view::npos) {
          std::string name(pattern.substr(i + 1, close - i - 1));
          auto it = macros.find(name);
          if (it == macros.end()) {
            return MakeError(ErrorCode::kBadRuleFile, where, "unknown macro {" + name + "}");
          }
          Result<std::string> inner = Expand(it->second, macros, where, depth + 1);
          if (!inner.ok()) return inner.error();
          out += "(?:" + inner.value() + ")";
          i = close;
          continue;
        }
      }
      out.push_back(c);
    }
    return out;
  }

  Status ParseFile(const RuleSource& src) {
    const std::string& name = src.name;  // "en/dates.rules"
    size_t slash = name.find('/');
    std::string lang = slash == std::string::npos ? "common" : name.substr(0, slash);
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    std::string kind = base.substr(0, base.rfind(".rules"));
    bool is_macros = kind == "macros";

    macro_values.clear();
    // Macros visible to every file: common's, then this directory's.
    for (const std::string& d : {std::string("common"), lang}) {
      if (is_macros && d == lang) break;
      auto it = set_macros.find(d);
      if (it != set_macros.end()) {
        for (const auto& [k, v] : it->second) macro_values[k] = v;
      }
    }

    std::istringstream in(src.text);
    std::string raw;
    int line_no = 0;
    Rule* rule = nullptr;
    auto finish = [&]() -> Status {
      if (!rule) return Ok{};
      if (rule->pattern.empty()) {
        return MakeError(ErrorCode::kBadRuleFile, Where(name, rule->line),
                         "rule " + rule->id + ": no match line");
      }
      if (rule->recipe.fn.empty()) {
        return MakeError(ErrorCode::kBadRuleFile, Where(name, rule->line),
                         "rule " + rule->id + ": no value line");
      }
      if (rule->examples.empty()) {
        return MakeError(ErrorCode::kBadRuleFile, Where(name, rule->line),
                         "rule " + rule->id + ": no example (every rule needs one)");
      }
      rule = nullptr;
      return Ok{};
    };

    while (std::getline(in, raw)) {
      ++line_no;
      std::string_view line = Trim(raw);
      if (line.empty() || line.front() == '#') continue;
      size_t sp = line.find_first_of(" \t");
      std::string_view word = line.substr(0, sp);
      std::string_view rest = sp == std::string_view::npos ? std::string_view() : Trim(line.substr(sp));
      const std::string where = Where(name, line_no);
      auto in_rule = [&](const char* what) -> Status {
        if (rule) return Ok{};
        return MakeError(ErrorCode::kBadRuleFile, where, std::string(what) + " outside a rule");
      };

      if (word == "define") {
        rest = StripComment(rest, true);
        size_t eq = rest.find('=');
        if (eq == std::string_view::npos) {
          return MakeError(ErrorCode::kBadRuleFile, where, "define needs NAME = REGEX");
        }
        std::string mname(Trim(rest.substr(0, eq)));
        std::string value(Trim(rest.substr(eq + 1)));
        if (mname.empty() || !std::all_of(mname.begin(), mname.end(), [](char c) {
              return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            })) {
          return MakeError(ErrorCode::kBadRuleFile, where, "macro names are UPPER_CASE: " + mname);
        }
        macro_values[mname] = value;
        if (is_macros) set_macros[lang][mname] = value;
        continue;
      }
      if (is_macros) {
        return MakeError(ErrorCode::kBadRuleFile, where, "macros.rules holds only define lines");
      }
      if (word == "reference") {
        set->references[origin + "/" + name] = std::string(StripComment(rest, false));
        continue;
      }
      if (word == "rule") {
        if (Status s = finish(); !s.ok()) return s;
        std::string id(StripComment(rest, false));
        if (id.empty() || !std::all_of(id.begin(), id.end(), IsIdentChar) || id.find('.') == std::string::npos) {
          return MakeError(ErrorCode::kBadRuleFile, where, "rule ids are kind.snake_case: '" + id + "'");
        }
        for (const Rule& r : set->rules) {
          if (r.id == id && r.lang == lang && r.kind == kind) {
            return MakeError(ErrorCode::kBadRuleFile, where, "rule " + id + " is defined twice (first at line " + std::to_string(r.line) + ")");
          }
        }
        set->rules.emplace_back();
        rule = &set->rules.back();
        rule->id = id;
        rule->lang = lang;
        rule->kind = kind;
        rule->file = origin + "/" + name;
        rule->full_id = name + ":" + id;
        rule->line = line_no;
        continue;
      }
      if (word == "match") {
        if (Status s = in_rule("match"); !s.ok()) return s;
        Result<std::string> p = Expand(StripComment(rest, true), macro_values, where + ": rule " + rule->id);
        if (!p.ok()) return p.error();
        if (!rule->pattern.empty()) {
          return MakeError(ErrorCode::kBadRuleFile, where, "rule " + rule->id + ": a second match line");
        }
        rule->pattern = p.value();
        continue;
      }
      if (word == "value") {
        if (Status s = in_rule("value"); !s.ok()) return s;
        Result<Recipe> r = ParseRecipe(StripComment(rest, false));
        if (!r.ok()) {
          return MakeError(ErrorCode::kBadRecipe, where, "rule " + rule->id + ": " + r.error().what);
        }
        rule->recipe = r.value();
        continue;
      }
      if (word == "priority") {
        if (Status s = in_rule("priority"); !s.ok()) return s;
        try {
          rule->priority = std::stoi(std::string(StripComment(rest, false)));
        } catch (...) {
          return MakeError(ErrorCode::kBadRuleFile, where, "rule " + rule->id + ": priority takes an integer");
        }
        continue;
      }
      if (word == "latent") {
        if (Status s = in_rule("latent"); !s.ok()) return s;
        rule->latent = true;
        continue;
      }
      if (word == "example" || word == "negative") {
        std::string text;
        std::string_view after;
        if (!ParseQuoted(rest, &text, &after)) {
          return MakeError(ErrorCode::kBadRuleFile, where, std::string(word) + " needs a \"quoted\" text");
        }
        if (word == "negative") {
          set->negatives.push_back(Negative{origin + "/" + name, lang, kind, text, line_no});
          continue;
        }
        if (Status s = in_rule("example"); !s.ok()) return s;
        after = StripComment(after, false);
        if (after.substr(0, 2) != "=>") {
          return MakeError(ErrorCode::kBadRuleFile, where, "example needs => and the expected JSON value");
        }
        Example ex;
        ex.line = line_no;
        ex.expected = std::string(Trim(after.substr(2)));
        size_t open = text.find('['), close = text.find(']');
        // "[" marks the span only when a matching "]" follows; "\[" in the
        // quoted text is a literal bracket and was unescaped already, so
        // spans are marked with the first [ ... ] pair.
        if (open != std::string::npos && close != std::string::npos && close > open) {
          ex.text = text.substr(0, open) + text.substr(open + 1, close - open - 1) + text.substr(close + 1);
          ex.span_begin = open;
          ex.span_end = close - 1;
        } else {
          ex.text = text;
          ex.span_begin = 0;
          ex.span_end = text.size();
        }
        rule->examples.push_back(std::move(ex));
        continue;
      }
      return MakeError(ErrorCode::kBadRuleFile, where, "unknown keyword '" + std::string(word) + "'");
    }
    return finish();
  }

  std::map<std::string, std::map<std::string, std::string>> set_macros;  // lang -> macros
};

}  // namespace

Result<Recipe> ParseRecipe(std::string_view text) {
  Recipe r;
  text = Trim(text);
  size_t open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')') {
    return MakeError(ErrorCode::kBadRecipe, "", "value recipe must look like fn(arg, key=arg): '" + std::string(text) + "'");
  }
  r.fn = std::string(Trim(text.substr(0, open)));
  std::string_view body = text.substr(open + 1, text.size() - open - 2);
  // Split on commas outside quotes.
  std::vector<std::string> parts;
  std::string cur;
  bool quote = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && quote && i + 1 < body.size()) { cur.push_back(c); cur.push_back(body[++i]); continue; }
    if (c == '"') quote = !quote;
    if (c == ',' && !quote) { parts.push_back(cur); cur.clear(); continue; }
    cur.push_back(c);
  }
  if (quote) return MakeError(ErrorCode::kBadRecipe, "", "unterminated string in recipe");
  if (!Trim(cur).empty() || !parts.empty()) parts.push_back(cur);
  for (const std::string& part : parts) {
    std::string_view p = Trim(part);
    if (p.empty()) return MakeError(ErrorCode::kBadRecipe, "", "empty argument in recipe");
    RecipeArg arg;
    std::string_view src = p;
    size_t eq = p.find('=');
    if (eq != std::string_view::npos && p.front() != '"') {
      arg.key = std::string(Trim(p.substr(0, eq)));
      src = Trim(p.substr(eq + 1));
    }
    if (!src.empty() && src.front() == '"') {
      std::string lit;
      std::string_view rest;
      if (!ParseQuoted(src, &lit, &rest) || !rest.empty()) {
        return MakeError(ErrorCode::kBadRecipe, "", "bad string literal in recipe: " + std::string(src));
      }
      arg.kind = RecipeArg::Kind::kLiteral;
      arg.text = lit;
    } else if (!src.empty() && ((src.front() >= '0' && src.front() <= '9') || src.front() == '-')) {
      arg.kind = RecipeArg::Kind::kLiteral;
      arg.text = std::string(src);
    } else if (src.substr(0, 4) == "ref.") {
      arg.kind = RecipeArg::Kind::kRef;
      arg.text = std::string(src.substr(4));
      if (arg.text != "year" && arg.text != "month" && arg.text != "day") {
        return MakeError(ErrorCode::kBadRecipe, "", "ref. takes year, month or day: " + std::string(src));
      }
    } else {
      if (src.empty() || !std::all_of(src.begin(), src.end(), IsIdentChar)) {
        return MakeError(ErrorCode::kBadRecipe, "", "bad argument in recipe: " + std::string(src));
      }
      arg.kind = RecipeArg::Kind::kGroup;
      arg.text = std::string(src);
    }
    if (arg.key.empty()) {
      if (arg.kind == RecipeArg::Kind::kLiteral) {
        return MakeError(ErrorCode::kBadRecipe, "", "a literal argument needs a key: key=\"" + arg.text + "\"");
      }
      arg.key = arg.text;
    }
    r.args.push_back(std::move(arg));
  }
  return r;
}

Result<std::vector<RuleSource>> ReadRuleDir(const std::string& dir, std::string_view extension) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return MakeError(ErrorCode::kNotFound, dir, "not a directory of rule files");
  }
  std::vector<RuleSource> out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != extension) continue;
    std::ifstream f(it->path(), std::ios::binary);
    if (!f) return MakeError(ErrorCode::kIo, it->path().string(), "cannot read file");
    std::ostringstream ss;
    ss << f.rdbuf();
    out.push_back(RuleSource{fs::relative(it->path(), dir).generic_string(), ss.str()});
  }
  if (ec) return MakeError(ErrorCode::kIo, dir, ec.message());
  std::sort(out.begin(), out.end(), [](const RuleSource& a, const RuleSource& b) { return a.name < b.name; });
  return out;
}

Status ParseRuleSources(const std::vector<RuleSource>& sources, const std::string& origin, RuleSet* out) {
  Parser p{out, origin, {}, {}};
  // macros.rules first (common's before the languages'), then the rest.
  std::vector<const RuleSource*> order;
  for (const RuleSource& s : sources) if (s.name == "common/macros.rules") order.push_back(&s);
  for (const RuleSource& s : sources)
    if (s.name != "common/macros.rules" && s.name.size() >= 12 && s.name.substr(s.name.size() - 12) == "macros.rules")
      order.push_back(&s);
  for (const RuleSource& s : sources)
    if (s.name.size() < 12 || s.name.substr(s.name.size() - 12) != "macros.rules") order.push_back(&s);
  for (const RuleSource* s : order) {
    if (Status st = p.ParseFile(*s); !st.ok()) return st;
  }
  return Ok{};
}

}  // namespace kiji::rules
