#include "resolve/resolve.h"

#include <algorithm>
#include <map>

namespace kiji::resolve {

std::string OverlapClass(const std::string& type) {
  if (type == "date" || type == "figure") return "value";
  return type;
}

std::vector<Entity> SelectNonOverlapping(std::vector<Entity> candidates) {
  std::map<std::string, std::vector<Entity*>> by_class;
  for (Entity& e : candidates) by_class[OverlapClass(e.type)].push_back(&e);
  std::vector<Entity> out;
  for (auto& [cls, list] : by_class) {
    std::stable_sort(list.begin(), list.end(), [](const Entity* a, const Entity* b) {
      size_t la = a->end - a->begin, lb = b->end - b->begin;
      if (la != lb) return la > lb;
      if (a->priority != b->priority) return a->priority > b->priority;
      return a->begin < b->begin;
    });
    // Accepted spans of this class, kept sorted by begin for the overlap test.
    std::map<size_t, size_t> taken;
    for (Entity* e : list) {
      auto it = taken.lower_bound(e->end);  // first span starting at or after e's end
      bool clash = false;
      if (it != taken.begin()) {
        auto prev = std::prev(it);
        if (prev->second > e->begin) clash = true;
      }
      if (clash) continue;
      taken.emplace(e->begin, e->end);
      out.push_back(std::move(*e));
    }
  }
  std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end < b.end;
  });
  return out;
}

std::vector<Entity> ResolveMatches(const rules::RuleSet& rules, const std::vector<const RecipeInfo*>& recipes,
                                   const std::vector<rules::Match>& matches, const text::NormText& text,
                                   const RefDate& ref, const ResolveOptions& options) {
  std::vector<Entity> candidates;
  std::string_view all(text.text);
  for (const rules::Match& m : matches) {
    const rules::Rule& rule = rules.rules[static_cast<size_t>(m.rule)];
    if (rule.latent && !options.latent) continue;
    std::string type = EntityTypeForKind(rule.kind);
    if (type.empty()) continue;  // a kind kiji does not know
    const text::Sentence& s = text.sentences[m.sentence];
    std::string lang = rule.lang;
    if (lang == "common") lang = text::LangName(s.lang);
    std::optional<Json> fields =
        RunRecipe(rule, *recipes[static_cast<size_t>(m.rule)], m.groups, all.substr(m.begin, m.end - m.begin),
                  all.substr(s.begin, s.end - s.begin), lang, ref);
    if (!fields) continue;
    Entity e;
    e.type = std::move(type);
    e.begin = m.begin;
    e.end = m.end;
    e.lang = std::move(lang);
    e.rule = rule.full_id;
    e.priority = rule.priority;
    e.latent = rule.latent;
    e.sentence = m.sentence;
    e.fields = std::move(*fields);
    candidates.push_back(std::move(e));
  }
  return SelectNonOverlapping(std::move(candidates));
}

}  // namespace kiji::resolve
