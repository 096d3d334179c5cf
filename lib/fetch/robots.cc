#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "common/strings.h"
#include "fetch/robots_internal.h"

namespace kiji::fetch {
namespace {

constexpr size_t kMaxRobotsBytes = 500 * 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Returns the product token of a user-agent value: "kiji/0.1 (+url)" -> "kiji".
std::string ProductToken(std::string_view agent) {
  size_t end = 0;
  while (end < agent.size() && agent[end] != '/' && agent[end] != ' ' && agent[end] != '\t') ++end;
  return AsciiLower(agent.substr(0, end));
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string NormalizeRobotsPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c == '%' && i + 2 < path.size() && IsHex(path[i + 1]) && IsHex(path[i + 2])) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 1])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 2])));
      i += 2;
    } else if (c <= 0x20 || c >= 0x7F) {
      AppendPercentEncoded(&out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy-free wildcard match with backtracking to the last '*' (linear in
  // practice; robots patterns hold few stars).
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      // Anchored but text remains: let the last '*' swallow more.
      if (star == std::string_view::npos || mark >= path.size()) return false;
      p = star + 1;
      s = ++mark;
      continue;
    }
    if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    }
    if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || mark >= path.size()) return false;
    p = star + 1;
    s = ++mark;
  }
}

Robots Robots::Parse(std::string_view body, std::string_view product) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const std::string me = ProductToken(product);

  struct Group {
    bool mine = false;
    bool star = false;
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };
  Robots mine, star;
  bool have_mine = false, have_star = false;
  Group group;
  bool in_agents = false;  // the previous line was a user-agent line
  bool in_group = false;
  auto flush = [&] {
    if (!in_group) return;
    if (group.mine) {
      have_mine = true;
      mine.rules_.insert(mine.rules_.end(), group.rules.begin(), group.rules.end());
      if (group.crawl_delay && !mine.crawl_delay_) mine.crawl_delay_ = group.crawl_delay;
    }
    if (group.star) {
      have_star = true;
      star.rules_.insert(star.rules_.end(), group.rules.begin(), group.rules.end());
      if (group.crawl_delay && !star.crawl_delay_) star.crawl_delay_ = group.crawl_delay;
    }
    group = Group();
    in_group = false;
  };

  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find_first_of("\r\n", pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent" || key == "useragent" || key == "user agent") {
      if (!in_agents) flush();
      in_agents = true;
      in_group = true;
      std::string token = ProductToken(value);
      if (value == "*") group.star = true;
      else if (!token.empty() && token == me) group.mine = true;
      continue;
    }
    in_agents = false;
    if (!in_group) continue;  // rules before any user-agent line belong to no group
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with no path allows everything: no rule
      group.rules.push_back(Rule{key == "allow", NormalizeRobotsPath(value)});
    } else if (key == "crawl-delay") {
      char* end = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &end);
      if (end != v.c_str() && d >= 0) group.crawl_delay = d;
    }
  }
  flush();
  if (have_mine) return mine;
  if (have_star) return star;
  return Robots();
}

bool Robots::Allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  if (path == "/robots.txt") return true;
  std::string norm = NormalizeRobotsPath(path);
  size_t best = 0;
  bool allowed = true;
  bool matched = false;
  for (const Rule& r : rules_) {
    // The pattern's length stands for its specificity ('$' included, as
    // Google's matcher counts it).
    size_t len = r.pattern.size();
    if (matched && len < best) continue;
    if (!RobotsPatternMatches(r.pattern, norm)) continue;
    if (!matched || len > best || (len == best && r.allow)) allowed = r.allow;
    matched = true;
    best = len;
  }
  return allowed;
}

}  // namespace kiji::fetch
