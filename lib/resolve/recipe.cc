#include "resolve/recipe.h"

#include <algorithm>
#include <charconv>

namespace kiji::resolve {

namespace {

struct KindInfo {
  std::string_view kind;   // rule file kind: patterns/<lang>/<kind>.rules
  std::string_view type;   // what its rules find (views: compared by size first,
                           // IsEmittedType runs once per entity)
  bool emitted;            // an entity in entities[] (else a cue)
  const char* main_field;  // compared with an example's scalar value
  const char* gate;        // run only in sentences where this kind matched, or nullptr
};

constexpr KindInfo kKinds[] = {
    {"dates", "date", true, "value", nullptr},
    {"figures", "figure", true, "value", nullptr},
    {"organizations", "organization", true, "name", nullptr},
    {"agreements", "agreement", false, "kind", nullptr},
    {"agreement_cues", "agreement_cue", false, "status", "agreements"},
    {"agreement_modifiers", "agreement_modifier", false, "modifier", "agreements"},
    {"countries", "country", false, "name", "agreements"},
};

}  // namespace

std::string EntityTypeForKind(const std::string& kind) {
  for (const KindInfo& k : kKinds) {
    if (kind == k.kind) return std::string(k.type);
  }
  return "";
}

bool IsEmittedType(const std::string& type) {
  for (const KindInfo& k : kKinds) {
    if (type == k.type) return k.emitted;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> GatedKinds() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const KindInfo& k : kKinds) {
    if (k.gate) out.emplace_back(std::string(k.kind), k.gate);
  }
  return out;
}

const char* MainFieldOfType(const std::string& type) {
  for (const KindInfo& k : kKinds) {
    if (type == k.type) return k.main_field;
  }
  return "value";
}

bool IsBlocker(const Entity& e) {
  auto it = e.fields.find("kind");
  return it != e.fields.end() && it->is_string() && it->get_ref<const std::string&>() == "none";
}

RefDate ParseRefDate(std::string_view iso) {
  RefDate r;
  auto num = [&](size_t pos, size_t len, int* out) {
    if (iso.size() < pos + len) return false;
    int v = 0;
    auto res = std::from_chars(iso.data() + pos, iso.data() + pos + len, v);
    if (res.ec != std::errc() || res.ptr != iso.data() + pos + len) return false;
    *out = v;
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, &y) || y < 1000) return r;
  if (iso.size() > 4 && (iso[4] != '-' || !num(5, 2, &m) || m < 1 || m > 12)) return r;
  if (iso.size() > 7 && (iso[7] != '-' || !num(8, 2, &d) || d < 1 || d > 31)) return r;
  if (iso.size() > 10 && iso[10] != 'T' && iso[10] != ' ' && iso[10] != 't') return r;
  r.year = y;
  r.month = m;
  r.day = d;
  return r;
}

std::string_view RecipeInput::Arg(std::string_view key) const {
  for (const auto& [k, text] : args) {
    if (k == key) return text;
  }
  return {};
}

bool RecipeInput::Has(std::string_view key) const { return !Arg(key).empty(); }

bool RecipeInput::Contains(std::string_view key) const {
  for (const auto& a : args) {
    if (a.first == key) return true;
  }
  return false;
}

void RecipeInput::Set(std::string_view key, std::string_view text) {
  auto it = std::lower_bound(args.begin(), args.end(), key,
                             [](const auto& a, std::string_view k) { return a.first < k; });
  if (it != args.end() && it->first == key) it->second = text;
  else args.emplace(it, key, text);
}

void RecipeInput::Erase(std::string_view key) {
  std::erase_if(args, [&](const auto& a) { return a.first == key; });
}

const std::vector<RecipeInfo>& AllRecipes() {
  static const std::vector<RecipeInfo> all = [] {
    std::vector<RecipeInfo> v;
    for (auto* list : {DateRecipes, FigureRecipes, OrganizationRecipes, AgreementRecipes}) {
      for (const RecipeInfo& r : list()) v.push_back(r);
    }
    return v;
  }();
  return all;
}

const RecipeInfo* FindRecipe(std::string_view name) {
  for (const RecipeInfo& r : AllRecipes()) {
    if (name == r.name) return &r;
  }
  return nullptr;
}

namespace {

// Returns `recipe`'s arguments stably sorted by key: a key bound twice
// keeps its arguments in rule order, and the last one bound wins
// (BindArgs).
std::vector<rules::RecipeArg> ArgsByKey(const rules::Recipe& recipe) {
  std::vector<rules::RecipeArg> args = recipe.args;
  std::stable_sort(args.begin(), args.end(),
                   [](const rules::RecipeArg& x, const rules::RecipeArg& y) { return x.key < y.key; });
  return args;
}

}  // namespace

Result<BoundRecipe> BindRecipe(const rules::Rule& rule) {
  const RecipeInfo* info = FindRecipe(rule.recipe.fn);
  if (!info) {
    return MakeError(ErrorCode::kBadRecipe, rule.file + ":" + std::to_string(rule.line),
                     "rule " + rule.id + ": unknown value recipe '" + rule.recipe.fn + "'");
  }
  return BoundRecipe{info, ArgsByKey(rule.recipe)};
}

RefTexts::RefTexts(const RefDate& ref) {
  if (ref.year > 0) year = std::to_string(ref.year);
  if (ref.month > 0) month = std::to_string(ref.month);
  if (ref.day > 0) day = std::to_string(ref.day);
}

void BindArgs(const BoundRecipe& recipe, const std::vector<std::pair<std::string_view, std::string_view>>& groups,
              const RefTexts& refs, RecipeInput* in) {
  in->args.clear();
  for (const rules::RecipeArg& a : recipe.args) {
    std::string_view text;
    bool bound = false;
    switch (a.kind) {
      case rules::RecipeArg::Kind::kLiteral:
        text = a.text;
        bound = true;
        break;
      case rules::RecipeArg::Kind::kRef: {
        const std::string& v = a.text == "year" ? refs.year : a.text == "month" ? refs.month : refs.day;
        text = v;
        bound = !v.empty();
        break;
      }
      case rules::RecipeArg::Kind::kGroup:
        for (const auto& [name, group_text] : groups) {
          // Size and first letter before memcmp: most names differ there.
          if (name.size() == a.text.size() && (name.empty() || name[0] == a.text[0]) && name == a.text) {
            text = group_text;
            bound = true;
            break;
          }
        }
        break;
    }
    if (!bound) continue;
    // Keys come in order: a key bound again replaces its text.
    if (!in->args.empty() && in->args.back().first == a.key) in->args.back().second = text;
    else in->args.emplace_back(a.key, text);
  }
}

std::optional<Json> RunRecipe(const rules::Rule& rule, const RecipeInfo& recipe,
                              const std::vector<std::pair<std::string_view, std::string_view>>& groups,
                              std::string_view span, std::string_view sentence, const std::string& lang,
                              const RefDate& ref) {
  BoundRecipe b{&recipe, ArgsByKey(rule.recipe)};
  RefTexts refs(ref);
  RecipeInput in;
  in.rule = &rule;
  in.span = span;
  in.sentence = sentence;
  in.lang = lang;
  in.ref = ref;
  BindArgs(b, groups, refs, &in);
  return recipe.fn(in);
}

}  // namespace kiji::resolve
