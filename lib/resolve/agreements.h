// Agreements: trigger mentions -> one record per distinct agreement
// (RECORD.md `agreements[]`).
//
// Reads what the rules found in one text: agreement triggers (type
// "agreement", patterns/<lang>/agreements.rules), status and party-group
// cues ("agreement_cue", agreement_cues.rules), country names ("country",
// countries.rules), and the entities: organizations with their canonical
// `name` (one per organization per record, chosen before this stage), and
// dates. Only sentences with a trigger are examined.
//
// Per trigger mention, from its sentence:
//   - parties, from the grammar around it. English: "A and B signed …",
//     "A signed … with B", "… between/among A, B and C", "signed by A",
//     "A and B's joint venture" (not "of A", "in A", "according to A",
//     "with the support of A", a dateline, a possessive modifier; a country
//     is a subject only of a verb of agreeing). Japanese: "AとBは…",
//     "AはBと…", "Bとの間で…", "A、B、Cの3社は" (not "Aの", "A傘下の").
//     "The two firms"/両社 stand for the parties of the agreement just named
//     or the article's main actors (most mentioned); "the company"/"we"/当社
//     for its main actor, beside another party. Countries are parties where
//     an organization would be. A trigger inside an organization's name is
//     none; a Japanese trigger extends over the kanji/katakana compound
//     before it (戦略的パートナーシップ覚書).
//   - status, from the nearest cue (English: before the trigger, then after
//     it; Japanese: after, then before), else what the trigger implies
//     (合意: reached), else signed;
//   - date, from the date entities of its sentence (not "by 2030", not the
//     year of a name such as "GameFest 2025", not a date inside the subject
//     phrase unless a preposition of time brings it);
//   - subject: "… on/to/for <phrase>" after an English trigger,
//     "<phrase>に関する…" before a Japanese one (read for stating mentions).
// Mentions are then joined, in text order: a mention without parties that
// is definite or bare ("the MOU", "this tripartite agreement", 本提携) joins
// the latest agreement (of its kind if there is one); one with parties joins
// an agreement whose parties contain its parties or are contained in them;
// an indefinite one ("several MOUs", "a partnership") is an agreement only
// with parties and a verb of agreeing near it. An agreement is stated by its
// first mention with parties: that mention gives text, span, sentence and
// subject, and first say on status and date (the other mentions in text
// order next, then the sentences just before it on the same line).
// Agreements without parties are dropped.
// Does not find organizations or dates itself. Pure functions: thread-safe.
#pragma once

#include <vector>

#include "resolve/entity.h"
#include "text/text.h"

namespace kiji::resolve {

// Returns the agreements of `text`, ordered by the mention that states
// each. `entities` and `cues` are what ResolveMatches returned, split by
// IsEmittedType, sorted by position; offsets are bytes into text.text.
std::vector<Agreement> FindAgreements(const text::NormText& text, const std::vector<Entity>& entities,
                                      const std::vector<Entity>& cues);

}  // namespace kiji::resolve
