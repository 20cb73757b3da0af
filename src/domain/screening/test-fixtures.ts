import { HISTORY_KEYS, type HistoryKey, type ScreeningInput } from './types';

/**
 * Test fixture: a fully answered screening of an adult with nothing to report, planned for in-clinic IV.
 * Each test changes only what it is about, so a rule can be shown to fire on its own minimal input.
 */
export function cleanInput(patch: Partial<ScreeningInput> = {}): ScreeningInput {
  const history = Object.fromEntries(HISTORY_KEYS.map((k) => [k, false])) as Record<HistoryKey, boolean>;
  return {
    dateOfBirth: '1990-06-15',
    evaluationDate: '2026-03-01',
    pregnancyStatus: 'not_pregnant',
    breastfeeding: false,
    history,
    medications: [],
    program: { setting: 'in_clinic', route: 'iv' },
    ...patch,
  };
}

export function withHistory(
  flags: Partial<Record<HistoryKey, boolean>>,
  patch: Partial<ScreeningInput> = {},
): ScreeningInput {
  const base = cleanInput(patch);
  return { ...base, history: { ...base.history, ...flags } };
}
