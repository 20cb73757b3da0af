import { getInstrument, type InstrumentDefinition } from '../../../domain/instruments';
import type { Rng } from './random';

/**
 * Answers that add up to a wanted total on a shipped instrument: the total is spread over the scored items
 * (each within its answer set), flag items (PHQ-9 item 9) are answered 0 unless a flag is wanted, and
 * optional unscored items (PHQ-9 difficulty) get a plausible answer.
 */
interface Shape {
  scored: { linkId: string; max: number }[];
  flagItems: Set<string>;
  optional: { linkId: string; max: number }[];
  maxTotal: number;
}

const shapes = new Map<string, Shape>();

function shapeOf(id: string): Shape {
  const cached = shapes.get(id);
  if (cached) return cached;
  const def = getInstrument(id) as InstrumentDefinition;
  if (!def) throw new Error(`unknown instrument ${id}`);
  const maxOf = (set: string) =>
    Math.max(...(def.answerSets.find((s) => s.id === set)?.options.map((o) => o.value) ?? [0]));
  const scoredIds = new Set<string>((def.scoring as { items?: string[] }).items ?? []);
  const flagItems = new Set<string>((def.scoring.flags ?? []).flatMap((f) => f.when.anyOf));
  const scored = def.items
    .filter((i) => scoredIds.has(i.linkId) && !flagItems.has(i.linkId))
    .map((i) => ({ linkId: i.linkId, max: maxOf(i.answerSet) }));
  const optional = def.items
    .filter((i) => !scoredIds.has(i.linkId) && !flagItems.has(i.linkId))
    .map((i) => ({ linkId: i.linkId, max: maxOf(i.answerSet) }));
  const maxTotal = def.items
    .filter((i) => scoredIds.has(i.linkId))
    .reduce((n, i) => n + maxOf(i.answerSet), 0);
  const shape = { scored, flagItems, optional, maxTotal };
  shapes.set(id, shape);
  return shape;
}

/** The largest total of an instrument (PHQ-9 27, GAD-7 21, PCL-5 80). */
export const maxTotalOf = (id: string): number => shapeOf(id).maxTotal;

export function answersFor(
  rng: Rng,
  instrumentId: string,
  wanted: number,
  flag = false,
): Record<string, number> {
  const s = shapeOf(instrumentId);
  const answers: Record<string, number> = {};
  for (const f of s.flagItems) answers[f] = flag ? 1 : 0;
  let left = Math.max(
    0,
    Math.min(
      Math.round(wanted) - (flag ? 1 : 0),
      s.scored.reduce((n, i) => n + i.max, 0),
    ),
  );
  const order = s.scored.map((i) => i);
  // Shuffle so that which symptoms are worse varies between people and visits.
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as (typeof order)[number], order[i] as (typeof order)[number]];
  }
  order.forEach((item, k) => {
    const remaining = order.length - k;
    const v = Math.min(item.max, Math.max(0, Math.round(left / remaining + (rng.next() - 0.5))));
    answers[item.linkId] = v;
    left -= v;
  });
  // Rounding can leave a point or two: put them where there is room.
  for (const item of order) {
    if (left <= 0) break;
    const room = item.max - (answers[item.linkId] as number);
    const add = Math.min(room, left);
    answers[item.linkId] = (answers[item.linkId] as number) + add;
    left -= add;
  }
  for (const o of s.optional)
    answers[o.linkId] = Math.min(o.max, wanted > 9 ? 1 + rng.int(0, 1) : rng.int(0, 1));
  return answers;
}
