import { dateTimeFormat } from '../../../domain/intl-format';
import { formatLocal } from '../../../domain/scheduling/time';
import { humanise } from '../../../domain/screening/labels';
import { PERMISSIONS, ROLE_LABELS } from '../../platform/permissions';

/**
 * An audit entry's details as labelled fields ("Quantity: 25 mg", "How: an emailed link"), not JSON. The entry
 * keeps its detail exactly as written (it is hash-chained); this only words it for the audit log's reader.
 *
 * Values that are references to other records (ids) are resolved to a name where the log can name them (a
 * staff member, a patient) and otherwise kept apart as references, for an investigator who needs to follow one
 * up; they are not shown among the fields.
 */
export interface AuditField {
  label: string;
  value: string;
}

export interface Names {
  users: Map<string, string>;
  /** Patient id → "Robin Example (chart LIM-DEMO01)" (or "Confidential patient (chart …)"). */
  patients: Map<string, string>;
  /** The clinic's zone, for instants. */
  zone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Labels for the detail keys the server writes; any other key is worded from its name. */
const KEY_LABELS: Record<string, string> = {
  via: 'How',
  error: 'Outcome',
  reason: 'Reason',
  needed: 'Permission needed',
  mfa: 'Two-factor sign-in',
  method: 'Method',
  results: 'Results',
  count: 'Visits',
  masked: 'Confidential visits masked',
  urgent: 'Urgent',
  quantityUg: 'Quantity',
  deltaUg: 'Change',
  wastedRestUg: 'Rest wasted',
  expiredOverride: 'Expired lot approved',
  deaRegistration: 'DEA registration',
  ndc: 'NDC',
  lines: 'Containers counted',
  fromVersion: 'From version',
  toVersion: 'To version',
  scoringVersion: 'Scoring version',
  expiresAt: 'Open until',
  sessionsEnded: 'Sessions ended',
  windows: 'Working-hour windows',
  revoked: 'Feeds turned off',
  queued: 'Queued for sending',
  include: 'Showing',
  sections: 'Lists',
  params: 'Searched by',
  counts: 'Resources',
  requester: 'Requested by',
  disclosure: 'Disclosure of records',
  emergency: 'Inside an emergency-access window',
  licenceType: 'Licence type',
  type: 'Type',
  kind: 'Kind',
  format: 'Shown as',
  userId: 'Staff member',
  handedOverBy: 'Handed over by',
  fromEnquiry: 'From an enquiry',
  instrumentId: 'Questionnaire',
  changes: 'Changes',
};

/** Where one action's key means something more precise than the general label. */
const ACTION_KEY_LABELS: Record<string, Record<string, string>> = {
  'ledger.receive': { quantityUg: 'Quantity per container' },
  'ledger.transfer': { to: 'To safe' },
  'portal.appointment_rebook': { from: 'Replaces visit' },
};

/** Words for coded values the server writes. */
const VALUE_WORDS: Record<string, string> = {
  demo_seed: 'demo clinic set-up',
  synthetic_seed: 'synthetic data set-up',
  cli: 'the command line',
  app: 'the app',
  emailed_link: 'an emailed link',
  kiosk: 'a clinic tablet',
  invite: 'an invitation',
  reset: 'a password-reset link',
  not_found_or_forbidden: 'not found, or not allowed',
  not_found: 'not found',
  forbidden: 'not allowed',
  kiosk_token_invalid: 'the tablet link was not valid',
  internal: 'a server error',
  validation_failed: 'the input was not valid',
  conflict: 'it clashed with a change made at the same time',
  unknown_account: 'no such account',
  wrong_password: 'wrong password',
  account_disabled: 'the account is disabled',
  account_invited: 'the account has not been activated yet',
  invalid_client: 'unknown API client',
  pending: 'a code was asked for next',
  not_enrolled: 'not set up yet',
  totp: 'authenticator code',
  recovery: 'recovery code',
  in_clinic: 'in clinic, with a witness',
  portal: 'in the portal',
  cleared: 'cleared',
  not_cleared: 'not cleared',
  json: 'on screen',
  csv: 'CSV',
  pdf: 'PDF',
  running_log: 'running log',
  patient_log: 'patient log',
  discrepancies: 'discrepancies',
  inventory: 'inventory',
};

function words(value: string): string {
  return VALUE_WORDS[value] ?? (/^[a-z]+(_[a-z]+)+$/.test(value) ? value.replace(/_/g, ' ') : value);
}

type Pending = { label: string; value: unknown; key: string };

function keyLabel(key: string): string {
  return KEY_LABELS[key] ?? humanise(key);
}

/** A reference to another record: a name where known, else null (the caller keeps it as a reference). */
function named(id: string, names: Names): string | null {
  return names.users.get(id) ?? names.patients.get(id) ?? null;
}

function scalar(key: string, value: unknown, names: Names): string | null {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    if (/Ug$/.test(key))
      return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(value / 1000)} mg`;
    return new Intl.NumberFormat('en-US').format(value);
  }
  if (typeof value !== 'string') return null;
  if (UUID.test(value)) return named(value, names);
  const who = /^(user|client):([0-9a-f-]{36})$/i.exec(value);
  if (who) {
    const name = names.users.get(who[2] as string);
    return name ?? (who[1] === 'client' ? 'an API client' : null);
  }
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatLocal(value, names.zone);
  if (DATE.test(value)) {
    const d = new Date(`${value}T12:00:00Z`);
    return dateTimeFormat('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(d);
  }
  if (key === 'role') return ROLE_LABELS[value as keyof typeof ROLE_LABELS] ?? words(value);
  if (key === 'needed') return PERMISSIONS[value as keyof typeof PERMISSIONS] ?? words(value);
  const worded = words(value);
  // A coded value worded ("not cleared") starts a field like a sentence; text someone typed stays as typed.
  return value in VALUE_WORDS || worded !== value ? worded.charAt(0).toUpperCase() + worded.slice(1) : value;
}

/** One value, flattened for reading: lists joined, small objects as "Key: value" pairs. */
function valueText(key: string, value: unknown, names: Names): string | null {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const parts = value.map((v) => scalar(key, v, names));
      return parts.some((p) => p === null)
        ? `${value.length} record${value.length === 1 ? '' : 's'}`
        : parts.join(', ') || '—';
    }
    // Lists of changes carry their own summary sentence (rules.publish).
    const summaries = value.map((v) =>
      v && typeof v === 'object' && 'summary' in v ? String(v.summary) : null,
    );
    if (summaries.every(Boolean)) return summaries.join('; ');
    return value.map((v) => valueText(key, v, names) ?? '').join('; ');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${keyLabel(k)}: ${valueText(k, v, names) ?? 'a record'}`)
      .join(', ');
  }
  return scalar(key, value, names);
}

export function presentDetail(
  detail: Record<string, unknown> | null,
  names: Names,
  action = '',
): { fields: AuditField[]; references: AuditField[] } {
  const fields: AuditField[] = [];
  const references: AuditField[] = [];
  if (!detail) return { fields, references };
  const pending: Pending[] = Object.entries(detail)
    // The emergency flag is shown as its own badge; its grant is a reference.
    .filter(([key]) => key !== 'emergency')
    .map(([key, value]) => ({ key, value, label: ACTION_KEY_LABELS[action]?.[key] ?? keyLabel(key) }));
  for (const p of pending) {
    const text = valueText(p.key, p.value, names);
    if (text === null) references.push({ label: p.label, value: String(p.value) });
    else fields.push({ label: p.label, value: text });
  }
  return { fields, references };
}

/** What kind of record an entry is about. */
const OBJECT_WORDS: Record<string, string> = {
  patient: 'Patient record',
  Patient: 'Patient record (FHIR)',
  user: 'Staff account',
  appointment: 'Visit',
  appointment_type: 'Kind of visit',
  location: 'Site',
  room: 'Room or chair',
  settings: 'Scheduling settings',
  setting: 'Clinic setting',
  dosing_session: 'Dosing session',
  therapy_note: 'Therapy note',
  course: 'Course of treatment',
  course_template: 'Course template',
  enquiry: 'Enquiry',
  ledger_event: 'Controlled-substance entry',
  ledger_lot: 'Lot',
  ledger_location: 'Safe',
  ledger_product: 'Product',
  ledger_inventory: 'Inventory',
  ledger_report: 'Report',
  ledger_container: 'Container',
  ledger_events: 'Controlled-substance ledger',
  measure_assignment: 'Questionnaire',
  measure_response: 'Questionnaire answers',
  measure_instrument: 'Questionnaire definition',
  measure_safety_task: 'Safety task',
  consent_document: 'Consent document',
  consent_signature: 'Consent signature',
  clinic_rule_set: 'Safety rules',
  export_job: 'Export',
  export_file: 'Export file',
  emergency_access: 'Emergency-access window',
  ical_feed: 'Calendar feed',
  api_client: 'API client',
  access_token: 'Access token',
};

/** "Dosing session", "Safety rules, version 4", "Report: running log"; ids are never part of it. */
export function objectWords(type: string | null, id: string | null): string | null {
  if (!type) return null;
  const kind = OBJECT_WORDS[type] ?? (/^[A-Z]/.test(type) ? `${type} (FHIR)` : humanise(type));
  if (!id || UUID.test(id)) return kind;
  if (/^\d+$/.test(id)) return `${kind}, version ${id}`;
  if (/^[a-z_]+$/.test(id)) return `${kind}: ${words(id)}`;
  return kind;
}

/** Ids in a detail that may name a staff member or a patient (to resolve in one query each). */
export function idsIn(detail: Record<string, unknown> | null): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (UUID.test(v)) out.push(v);
      const who = /^(?:user|client):([0-9a-f-]{36})$/i.exec(v);
      if (who) out.push(who[1] as string);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(detail);
  return out;
}
