import { buildTrend, type Trend, type TrendInput } from '../../../domain/measures';
import type { Executor } from '../../db/dialect';
import { DefinitionCache } from './catalogue';
import * as repo from './repository';

/**
 * A patient's trends per instrument: the one computation behind the chart's measures section and the
 * patient's own progress on the portal (issue #17), so both show the same scores and the same bands.
 */
export async function trendsOf(
  defs: DefinitionCache,
  assignments: repo.AssignmentRow[],
  responses: repo.ResponseRow[],
  scores: repo.ScoreRow[],
): Promise<Trend[]> {
  const scoreOf = new Map(scores.map((s) => [s.response_id, s]));
  const supersededBy = new Map(
    responses.filter((r) => r.amended_from).map((r) => [r.amended_from as string, r.id]),
  );
  const kindOf = new Map(assignments.map((a) => [a.id, a.schedule_kind]));
  const points = new Map<string, TrendInput[]>();
  for (const r of responses) {
    const s = scoreOf.get(r.id);
    if (r.status !== 'completed' || !s || supersededBy.has(r.id)) continue;
    // An amendment stands in for the original at the original's time: it corrects that answer sheet.
    const original = r.amended_from ? originalOf(r, responses) : r;
    const list = points.get(r.instrument_id) ?? [];
    list.push({
      responseId: r.id,
      at: original.completed_at ?? s.scored_at,
      total: Number(s.total),
      band: s.band_label === null ? null : { label: s.band_label, severity: Number(s.band_severity) },
      intake: kindOf.get(r.assignment_id) === 'intake',
      scoringVersion: s.scoring_version,
    });
    points.set(r.instrument_id, list);
  }
  const trends = [];
  for (const [instrumentId, list] of points) {
    const entry = await defs.get(instrumentId);
    if (entry) trends.push(buildTrend(entry.def, list));
  }
  return trends;
}

function originalOf(r: repo.ResponseRow, all: repo.ResponseRow[]): repo.ResponseRow {
  let cur = r;
  for (let i = 0; i < 50 && cur.amended_from; i++) {
    const prev = all.find((x) => x.id === cur.amended_from);
    if (!prev) break;
    cur = prev;
  }
  return cur;
}

/** One patient's trends, read and computed as the chart's measures section does. */
export async function patientTrends(db: Executor, patientId: string): Promise<Trend[]> {
  return trendsOf(
    new DefinitionCache(db),
    await repo.listAssignments(db, patientId),
    await repo.listResponses(db, patientId),
    await repo.listScores(db, patientId),
  );
}
