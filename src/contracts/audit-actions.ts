import { AT_HOME_AUDIT_LABELS } from './athome-audit';
import { BILLING_AUDIT_LABELS } from './billing-audit';
import { CLAIM_AUDIT_LABELS } from './claims-audit';
import { EXPERIENCE_AUDIT_LABELS } from './experience-audit';
import { JOURNAL_AUDIT_LABELS } from './journal-audit';
import { MESSAGE_AUDIT_LABELS } from './messages-audit';

/**
 * Every action the server writes to the audit log, with the words the audit log shows for it. The server's
 * `appendAudit` accepts only these names (its `action` is typed `AuditAction`), so an action cannot be written
 * without a label: a new one fails the type check until it is named here, and test/unit/audit-actions.test.ts
 * checks that every action string in the server's code has an entry.
 *
 * Labels say what happened in the past tense, from the actor's side ("Opened a patient's chart"). The patient,
 * the object and the details are shown beside them, so a label never repeats them.
 */
export const AUDIT_ACTION_LABELS = {
  // Sign-in and accounts
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.mfa_verify': 'Confirmed sign-in with a two-factor code',
  'auth.metrics_refused': 'Was refused the monitoring metrics (missing or wrong token)',
  'auth.sessions_expire': 'Removed records of sign-ins over for longer than their keeping time',
  'user.create': 'Created a staff account',
  'user.invite': 'Invited a staff member',
  'user.activate': 'Activated an account (set a password)',
  'user.password_change': 'Changed a password',
  'user.mfa_enable': 'Turned on two-factor sign-in',
  'user.mfa_reset': 'Reset two-factor sign-in',
  'user.disable': 'Disabled a staff account',
  'user.enable': 'Re-enabled a staff account',
  'user.role_change': 'Changed a staff member’s role',
  'user.break_glass': 'Changed who may use emergency access',
  'user.licence_add': 'Added a clinician’s licence',
  'user.licence_remove': 'Removed a clinician’s licence',
  // Enquiries
  'enquiry.create': 'Received a consultation request',
  'enquiry.list': 'Viewed the enquiry inbox',
  'enquiry.read': 'Opened an enquiry',
  'enquiry.note': 'Added a note to an enquiry',
  'enquiry.status': 'Changed an enquiry’s status',
  'enquiry.convert': 'Turned an enquiry into a patient record',
  'enquiry.booking_invite': 'Sent a self-booking link',
  // Patient records
  'patient.search': 'Searched patients',
  'patient.create': 'Created a patient record',
  'patient.read': 'Opened a patient’s chart',
  'patient.update_demographics': 'Changed a patient’s demographics',
  'patient.update_clinical': 'Changed a patient’s intake (history, medicines, plan)',
  'patient.care_team': 'Changed a patient’s care team',
  'patient.portal_invite': 'Invited a patient to the portal',
  'patient.confidential': 'Marked or cleared a record as confidential',
  'patient.confidential_read': 'Checked whether a record is confidential',
  'emergency_access.open': 'Opened emergency access to a confidential chart',
  'emergency_access.end': 'Ended emergency access',
  'screening.read': 'Viewed eligibility screening',
  'screening.decide': 'Recorded a screening decision',
  'consent.publish': 'Published a consent document version',
  'consent.read': 'Viewed consent',
  'consent.sign': 'Recorded a consent signature',
  'consent.revoke': 'Recorded a consent revocation',
  // Measures and safety
  'instrument.import': 'Imported a questionnaire',
  'measures.assign': 'Assigned questionnaires',
  'measures.cancel': 'Cancelled a questionnaire',
  'measures.read': 'Viewed questionnaire results',
  'measures.fhir_read': 'Read questionnaire results over FHIR',
  'measures.due_list': 'Viewed questionnaires due',
  'measures.staff_entry': 'Entered questionnaire answers for a patient',
  'measures.amend': 'Amended questionnaire answers',
  'measures.kiosk_issue': 'Handed a questionnaire over on a clinic tablet',
  'measures.kiosk_read': 'Opened a questionnaire on a clinic tablet',
  'measures.kiosk_save': 'Saved answers on a clinic tablet',
  'measures.kiosk_submit': 'Submitted answers on a clinic tablet',
  'measures.portal_list': 'Viewed questionnaires in the portal',
  'measures.portal_read': 'Opened a questionnaire in the portal',
  'measures.portal_draft': 'Saved questionnaire answers in the portal',
  'measures.portal_submit': 'Submitted a questionnaire in the portal',
  'safety_tasks.list': 'Viewed safety tasks',
  'safety_tasks.read': 'Viewed a patient’s safety tasks',
  'safety_task.resolve': 'Documented the follow-up of a safety task',
  // Care tasks between sessions and the patient's own progress (issue #17)
  'care_tasks.list': 'Viewed care tasks',
  'care_tasks.read': 'Viewed a patient’s care tasks',
  'care_task.assign': 'Gave a care task to a clinician',
  'care_task.resolve': 'Documented the follow-up of a care task',
  'progress.read': 'Viewed their own progress on the portal',
  'outcomes.read': 'Viewed clinic outcomes',
  'outcomes.dashboard': 'Viewed the clinic outcomes dashboard',
  'outcomes.patients': 'Viewed the patients behind a clinic outcome figure',
  'outcomes.export': 'Downloaded the clinic outcomes report',
  'worklist.read': 'Viewed the Today worklist',
  // Courses, notes and dosing sessions
  'course.create': 'Started a course of treatment',
  'course.read': 'Viewed a course of treatment',
  'course.update': 'Changed a course of treatment',
  'course.readiness': 'Checked readiness for dosing',
  'note.create': 'Started a therapy note',
  'note.read': 'Opened a therapy note',
  'note.save': 'Saved a therapy note draft',
  'note.sign': 'Signed a therapy note',
  'note.addendum': 'Added an addendum to a therapy note',
  'notes.todo': 'Viewed their notes to write and sign',
  'session.start': 'Started a dosing session',
  'session.read': 'Opened a dosing session',
  'session.board': 'Viewed the board of active sessions',
  'session.checklist': 'Recorded the pre-dose checklist',
  'session.hold_override': 'Overrode a pre-dose hold',
  'session.order': 'Signed a dose order',
  'session.administer': 'Recorded a dose given',
  'session.entry': 'Recorded a session entry (vitals, ratings or events)',
  'session.exposure': 'Viewed the expected-exposure estimate',
  'session.narrative': 'Saved the session narrative',
  'session.discharge': 'Discharged a patient from a session',
  'session.sign': 'Signed a dosing session record',
  'session.addendum': 'Added an addendum to a session record',
  'session.rems_read': 'Viewed a REMS record',
  'session.rems_submitted': 'Marked a REMS record as submitted',
  // Scheduling
  'appointment.list': 'Viewed a patient’s visits',
  'appointment.calendar': 'Viewed the calendar',
  'appointment.today': 'Viewed today’s visits',
  'appointment.read': 'Opened a visit',
  'appointment.check': 'Checked a time before booking',
  'appointment.check_move': 'Checked a new time for a visit',
  'appointment.book': 'Booked a visit',
  'appointment.propose': 'Proposed a course schedule',
  'appointment.book_schedule': 'Booked a course schedule',
  'appointment.move': 'Moved a visit',
  'appointment.cancel': 'Cancelled a visit',
  'appointment.note': 'Changed a visit’s note',
  'appointment.booked': 'Set a visit back to booked',
  'appointment.checked_in': 'Checked a patient in',
  'appointment.completed': 'Marked a visit completed',
  'appointment.no_show': 'Marked a visit as a no-show',
  'appointment.self_book': 'Booked a consultation from a booking link',
  'appointment.reminder': 'Sent a visit reminder',
  'appointment.reminder_problems': 'Viewed reminders that could not be delivered',
  'portal.profile': 'Viewed their own record in the portal',
  'portal.appointments': 'Viewed their visits in the portal',
  'portal.appointment_slots': 'Looked for free times in the portal',
  'portal.appointment_cancel': 'Cancelled a visit in the portal',
  'portal.appointment_rebook': 'Changed or rebooked a visit in the portal',
  'portal.appointment_ics': 'Downloaded a visit to their calendar',
  'portal.fhir_token': 'Connected an app to their record',
  'portal.fhir_token_revoke': 'Disconnected an app from their record',
  'visit_link.read': 'Opened a visit from an emailed link',
  'visit_link.confirm': 'Confirmed a visit from an emailed link',
  'visit_link.cancel': 'Cancelled a visit from an emailed link',
  'visit_link.ics': 'Downloaded a visit from an emailed link',
  'visit.ics': 'Downloaded a visit to a calendar',
  'visits.ics': 'Downloaded visits to a calendar',
  'ical.create': 'Created a calendar feed',
  'ical.revoke': 'Turned off a calendar feed',
  'ical.feed': 'A calendar feed was read',
  'scheduling.location_create': 'Added a site',
  'scheduling.location_update': 'Changed a site',
  'scheduling.room_create': 'Added a room or chair',
  'scheduling.room_update': 'Changed a room or chair',
  'scheduling.type_create': 'Added a kind of visit',
  'scheduling.type_update': 'Changed a kind of visit',
  'scheduling.hours_update': 'Changed working hours',
  'scheduling.time_off_add': 'Added time off',
  'scheduling.time_off_remove': 'Removed time off',
  'scheduling.settings_update': 'Changed scheduling settings',
  'scheduling.policy': 'Changed the scheduling policy',
  // Controlled substances
  'ledger.location_create': 'Added a safe',
  'ledger.product_create': 'Added a controlled-substance product',
  'ledger.receive': 'Received controlled-substance stock',
  'ledger.administer': 'Drew a dose from stock',
  'ledger.dispense': 'Dispensed take-home doses',
  'ledger.waste': 'Recorded witnessed waste',
  'ledger.transfer': 'Moved a container between safes',
  'ledger.transfer_out': 'Sent stock out of the clinic',
  'ledger.destroy': 'Recorded witnessed destruction',
  'ledger.adjust': 'Recorded a witnessed adjustment',
  'ledger.theft_loss': 'Reported a theft or loss',
  'ledger.filing': 'Recorded a DEA filing',
  'ledger.count': 'Counted a safe',
  'ledger.inventory': 'Signed an inventory',
  'ledger.confirm': 'Confirmed as a witness',
  'ledger.report': 'Opened a controlled-substance report',
  'ledger.patient_search': 'Looked up a patient for their controlled-substance log',
  'ledger.container_view': 'Viewed a container’s history',
  'ledger.events_view': 'Viewed the controlled-substance ledger',
  // Clinic settings
  'rules.publish': 'Published a new version of the safety rules',
  'settings.course_template': 'Changed a course template',
  'settings.emergency_window': 'Changed the emergency-access time limit',
  'settings.retention_clinical_years': 'Changed how long signed clinical records are kept',
  'backup.create': 'Wrote an encrypted backup',
  'backup.fail': 'A backup failed',
  'chain_receipt.issue': 'Issued a chain receipt (audit and ledger heads) to the admins',
  'idempotency.expire': 'Removed retry records (Idempotency-Key) past their keeping time',
  // Open data (FHIR) and exports
  'api_client.create': 'Created an API client',
  'api_client.revoke': 'Revoked an API client',
  'api_client.token': 'An API client asked for a token',
  'fhir.read': 'Read a record over FHIR',
  'fhir.search': 'Searched records over FHIR',
  'fhir.everything': 'Read a patient’s whole record over FHIR',
  'fhir.export': 'Started a bulk FHIR export',
  'record.export': 'Started a patient’s export of their own record',
  'export.completed': 'An export finished',
  'export.download': 'Downloaded an export file',
  ...AT_HOME_AUDIT_LABELS,
  ...MESSAGE_AUDIT_LABELS,
  ...CLAIM_AUDIT_LABELS,
  ...JOURNAL_AUDIT_LABELS,
  ...EXPERIENCE_AUDIT_LABELS,
  ...BILLING_AUDIT_LABELS,
} as const;

/**
 * An action the server may write. Refused requests are written by the access check as `http.<method> <route>`
 * (e.g. "http.get /api/patients/:patientId"), one for each route.
 */
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS | `http.${string}`;

const METHOD_WORDS: Record<string, string> = {
  get: 'open',
  post: 'create or send',
  put: 'change',
  patch: 'change',
  delete: 'remove',
};

/** The words for an action, including refused requests and names from older releases. */
export function auditActionLabel(action: string): string {
  const known = (AUDIT_ACTION_LABELS as Record<string, string>)[action];
  if (known) return known;
  const http = /^http\.([a-z]+) (.*)$/.exec(action);
  if (http) return `Refused: ${METHOD_WORDS[http[1] as string] ?? http[1]} ${http[2] || 'a page'}`;
  // An action no longer written (renamed in a later release): still readable.
  const [area, verb] = action.split('.');
  const words = `${(area ?? '').replace(/_/g, ' ')}${verb ? `: ${verb.replace(/_/g, ' ')}` : ''}`;
  return words ? words[0]?.toUpperCase() + words.slice(1) : action;
}

/** The actions grouped for the audit log's filter: [group, [[action, label]]]. */
export const AUDIT_ACTION_GROUPS: [string, string[]][] = [
  ['Sign-in and accounts', ['auth.', 'user.']],
  ['Enquiries', ['enquiry.']],
  ['Patient records', ['patient.', 'emergency_access.', 'screening.', 'consent.']],
  [
    'Measures and safety',
    [
      'instrument.',
      'measures.',
      'safety_task',
      'care_task',
      'progress.',
      'outcomes.',
      'worklist.',
      'experience.',
    ],
  ],
  ['Courses, notes and sessions', ['course.', 'note.', 'notes.', 'session.']],
  ['Scheduling and portal', ['appointment.', 'portal.', 'visit', 'ical.', 'scheduling.']],
  ['At-home sessions', ['athome.']],
  ['Messages', ['message.']],
  ['Integration journal', ['journal.']],
  ['Controlled substances', ['ledger.']],
  ['Billing', ['billing.']],
  ['Settings and data protection', ['rules.', 'settings.', 'backup.', 'chain_receipt.', 'idempotency.']],
  ['Open data and exports', ['api_client.', 'fhir.', 'record.', 'export.']],
];
