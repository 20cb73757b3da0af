import type { Resource } from '@medplum/fhirtypes';
import {
  code,
  date,
  type LoadedList,
  type Loader,
  patientParam,
  plain,
  type R,
  reference,
  subject,
  type TypeDef,
  text,
  token,
} from './search/vocabulary';
import {
  loadAtHomeAdministrations,
  loadAtHomeEncounters,
  loadAtHomeMedications,
  loadAtHomeProvenance,
  loadAtHomeQuestionnaires,
  loadAtHomeResponses,
  loadHomeReadingObservations,
} from './sources/athome';
import { loadChargeItems, loadClaims } from './sources/billing';
import {
  loadAdministrations,
  loadCarePlans,
  loadEncounters,
  loadMedications,
  loadVitalObservations,
} from './sources/care';
import {
  loadLocations,
  loadOrganizations,
  loadPractitionerRoles,
  loadPractitioners,
} from './sources/directory';
import { observationFacts } from './sources/facts';
import { loadJournalEntries } from './sources/journal';
import { loadQuestionnaireResponses, loadQuestionnaires, loadScoreObservations } from './sources/measures';
import { loadCommunications } from './sources/messages';
import {
  loadAllergies,
  loadConditions,
  loadConsents,
  loadMedicationStatements,
  loadPatients,
  loadProvenance,
  patientWithTeamRead,
} from './sources/patient';

/** Several sources of one resource type, read one after the other (the clinic's, then the at-home sessions'). */
const both =
  (...loaders: Loader[]): Loader =>
  async (db, f) => {
    const out: LoadedList = [];
    let omitted = 0;
    for (const load of loaders) {
      const list = await load(db, f);
      out.push(...list);
      omitted += list.omitted ?? 0;
    }
    if (omitted) out.omitted = omitted;
    return out;
  };

/**
 * Every resource type the API serves: who may read it (the route's permission), whether it belongs to a
 * patient's record, where it comes from, and its search parameters. The routes, the search engine, the
 * CapabilityStatement and the bulk export are all driven by this one table.
 */
const names = (r: R) =>
  (r.name ?? []).flatMap((n: R) => [n.text, n.family, ...(n.given ?? []), ...(n.prefix ?? [])]);

export const TYPES: TypeDef[] = [
  {
    type: 'Patient',
    access: 'patients.read',
    compartment: true,
    load: loadPatients,
    readById: patientWithTeamRead,
    params: {
      identifier: token('Chart number (system|value)', (r) =>
        (r.identifier ?? []).map((i: R) => ({ system: i.system, code: i.value })),
      ),
      name: text('Any part of a name', names),
      family: text('Family name', (r) => (r.name ?? []).map((n: R) => n.family)),
      given: text('Given name', (r) => (r.name ?? []).flatMap((n: R) => n.given ?? [])),
      birthdate: date('Date of birth', (r) => [r.birthDate]),
      gender: plain('Administrative gender', (r) => r.gender),
      'general-practitioner': reference('Care team member', ['Practitioner'], (r) => r.generalPractitioner),
      organization: reference('Managing organization', ['Organization'], (r) => r.managingOrganization),
    },
  },
  {
    type: 'Practitioner',
    access: 'patients.read',
    compartment: false,
    load: loadPractitioners,
    params: {
      identifier: token('Staff e-mail (system|value)', (r) =>
        (r.identifier ?? []).map((i: R) => ({ system: i.system, code: i.value })),
      ),
      name: text('Any part of the name', names),
      active: plain('Whether the account is active', (r) => String(r.active)),
    },
  },
  {
    type: 'PractitionerRole',
    access: 'patients.read',
    compartment: false,
    load: loadPractitionerRoles,
    params: {
      practitioner: reference('The staff member', ['Practitioner'], (r) => r.practitioner),
      organization: reference('The clinic', ['Organization'], (r) => r.organization),
      location: reference('Sites', ['Location'], (r) => r.location),
      role: code('Role at the clinic', (r) => r.code),
      active: plain('Whether the role is active', (r) => String(r.active)),
    },
  },
  {
    type: 'Organization',
    access: 'authenticated',
    compartment: false,
    load: loadOrganizations,
    params: { name: text('Name', (r) => [r.name]) },
  },
  {
    type: 'Location',
    access: 'authenticated',
    compartment: false,
    load: loadLocations,
    params: {
      name: text('Name', (r) => [r.name]),
      'address-state': text('State', (r) => [r.address?.state]),
      status: plain('Status', (r) => r.status),
    },
  },
  {
    type: 'Condition',
    access: 'clinical.read',
    compartment: true,
    load: loadConditions,
    sortDate: (r) => r.recordedDate,
    params: {
      patient: patientParam,
      subject,
      code: code('ICD-10-CM code', (r) => r.code),
      category: code('Category', (r) => r.category),
      'clinical-status': code('Clinical status', (r) => r.clinicalStatus),
      'recorded-date': date('When recorded', (r) => [r.recordedDate]),
      date: date('When recorded (alias of recorded-date)', (r) => [r.recordedDate]),
    },
  },
  {
    type: 'AllergyIntolerance',
    access: 'clinical.read',
    compartment: true,
    load: loadAllergies,
    sortDate: (r) => r.recordedDate,
    params: {
      patient: patientParam,
      code: code('Substance', (r) => r.code),
      'clinical-status': code('Clinical status', (r) => r.clinicalStatus),
      date: date('When recorded', (r) => [r.recordedDate]),
    },
  },
  {
    type: 'MedicationStatement',
    access: 'clinical.read',
    compartment: true,
    load: loadMedicationStatements,
    sortDate: (r) => r.dateAsserted,
    params: {
      patient: patientParam,
      subject,
      code: code('Medication', (r) => r.medicationCodeableConcept),
      status: plain('Status', (r) => r.status),
      date: date('When the statement was recorded (dateAsserted)', (r) => [r.dateAsserted]),
    },
  },
  {
    type: 'Consent',
    access: 'clinical.read',
    compartment: true,
    load: loadConsents,
    sortDate: (r) => r.dateTime,
    params: {
      patient: patientParam,
      status: plain('active or inactive (revoked)', (r) => r.status),
      category: code('Category', (r) => r.category),
      date: date('When signed', (r) => [r.dateTime]),
    },
  },
  {
    type: 'Questionnaire',
    access: 'authenticated',
    compartment: false,
    load: both(loadQuestionnaires, loadAtHomeQuestionnaires),
    params: {
      url: { kind: 'uri', doc: 'Canonical URL', get: (r) => [r.url] },
      name: text('Computable name', (r) => [r.name]),
      title: text('Title', (r) => [r.title]),
      status: plain('Status', (r) => r.status),
      code: code('Instrument code (LOINC panel)', (r) => r.code?.map((c: R) => ({ coding: [c] }))),
      version: plain('Version', (r) => r.version),
    },
  },
  {
    type: 'QuestionnaireResponse',
    access: 'clinical.read',
    compartment: true,
    load: both(loadQuestionnaireResponses, loadAtHomeResponses),
    sortDate: (r) => r.authored,
    params: {
      patient: patientParam,
      subject,
      status: plain('completed, amended or in-progress', (r) => r.status),
      authored: date('When answered', (r) => [r.authored]),
      date: date('When answered (alias of authored)', (r) => [r.authored]),
      questionnaire: {
        kind: 'uri',
        doc: 'Questionnaire canonical (with or without |version)',
        get: (r) => [r.questionnaire, String(r.questionnaire ?? '').split('|')[0]],
      },
    },
  },
  {
    type: 'Observation',
    access: 'clinical.read',
    compartment: true,
    sortDate: (r) => r.effectiveDateTime,
    load: both(loadVitalObservations, loadHomeReadingObservations, loadScoreObservations),
    readWithFacts: observationFacts,
    params: {
      patient: patientParam,
      subject,
      code: code('LOINC code (vital sign or score)', (r) => r.code),
      category: code('vital-signs or survey', (r) => r.category),
      date: date('When measured', (r) => [r.effectiveDateTime]),
      status: plain('Status', (r) => r.status),
      encounter: reference('The dosing session', ['Encounter'], (r) => r.encounter),
      performer: reference(
        'Who recorded it (staff, or the patient at home)',
        ['Practitioner', 'Patient'],
        (r) => r.performer,
      ),
      'derived-from': reference(
        'The questionnaire response a score comes from',
        ['QuestionnaireResponse'],
        (r) => r.derivedFrom,
      ),
    },
  },
  {
    type: 'Encounter',
    access: 'clinical.read',
    compartment: true,
    load: both(loadEncounters, loadAtHomeEncounters),
    sortDate: (r) => r.period?.start,
    params: {
      patient: patientParam,
      subject,
      date: date('When it took place', (r) => [r.period]),
      status: plain('Status', (r) => r.status),
      type: code('consultation, preparation, dosing or integration', (r) => r.type),
      class: token('AMB, HH or VR', (r) => (r.class ? [{ system: r.class.system, code: r.class.code }] : [])),
      participant: reference('Staff who took part', ['Practitioner'], (r) =>
        (r.participant ?? []).map((p: R) => p.individual),
      ),
      location: reference('Site', ['Location'], (r) => (r.location ?? []).map((l: R) => l.location)),
    },
  },
  {
    type: 'MedicationAdministration',
    access: 'clinical.read',
    compartment: true,
    load: both(loadAdministrations, loadAtHomeAdministrations),
    sortDate: (r) => r.effectiveDateTime ?? r.effectivePeriod?.start,
    params: {
      patient: patientParam,
      subject,
      status: plain('Status', (r) => r.status),
      'effective-time': date('When given', (r) => [r.effectiveDateTime ?? r.effectivePeriod]),
      date: date('When given (alias of effective-time)', (r) => [r.effectiveDateTime ?? r.effectivePeriod]),
      medication: reference('The product and lot', ['Medication'], (r) => r.medicationReference),
      context: reference('The dosing session', ['Encounter'], (r) => r.context),
      performer: reference('Who gave it (staff, or the patient at home)', ['Practitioner', 'Patient'], (r) =>
        (r.performer ?? []).map((p: R) => p.actor),
      ),
    },
  },
  {
    type: 'Medication',
    access: 'clinical.read',
    compartment: true,
    load: both(loadMedications, loadAtHomeMedications),
    params: {
      patient: patientParam,
      code: code('Drug (RxNorm, NDC)', (r) => r.code),
      'lot-number': plain('Lot number', (r) => r.batch?.lotNumber),
      status: plain('Status', (r) => r.status),
    },
  },
  {
    type: 'CarePlan',
    access: 'clinical.read',
    compartment: true,
    load: loadCarePlans,
    sortDate: (r) => r.period?.start,
    params: {
      patient: patientParam,
      subject,
      status: plain('Status', (r) => r.status),
      category: code('Category', (r) => r.category),
      date: date('The course period', (r) => [r.period]),
      condition: reference('Conditions treated', ['Condition'], (r) => r.addresses),
    },
  },
  {
    // The integration journal (issue #17): shared entries for staff; every entry in the patient's own record.
    type: 'DocumentReference',
    access: 'clinical.read',
    compartment: true,
    load: loadJournalEntries,
    sortDate: (r) => r.date,
    params: {
      patient: patientParam,
      subject,
      date: date('When last saved', (r) => [r.date]),
      category: code('Kind of entry (intention, reflection, free)', (r) => r.category),
      type: code('Document type (LOINC 51855-5 Patient Note)', (r) => r.type),
      status: plain('Status', (r) => r.status),
    },
  },
  {
    type: 'Provenance',
    access: 'clinical.read',
    compartment: true,
    load: both(loadProvenance, loadAtHomeProvenance),
    sortDate: (r) => r.recorded,
    params: {
      patient: patientParam,
      target: reference('What was signed', ['Consent', 'Encounter'], (r) => r.target),
      recorded: date('When signed', (r) => [r.recorded]),
      date: date('When signed (alias of recorded)', (r) => [r.recorded]),
      agent: reference('Who signed', ['Practitioner', 'Patient'], (r) =>
        (r.agent ?? []).map((a: R) => a.who),
      ),
    },
  },
  {
    // Messages between a patient and their care team (issue #17); the patient's own export includes them.
    type: 'Communication',
    access: 'clinical.read',
    compartment: true,
    load: loadCommunications,
    sortDate: (r) => r.sent,
    params: {
      patient: patientParam,
      subject,
      sent: date('When sent', (r) => [r.sent]),
      date: date('When sent (alias of sent)', (r) => [r.sent]),
      category: code('To or from the care team', (r) => r.category),
      priority: plain('routine, or urgent (crisis language)', (r) => r.priority),
      sender: reference('Who wrote', ['Patient', 'Practitioner'], (r) => r.sender),
      recipient: reference('Who it was for', ['Patient', 'Organization'], (r) => r.recipient),
      identifier: token('Thread and message number (system|thread#n)', (r) =>
        (r.identifier ?? []).map((i: R) => ({ system: i.system, code: i.value })),
      ),
    },
  },
  {
    // Billing (issue #22): charge lines, readable with a billing scope (system/ChargeItem.read) by billing staff.
    type: 'ChargeItem',
    access: 'billing.read',
    compartment: true,
    load: loadChargeItems,
    sortDate: (r) => r.occurrenceDateTime,
    params: {
      patient: patientParam,
      subject,
      code: code('CPT or HCPCS code', (r) => r.code),
      status: plain('planned, billable, billed or entered-in-error', (r) => r.status),
      'occurrence-date': date('Date of service', (r) => [r.occurrenceDateTime]),
      date: date('Date of service (alias of occurrence-date)', (r) => [r.occurrenceDateTime]),
      performer: reference('Rendering clinician', ['Practitioner'], (r) =>
        (r.performer ?? []).map((p: R) => p.actor),
      ),
    },
  },
  {
    // Each visit sent in an 837P claim file (issue #22), as a professional Claim.
    type: 'Claim',
    access: 'billing.read',
    compartment: true,
    load: loadClaims,
    sortDate: (r) => r.created,
    params: {
      patient: patientParam,
      created: date('When the claim file was made', (r) => [r.created]),
      date: date('When the claim file was made (alias of created)', (r) => [r.created]),
      identifier: token('Claim file control number / patient control number', (r) =>
        (r.identifier ?? []).map((i: R) => ({ system: i.system, code: i.value })),
      ),
      status: plain('Status', (r) => r.status),
    },
  },
];

export const TYPE_NAMES = TYPES.map((t) => t.type);
const BY_NAME = new Map(TYPES.map((t) => [t.type, t]));
export const typeDef = (name: string): TypeDef | undefined => BY_NAME.get(name);
export const COMPARTMENT_TYPES = TYPES.filter((t) => t.compartment).map((t) => t.type);

export { COMMON_PARAMS, type ParamDef, type TypeDef } from './search/vocabulary';
export type { Resource };
