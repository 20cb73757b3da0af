import type { Executor } from '../db/dialect';
import { hiddenPatients, MASKED_NAME, mayOpenSql, type Viewer } from './confidential';
import { nameRowsOf, patientsByChartNumber, patientsByText } from './repository/patients';

/**
 * How oversight records name a patient: the audit log and the controlled-substance records (running log,
 * patient log, CSV and PDF). Both exist so that someone can answer "whose record, whose dose?", so they show
 * the patient's name and chart number (the DEA record names the patient it was given to, 21 CFR 1304.22(c);
 * the audit review needs to know whose record was opened). A chart marked confidential that the viewer may
 * not open (S17, platform/confidential.ts) shows only "Confidential patient" and its chart number: enough to
 * follow up through its care team, without a name.
 */
export interface PatientName {
  /** "Robin Rivera", or null when the record is confidential to this viewer. */
  name: string | null;
  chartNumber: string;
}

/** "Robin Rivera (chart C-000123)", or "Confidential patient (chart C-000123)". */
export function patientWords(p: PatientName): string {
  return `${p.name ?? MASKED_NAME} (chart ${p.chartNumber})`;
}

/** Names and chart numbers for these patient ids; ids with no patient record are left out of the map. */
export async function patientNames(
  db: Executor,
  viewer: Viewer,
  nowIso: string,
  ids: (string | null | undefined)[],
): Promise<Map<string, PatientName>> {
  const list = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!list.length) return new Map();
  const rows = await nameRowsOf(db, list);
  const hidden = await hiddenPatients(db, viewer, nowIso, list);
  return new Map(
    rows.map((r) => [
      r.id,
      { name: hidden.has(r.id) ? null : `${r.first_name} ${r.last_name}`, chartNumber: r.chart_number },
    ]),
  );
}

/**
 * Patients an oversight search finds: the chart number exactly (whatever its case), or every word in the
 * patient's search text (names, chart number, date of birth, as the patient list searches). A name finds only
 * records the viewer may open, so searching by name never reveals who has a confidential record; its chart
 * number, which oversight records show, still finds it.
 */
export async function findPatientIds(
  db: Executor,
  viewer: Viewer,
  nowIso: string,
  text: string,
  limit = 200,
): Promise<string[]> {
  const term = text.trim().toLowerCase();
  if (!term) return [];
  const byChart = await patientsByChartNumber(db, term);
  const found = await patientsByText(
    db,
    term.split(/\s+/).slice(0, 5),
    mayOpenSql(viewer, nowIso, 'p.id'),
    limit,
  );
  return [...new Set([...byChart, ...found].map((r) => r.id))];
}
