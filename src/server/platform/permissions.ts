/**
 * The one permission catalogue: every role's permissions, in one place. Routes declare the permission they
 * need (or `public` / `authenticated`); services check the same names plus object-level scope.
 */
export const ROLES = [
  'admin',
  'prescriber',
  'nurse',
  'therapist',
  'front_desk',
  'biller',
  'patient',
] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk', 'biller'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  front_desk: 'Front desk',
  biller: 'Biller',
  patient: 'Patient',
};

export const PERMISSIONS = {
  'users.read': 'See staff accounts',
  'users.manage': 'Invite, change role, disable and reset staff accounts',
  'audit.read': 'Browse and verify the audit log',
  'settings.manage': 'Change clinic settings and safety rule sets',
  'enquiries.manage': 'Work the enquiry inbox',
  'patients.read': 'Open patient records',
  'patients.write': 'Edit patient demographics and records',
  'clinical.read': 'Read clinical notes, measures and sessions',
  'clinical.write': 'Write clinical notes and measures',
  'screening.decide': 'Record eligibility decisions and overrides',
  'orders.sign': 'Sign dose orders and dosing sessions',
  'session.run': 'Run the dosing-session console',
  'ledger.read': 'Read the controlled-substance ledger',
  'ledger.write': 'Record controlled-substance movements',
  'ledger.witness': 'Witness waste, destruction and adjustments',
  'portal.self': "Use the patient portal for one's own record",
  'worklist.read': 'See the staff worklist (Today)',
  'outcomes.read':
    'See the clinic’s outcome figures (response and remission per instrument; no patient named)',
  'notes.todo': 'See one’s own list of therapy notes to write and sign',
  'billing.read': 'See charges, payments and balances, with the diagnoses they point at',
  'billing.write': 'Propose, edit, finalise and reverse charges; record payments',
  'billing.settings': 'Edit the clinic’s fee schedule',
  'billing.export': 'Export the claim file (837P) and the charges CSV, which name patients',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const CLINICAL: Permission[] = ['patients.read', 'clinical.read', 'clinical.write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Clinic outcomes are aggregates naming no patient: for the medical director (admin) and prescribers.
  admin: [
    'worklist.read',
    'outcomes.read',
    'users.read',
    'users.manage',
    'audit.read',
    'settings.manage',
    'ledger.read',
    'enquiries.manage',
    // The fee schedule only: an admin sees no patient's charges (no patients.read, no billing.read).
    'billing.settings',
    'billing.export',
  ],
  prescriber: [
    'worklist.read',
    ...CLINICAL,
    'patients.write',
    'enquiries.manage',
    'screening.decide',
    'orders.sign',
    'session.run',
    'ledger.read',
    'ledger.witness',
    'outcomes.read',
    'billing.read',
    'billing.write',
  ],
  nurse: ['worklist.read', ...CLINICAL, 'session.run', 'ledger.read', 'ledger.write', 'ledger.witness'],
  therapist: ['worklist.read', ...CLINICAL, 'enquiries.manage', 'notes.todo'],
  front_desk: ['worklist.read', 'patients.read', 'patients.write', 'enquiries.manage'],
  // Billing (issue #22): demographics, diagnoses, charges and payments; never notes, measures, journal, messages or
  // a session's clinical detail (no clinical.read), so the chart's clinical tabs stay closed to this role.
  biller: ['patients.read', 'billing.read', 'billing.write', 'billing.export'],
  patient: ['portal.self'],
};

export function permissionsFor(role: string): Permission[] {
  return [...(ROLE_PERMISSIONS[role as Role] ?? [])];
}

export function hasPermission(role: string, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role as Role] ?? []).includes(permission);
}

export const isStaffRole = (role: string): role is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(role);

/** What a route declares: a permission, or one of the two explicit non-permission levels. */
export type RouteAccess = Permission | 'public' | 'authenticated';
