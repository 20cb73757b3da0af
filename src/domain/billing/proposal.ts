import type { PlaceOfService } from './codes';
import {
  EM_TIME_SOURCE,
  emCodeByTime,
  esketamineVisitCode,
  INFUSION_SOURCE,
  infusionCodes,
  PSYCHOTHERAPY_SOURCE,
  psychotherapyCode,
} from './time-rules';

/**
 * Charge lines proposed for a completed visit from what Liminal recorded (issue #22): its type and route, the dose
 * given, the infusion and monitoring minutes and the psychotherapy minutes, with the chart's ICD-10 diagnoses as
 * pointers. A proposal is a draft for a biller or prescriber to review: nothing is final until a person says so.
 *
 * The rules per visit type and route are data (VISIT_RULES) so a reader sees them in one place:
 *  - consultation / follow-up: an E/M level by the visit's booked time (new vs established patient);
 *  - preparation / integration (therapist): a psychotherapy code by minutes;
 *  - IM dosing: E/M (modifier 25: a separately identifiable visit on the day of a procedure) + 96372 + J3490
 *    (ketamine, NDC and mg) + a psychotherapy add-on when a therapist was present for long enough;
 *  - IV dosing: E/M-25 + 96365/96366 (or 96374) by infusion minutes + J3490 + psychotherapy add-on;
 *  - esketamine: G2082 (≤ 56 mg) or G2083 (> 56 mg), which bundle the E/M and the 2 h observation (so no E/M
 *    and no E/M add-on that date), + J0013 per mg when the clinic supplied the devices;
 *  - sublingual / oral in clinic: E/M + psychotherapy add-on;
 *  - at home: nothing proposed (no code describes remote monitoring of a dose; lines are added by hand).
 */

export type VisitCategory = 'consultation' | 'preparation' | 'dosing' | 'integration' | 'follow_up' | 'other';

export interface VisitFacts {
  /** The visit's category, or 'at_home' for an at-home session. */
  category: VisitCategory | 'at_home';
  route: string | null;
  /** Local date of service 'YYYY-MM-DD'. */
  serviceDate: string;
  modality: 'in_person' | 'video' | 'audio';
  /** Booked length of the appointment in minutes (E/M and therapy visits). */
  bookedMinutes: number | null;
  /** No completed visit in the three years before (CPT's new-patient definition). */
  newPatient: boolean;
  /** Total mg given in the session (devices summed for esketamine); null when none recorded. */
  doseMg: number | null;
  /** Infusion start to stop (IV). */
  infusionMinutes: number | null;
  /** First dose to discharge. */
  monitoringMinutes: number | null;
  /** Face-to-face psychotherapy minutes (a therapy visit's length, or the monitoring time a therapist attended). */
  psychotherapyMinutes: number | null;
  /** Esketamine: the clinic supplied the devices (J0013 is the clinic's to bill); false if a pharmacy did. */
  clinicSuppliedDrug: boolean;
  /** The chart's ICD-10-CM codes, primary first. */
  diagnosisCodes: string[];
}

export interface ProposedLine {
  ruleKey: string;
  code: string;
  modifiers: string[];
  units: number;
  /** Drug lines: the quantity for the NDC (mg given) and its 837P unit ('ME' milligram). */
  ndcQuantity: number | null;
  ndcUnit: 'ME' | null;
  /** Who rendered it: the visit's prescriber or its therapist. */
  renderedBy: 'prescriber' | 'therapist';
  diagnosisPointers: number[];
  /** Plain words for the review screen: why this code, with its source. */
  why: string;
}

export interface Proposal {
  placeOfService: PlaceOfService;
  /** Up to 12 codes, the claim's A–L; each line points at up to 4 of them. */
  diagnosisCodes: string[];
  lines: ProposedLine[];
  /** What the reviewer should know (a missing dose, no diagnosis on the chart, nothing to propose). */
  notes: string[];
}

/** E/M level proposed on a dosing visit: the prescriber's assessment; the level is theirs to confirm. */
export const DOSING_EM_CODE = '99213';

type Line = Omit<ProposedLine, 'diagnosisPointers'>;
type Rule = (f: VisitFacts, notes: string[]) => Line[];

const line = (l: Partial<Line> & Pick<Line, 'ruleKey' | 'code' | 'why'>): Line => ({
  modifiers: [],
  units: 1,
  ndcQuantity: null,
  ndcUnit: null,
  renderedBy: 'prescriber',
  ...l,
});

const emByTime =
  (ruleKey: string): Rule =>
  (f, notes) => {
    const minutes = f.bookedMinutes ?? 0;
    const code = emCodeByTime(minutes, f.newPatient);
    if (!code) {
      notes.push(
        `The visit lasted ${minutes} min, under the lowest E/M time: add a line by hand if it is billed.`,
      );
      return [];
    }
    const who = f.newPatient ? 'new patient' : 'established patient';
    return [line({ ruleKey, code, why: `${minutes} min visit, ${who} (${EM_TIME_SOURCE})` })];
  };

const therapy: Rule = (f, notes) => {
  const minutes = f.psychotherapyMinutes ?? f.bookedMinutes ?? 0;
  const code = psychotherapyCode(minutes, false);
  if (!code) {
    notes.push(`${minutes} min of psychotherapy is under 16 min: no psychotherapy code applies.`);
    return [];
  }
  return [
    line({
      ruleKey: 'therapy.psychotherapy',
      code,
      renderedBy: 'therapist',
      why: `${minutes} min of psychotherapy (${PSYCHOTHERAPY_SOURCE})`,
    }),
  ];
};

const addOn = (f: VisitFacts): Line[] => {
  const minutes = f.psychotherapyMinutes;
  if (minutes === null) return [];
  const code = psychotherapyCode(minutes, true);
  return code
    ? [
        line({
          ruleKey: 'dosing.psychotherapy_addon',
          code,
          why: `${minutes} min of psychotherapy with the E/M visit (${PSYCHOTHERAPY_SOURCE})`,
        }),
      ]
    : [];
};

const ketamineDrug = (f: VisitFacts, notes: string[]): Line[] => {
  if (f.doseMg === null) notes.push('No dose is recorded for this session: the drug line has no quantity.');
  return [
    line({
      ruleKey: 'dosing.ketamine',
      code: 'J3490',
      ndcQuantity: f.doseMg,
      ndcUnit: f.doseMg === null ? null : 'ME',
      why: `Ketamine${f.doseMg === null ? '' : ` ${f.doseMg} mg`}: unlisted drug, reported with its NDC and quantity`,
    }),
  ];
};

const dosingEm = (withProcedure: boolean): Line =>
  line({
    ruleKey: 'dosing.em',
    code: DOSING_EM_CODE,
    modifiers: withProcedure ? ['25'] : [],
    why: withProcedure
      ? 'Prescriber assessment on the day of a procedure (modifier 25); confirm the level'
      : 'Prescriber assessment; confirm the level',
  });

export const VISIT_RULES: Record<string, Rule> = {
  consultation: emByTime('consultation.em'),
  follow_up: emByTime('follow_up.em'),
  preparation: therapy,
  integration: therapy,
  'dosing:im': (f, notes) => [
    dosingEm(true),
    line({ ruleKey: 'dosing.injection', code: '96372', why: 'Intramuscular injection of ketamine' }),
    ...ketamineDrug(f, notes),
    ...addOn(f),
  ],
  'dosing:iv': (f, notes) => {
    const minutes = f.infusionMinutes;
    if (minutes === null)
      notes.push('No infusion start and stop are recorded: add the infusion line by hand.');
    const infusion =
      minutes === null
        ? []
        : infusionCodes(minutes).map((c) =>
            line({
              ruleKey: 'dosing.infusion',
              code: c.code,
              units: c.units,
              why: `${minutes} min infusion (${INFUSION_SOURCE})`,
            }),
          );
    return [dosingEm(true), ...infusion, ...ketamineDrug(f, notes), ...addOn(f)];
  },
  'dosing:esketamine': (f, notes) => {
    if (f.doseMg === null || f.doseMg <= 0) {
      notes.push('No esketamine dose is recorded: G2082 or G2083 depends on it.');
      return [];
    }
    const visit = esketamineVisitCode(f.doseMg);
    const lines = [
      line({
        ruleKey: 'esketamine.visit',
        code: visit,
        why: `${f.doseMg} mg esketamine with observation: ${visit === 'G2082' ? 'up to' : 'over'} 56 mg; includes the E/M, so none is billed that date`,
      }),
    ];
    // J0013 replaced S0013 on 2026-01-01 (CMS HCPCS January 2026).
    const drug = f.serviceDate >= '2026-01-01' ? 'J0013' : 'S0013';
    if (f.clinicSuppliedDrug)
      lines.push(
        line({
          ruleKey: 'esketamine.drug',
          code: drug,
          units: Math.round(f.doseMg),
          ndcQuantity: f.doseMg,
          ndcUnit: 'ME',
          why: `${f.doseMg} mg supplied by the clinic, billed per mg`,
        }),
      );
    else notes.push('The esketamine was supplied by a pharmacy, which bills the drug: no drug line.');
    return lines;
  },
  'dosing:sublingual': (f) => [dosingEm(false), ...addOn(f)],
  'dosing:oral': (f) => [dosingEm(false), ...addOn(f)],
};

const ruleFor = (f: VisitFacts): Rule | undefined =>
  f.category === 'dosing' ? VISIT_RULES[`dosing:${f.route ?? ''}`] : VISIT_RULES[f.category];

export const placeOfService = (f: Pick<VisitFacts, 'category' | 'modality'>): PlaceOfService =>
  f.category === 'at_home' ? '10' : f.modality === 'in_person' ? '11' : '10';

/** The lines this visit's record supports, with notes for the reviewer. Pure: same facts, same proposal. */
export function proposeCharges(f: VisitFacts): Proposal {
  const notes: string[] = [];
  const diagnosisCodes = [...new Set(f.diagnosisCodes)].slice(0, 12);
  if (diagnosisCodes.length === 0)
    notes.push('The chart has no diagnosis: add one before the lines can be finalised.');
  const rule = ruleFor(f);
  let lines: Line[] = [];
  if (f.category === 'at_home')
    notes.push(
      'No code describes remote monitoring of an at-home dose: add lines by hand if the clinic bills one.',
    );
  else if (!rule) notes.push('No billing rule covers this kind of visit: add lines by hand.');
  else lines = rule(f, notes);
  const pointers = diagnosisCodes.slice(0, 4).map((_, i) => i + 1);
  return {
    placeOfService: placeOfService(f),
    diagnosisCodes,
    lines: lines.map((l) => ({ ...l, diagnosisPointers: pointers })),
    notes,
  };
}
