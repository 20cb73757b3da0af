/**
 * Time rules for the codes billed by minutes (DOMAIN §9). Each function is the published rule, no more.
 *
 * Psychotherapy (AMA CPT 2026, Psychiatry; CPT's time rule "a unit of time is attained when the mid-point is
 * passed"): 90832/90833 need 16–37 min, 90834/90836 38–52 min, 90837/90838 53 min or more; under 16 min no
 * psychotherapy code is reported. The thresholds are the mid-points between the 30, 45 and 60-minute codes.
 *
 * IV infusion (AMA CPT 2026, Hydration, Therapeutic, Prophylactic, Diagnostic Injections and Infusions): 96365
 * covers the first hour and is reported for an infusion over 15 min (15 min or less is a push, 96374); 96366 is
 * each additional hour, reported when the infusion runs more than 30 min past the last full hour (so 61–90 min is
 * 96365 alone, 91–150 min adds one 96366, 151–210 two).
 *
 * E/M by total time on the date of the encounter (AMA CPT 2021 onward): new patient 99202 15, 99203 30, 99204 45,
 * 99205 60 minutes; established 99212 10, 99213 20, 99214 30, 99215 40 minutes.
 *
 * Esketamine (CMS CY2020 PFS final rule): G2082 up to 56 mg, G2083 over 56 mg, each including the 2 h observation.
 */

export const PSYCHOTHERAPY_SOURCE = 'AMA CPT 2026: psychotherapy time ranges (mid-point rule)';
export const INFUSION_SOURCE =
  'AMA CPT 2026: infusion hours (96365 first hour; 96366 when > 30 min past the hour)';
export const EM_TIME_SOURCE = 'AMA CPT 2021+ E/M office visit total-time thresholds';

/** The psychotherapy code for these minutes, standalone or as an add-on to an E/M visit; null under 16 min. */
export function psychotherapyCode(minutes: number, withEm: boolean): string | null {
  if (!Number.isFinite(minutes) || minutes < 16) return null;
  if (minutes < 38) return withEm ? '90833' : '90832';
  if (minutes < 53) return withEm ? '90836' : '90834';
  return withEm ? '90838' : '90837';
}

/** Infusion codes and units for an infusion of `minutes`: a push at 15 or less, else the first hour and more. */
export function infusionCodes(minutes: number): { code: string; units: number }[] {
  if (!Number.isFinite(minutes) || minutes <= 0) return [];
  if (minutes <= 15) return [{ code: '96374', units: 1 }];
  const past = Math.max(0, Math.floor(minutes) - 60);
  const extra = Math.floor(past / 60) + (past % 60 > 30 ? 1 : 0);
  return extra > 0
    ? [
        { code: '96365', units: 1 },
        { code: '96366', units: extra },
      ]
    : [{ code: '96365', units: 1 }];
}

/** G2082 up to 56 mg, G2083 over (the total of the session's devices). */
export const esketamineVisitCode = (totalMg: number): 'G2082' | 'G2083' => (totalMg > 56 ? 'G2083' : 'G2082');

const NEW_EM: [number, string][] = [
  [60, '99205'],
  [45, '99204'],
  [30, '99203'],
  [15, '99202'],
];
const ESTABLISHED_EM: [number, string][] = [
  [40, '99215'],
  [30, '99214'],
  [20, '99213'],
  [10, '99212'],
];

/** The E/M level the total time supports, or null when it is under the lowest threshold. */
export function emCodeByTime(minutes: number, newPatient: boolean): string | null {
  for (const [min, c] of newPatient ? NEW_EM : ESTABLISHED_EM) if (minutes >= min) return c;
  return null;
}
