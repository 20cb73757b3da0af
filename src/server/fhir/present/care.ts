import type {
  CarePlan,
  CarePlanActivity,
  Encounter,
  EncounterParticipant,
  Medication,
  MedicationAdministration,
  Reference,
} from '@medplum/fhirtypes';
import type {
  AppointmentsTable,
  CoursesTable,
  DosingSessionsTable,
  TherapyNotesTable,
} from '../../db/schema';
import {
  ACT_CODE,
  coding,
  compact,
  drugConcept,
  meta,
  NDC,
  ORGANIZATION_ID,
  parseJson,
  ref,
  routeConcept,
  SYS,
  UCUM,
  US_CORE,
} from './common';
import type { EntryRow } from './vitals';

/**
 * Care: encounters (consultation, preparation, dosing, integration), the doses given in a dosing session
 * (MedicationAdministration + the Medication with its lot) and the treatment course (CarePlan).
 */
const ENCOUNTER_TYPES = {
  consultation: 'Consultation',
  preparation: 'Preparation session',
  dosing: 'Dosing session',
  integration: 'Integration session',
} as const;
export type EncounterKind = keyof typeof ENCOUNTER_TYPES;

export const CLASS = {
  AMB: coding(ACT_CODE, 'AMB', 'ambulatory'),
  HH: coding(ACT_CODE, 'HH', 'home health'),
  VR: coding(ACT_CODE, 'VR', 'virtual'),
};
export const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const participant = (
  userId: string,
  code: 'ATND' | 'PART' | 'PPRF',
  display: string,
): EncounterParticipant => ({
  type: [{ coding: [coding(PARTICIPATION, code, display)] }],
  individual: ref('Practitioner', userId),
});
export const encounterType = (kind: EncounterKind, text?: string) => [
  { coding: [coding(SYS.encounterType, kind, ENCOUNTER_TYPES[kind])], text: text ?? ENCOUNTER_TYPES[kind] },
];

const CLOSED_SESSION = ['discharged', 'signed'];

export function presentDosingEncounter(s: DosingSessionsTable): Encounter {
  const participants = [participant(s.started_by, 'PART', 'Participation')];
  if (s.signed_by) participants.push(participant(s.signed_by, 'ATND', 'attender'));
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: s.id,
    meta: meta(s.updated_at, [US_CORE('us-core-encounter')]),
    identifier: [{ system: 'urn:liminal:identifier:dosing-session', value: s.id }],
    status: CLOSED_SESSION.includes(s.status) ? 'finished' : 'in-progress',
    class: s.setting === 'at_home' ? CLASS.HH : CLASS.AMB,
    type: encounterType('dosing', `Dosing session ${s.number} (${routeConcept(s.route).text})`),
    subject: ref('Patient', s.patient_id),
    participant: participants,
    period: compact({ start: s.started_at, end: s.discharged_at ?? undefined }),
    serviceProvider: ref('Organization', ORGANIZATION_ID),
  });
}

export function presentNoteEncounter(n: TherapyNotesTable): Encounter {
  const kind = n.kind === 'integration' ? 'integration' : 'preparation';
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: n.id,
    meta: meta(n.updated_at, [US_CORE('us-core-encounter')]),
    identifier: [{ system: 'urn:liminal:identifier:therapy-note', value: n.id }],
    status: n.status === 'signed' ? 'finished' : 'in-progress',
    class: CLASS.AMB,
    type: encounterType(kind),
    subject: ref('Patient', n.patient_id),
    participant: [participant(n.author_id, 'PPRF', 'primary performer')],
    period: { start: n.session_date },
    serviceProvider: ref('Organization', ORGANIZATION_ID),
  });
}

const APPOINTMENT_STATUS: Record<string, Encounter['status']> = {
  booked: 'planned',
  checked_in: 'arrived',
  completed: 'finished',
  cancelled: 'cancelled',
  no_show: 'cancelled',
};

export type ConsultationRow = Pick<
  AppointmentsTable,
  'id' | 'patient_id' | 'starts_at' | 'ends_at' | 'location_id' | 'modality' | 'status' | 'updated_at'
> & { staff: string[] };

export function presentConsultationEncounter(a: ConsultationRow): Encounter {
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: a.id,
    meta: meta(a.updated_at, [US_CORE('us-core-encounter')]),
    identifier: [{ system: 'urn:liminal:identifier:appointment', value: a.id }],
    status: APPOINTMENT_STATUS[a.status] ?? 'unknown',
    class: a.modality === 'in_person' ? CLASS.AMB : CLASS.VR,
    type: encounterType('consultation'),
    subject: ref('Patient', a.patient_id as string),
    participant: a.staff.map((u) => participant(u, 'PART', 'Participation')),
    period: { start: a.starts_at, end: a.ends_at },
    location: a.location_id ? [{ location: ref('Location', a.location_id) }] : undefined,
    serviceProvider: ref('Organization', ORGANIZATION_ID),
  });
}

/** What a stored administration entry holds (see the sessions feature). */
export interface AdministrationData {
  mg: number;
  site: string | null;
  lot: string | null;
  product: string | null;
  phase: string;
  deviceNumber: number | null;
  containerId: string | null;
}
export const administrationOf = (e: Pick<EntryRow, 'data'>): AdministrationData =>
  parseJson<AdministrationData>(e.data, {
    mg: 0,
    site: null,
    lot: null,
    product: null,
    phase: 'bolus',
    deviceNumber: null,
    containerId: null,
  });

/** The lot a dose came from, when the nurse picked the container from the controlled-substance ledger. */
export interface LotInfo {
  lotNumber: string;
  expiresOn: string;
  productName: string;
  ndc: string;
}

export const medicationId = (entryId: string) => `med.${entryId}`;
export const parseMedicationId = (id: string): string | null =>
  /^med\.([0-9a-f-]{36})$/.exec(id)?.[1] ?? null;

/** The product given in one administration, with its lot (from the ledger, or as typed). */
export function presentMedication(e: EntryRow, route: string, lot: LotInfo | null): Medication {
  const d = administrationOf(e);
  const code = drugConcept(route, lot?.productName ?? d.product);
  if (lot?.ndc) code.coding = [...(code.coding ?? []), coding(NDC, lot.ndc)];
  const lotNumber = lot?.lotNumber ?? d.lot;
  return compact<Medication>({
    resourceType: 'Medication',
    id: medicationId(e.id),
    meta: meta(e.recorded_at),
    code,
    status: 'active',
    batch: lotNumber ? compact({ lotNumber, expirationDate: lot?.expiresOn }) : undefined,
  });
}

const PHASES: Record<string, string> = {
  bolus: 'Bolus',
  infusion_start: 'Infusion',
  infusion_stop: 'Infusion stopped',
  device: 'Nasal spray device',
};

/** One dose: route, quantity (mg), site; an IV infusion is one administration from its start to its stop. */
export function presentAdministration(
  e: EntryRow,
  route: string,
  stop: EntryRow | null,
): MedicationAdministration {
  const d = administrationOf(e);
  const infusion = d.phase === 'infusion_start';
  return compact<MedicationAdministration>({
    resourceType: 'MedicationAdministration',
    id: e.id,
    meta: meta(e.recorded_at),
    status: infusion && !stop ? 'in-progress' : 'completed',
    category: {
      coding: [
        coding('http://terminology.hl7.org/CodeSystem/medication-admin-category', 'outpatient', 'Outpatient'),
      ],
    },
    medicationReference: ref('Medication', medicationId(e.id)),
    subject: ref('Patient', e.patient_id),
    context: ref('Encounter', e.session_id),
    ...(infusion
      ? { effectivePeriod: compact({ start: e.at, end: stop?.at }) }
      : { effectiveDateTime: e.at }),
    performer: [{ actor: ref('Practitioner', e.recorded_by) }],
    note: d.deviceNumber ? [{ text: `Device ${d.deviceNumber}` }] : undefined,
    dosage: compact({
      text: [PHASES[d.phase] ?? d.phase, `${d.mg} mg`, d.site].filter(Boolean).join(', '),
      site: d.site ? { text: d.site } : undefined,
      route: routeConcept(route),
      dose: { value: d.mg, unit: 'mg', system: UCUM, code: 'mg' },
    }),
  });
}

const COURSE_STATUS: Record<string, CarePlan['status']> = {
  planned: 'draft',
  active: 'active',
  completed: 'completed',
  stopped: 'revoked',
};

export interface CourseProgress {
  templateName: string;
  preparation: string[]; // encounter ids
  dosing: string[];
  integration: string[];
  conditionIds: string[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function activity(label: string, planned: number, done: string[], courseStatus: string): CarePlanActivity {
  const status: NonNullable<CarePlanActivity['detail']>['status'] =
    courseStatus === 'stopped'
      ? 'stopped'
      : done.length === 0
        ? 'not-started'
        : done.length >= planned
          ? 'completed'
          : 'in-progress';
  return compact<CarePlanActivity>({
    outcomeReference: done.map((id): Reference => ref('Encounter', id)),
    detail: {
      code: { coding: [coding(SYS.carePlanActivity, label.toLowerCase(), label)], text: label },
      status,
      description: `${done.length} of ${planned} planned`,
    },
  });
}

/** A treatment course: the planned preparation, dosing and integration sessions and how far it has come. */
export function presentCarePlan(c: CoursesTable, p: CourseProgress): CarePlan {
  const indications = parseJson<string[]>(c.indications, []);
  const summary = `${p.templateName}: ${c.planned_dosing} ${routeConcept(c.route).text?.toLowerCase()} dosing sessions (${c.setting === 'at_home' ? 'at home' : 'in clinic'}) for ${indications.join(', ') || 'the listed indications'}.`;
  return compact<CarePlan>({
    resourceType: 'CarePlan',
    id: c.id,
    meta: meta(c.updated_at, [US_CORE('us-core-careplan')]),
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeHtml(summary)}</div>`,
    },
    identifier: [{ system: SYS.courseTemplate, value: c.template_key }],
    status: COURSE_STATUS[c.status] ?? 'unknown',
    intent: 'plan',
    category: [
      {
        coding: [
          coding(
            'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
            'assess-plan',
            'Assessment and Plan of Treatment',
          ),
        ],
      },
    ],
    title: p.templateName,
    description: summary,
    subject: ref('Patient', c.patient_id),
    period: compact({
      start: c.created_at,
      end: c.status === 'completed' || c.status === 'stopped' ? c.updated_at : undefined,
    }),
    created: c.created_at,
    author: ref('Practitioner', c.created_by),
    addresses: p.conditionIds.map((id) => ref('Condition', id)),
    activity: [
      activity('Preparation', c.planned_preparation, p.preparation, c.status),
      activity('Dosing', c.planned_dosing, p.dosing, c.status),
      activity('Integration', c.planned_integration, p.integration, c.status),
    ],
  });
}
