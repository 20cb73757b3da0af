/** What each role is called on screen. */
export const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  front_desk: 'Front desk',
  biller: 'Biller',
  patient: 'Patient',
};
