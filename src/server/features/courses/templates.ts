import type { Executor } from '../../db/dialect';
import { insertTemplate, templateKeys } from './repository';

/**
 * Shipped course templates. Clinics edit them (admin); these are the starting values. Session counts follow
 * DOMAIN §1 (3–6 dosing sessions; IV 4–6 infusions over 2–3 weeks) and the esketamine label's induction
 * (twice weekly for 4 weeks = 8 sessions). Vitals cadence: every 15 min for IV (DOMAIN §3); the others are
 * clinic policy defaults.
 */
export const DEFAULT_COURSE_TEMPLATES = [
  {
    key: 'im_kap',
    name: 'IM ketamine-assisted psychotherapy',
    route: 'im',
    setting: 'in_clinic',
    planned_preparation: 2,
    planned_dosing: 6,
    planned_integration: 6,
    vitals_every_minutes: 15,
    description:
      'Intramuscular racemic ketamine 0.5–1.0 mg/kg with a therapist present; integration within 1–3 days of each dose.',
  },
  {
    key: 'iv_series',
    name: 'IV infusion series',
    route: 'iv',
    setting: 'in_clinic',
    planned_preparation: 1,
    planned_dosing: 6,
    planned_integration: 6,
    vitals_every_minutes: 15,
    description:
      'Six 40-minute infusions of 0.5 mg/kg over 2–3 weeks; vitals at baseline and every 15 minutes.',
  },
  {
    key: 'esketamine',
    name: 'Esketamine nasal spray (label schedule)',
    route: 'esketamine',
    setting: 'in_clinic',
    planned_preparation: 1,
    planned_dosing: 8,
    planned_integration: 8,
    vitals_every_minutes: 15,
    description:
      'Induction twice weekly for 4 weeks (56 mg on day 1, then 56 or 84 mg); at least 2 hours of monitoring at a REMS-certified site.',
  },
  {
    key: 'at_home_sl',
    name: 'At-home sublingual program',
    route: 'sublingual',
    setting: 'at_home',
    planned_preparation: 2,
    planned_dosing: 6,
    planned_integration: 6,
    vitals_every_minutes: 30,
    description:
      'Sublingual troches at home with a sober adult sitter, pre- and post-session check-ins and a home blood-pressure reading.',
  },
] as const;

export async function ensureCourseTemplates(db: Executor, now: string): Promise<void> {
  const existing = await templateKeys(db);
  for (const t of DEFAULT_COURSE_TEMPLATES) {
    if (!existing.has(t.key)) await insertTemplate(db, { ...t, updated_at: now, updated_by: null });
  }
}

export const presentTemplate = (t: {
  key: string;
  name: string;
  route: string;
  setting: string;
  planned_preparation: number;
  planned_dosing: number;
  planned_integration: number;
  vitals_every_minutes: number;
  description: string;
}) => ({
  key: t.key,
  name: t.name,
  route: t.route as 'im',
  setting: t.setting as 'in_clinic',
  plannedPreparation: t.planned_preparation,
  plannedDosing: t.planned_dosing,
  plannedIntegration: t.planned_integration,
  vitalsEveryMinutes: t.vitals_every_minutes,
  description: t.description,
});
