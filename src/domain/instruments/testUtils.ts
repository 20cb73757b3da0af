// Test-only helpers (imported by the *.test.ts files next to this one, never by production code).

import type { Answers, InstrumentDefinition } from './types';

/**
 * Answers to every scored item that add up to `total`: items are filled in order with their highest
 * value until the remainder fits. Unscored items are left unanswered.
 */
export function answersForTotal(def: InstrumentDefinition, total: number): Answers {
  const answers: Answers = {};
  let remaining = total;
  for (const linkId of def.scoring.items) {
    const item = def.items.find((i) => i.linkId === linkId);
    const set = def.answerSets.find((s) => s.id === item?.answerSet);
    if (!set) throw new Error(`no answer set for ${linkId}`);
    const values = set.options.map((o) => o.value).sort((a, b) => b - a);
    const value = values.find((v) => v <= remaining) ?? Math.min(...values);
    answers[linkId] = value;
    remaining -= value;
  }
  if (remaining !== 0) throw new Error(`${def.id}: cannot reach total ${total}`);
  return answers;
}
