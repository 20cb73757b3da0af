import type {
  ContactPoint,
  Location,
  Organization,
  Practitioner,
  PractitionerRole,
} from '@medplum/fhirtypes';
import type { ClinicLocationsTable, StaffLicencesTable, UsersTable } from '../../db/schema';
import {
  type ClinicInfo,
  coding,
  compact,
  DEFAULT_LOCATION_ID,
  meta,
  ORGANIZATION_ID,
  ref,
  SYS,
  splitName,
  US_CORE,
} from './common';

export type StaffRow = Pick<UsersTable, 'id' | 'name' | 'email' | 'role' | 'status' | 'updated_at'>;

const ROLE_DISPLAY: Record<string, string> = {
  admin: 'Administrator',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  front_desk: 'Front desk',
  biller: 'Biller',
};

/** A staff member, with state licences as qualifications. */
export function presentPractitioner(
  u: StaffRow,
  licences: Pick<StaffLicencesTable, 'state' | 'licence_type' | 'number' | 'expires_on'>[] = [],
): Practitioner {
  return compact<Practitioner>({
    resourceType: 'Practitioner',
    id: u.id,
    meta: meta(u.updated_at, [US_CORE('us-core-practitioner')]),
    identifier: [{ system: SYS.staffEmail, value: u.email }],
    active: u.status === 'active',
    name: [splitName(u.name)],
    telecom: [{ system: 'email', value: u.email, use: 'work' }],
    qualification: licences.map((l) => ({
      identifier: [{ system: SYS.licence(l.state), value: l.number }],
      code: { text: `${l.licence_type} licence (${l.state})` },
      period: { end: l.expires_on },
    })),
  });
}

/** The role a staff member holds at the clinic. */
export function presentPractitionerRole(u: StaffRow, locationIds: string[]): PractitionerRole {
  const display = ROLE_DISPLAY[u.role] ?? u.role;
  return compact<PractitionerRole>({
    resourceType: 'PractitionerRole',
    id: u.id,
    meta: meta(u.updated_at),
    active: u.status === 'active',
    practitioner: ref('Practitioner', u.id, u.name),
    organization: ref('Organization', ORGANIZATION_ID),
    code: [{ coding: [coding(SYS.staffRole, u.role, display)], text: display }],
    location: locationIds.map((id) => ref('Location', id)),
    telecom: [{ system: 'email', value: u.email, use: 'work' }],
  });
}

/** The clinic, from its settings. */
export function presentOrganization(c: ClinicInfo): Organization {
  const telecom: ContactPoint[] = [];
  if (c.phone) telecom.push({ system: 'phone', value: c.phone, use: 'work' });
  if (c.email) telecom.push({ system: 'email', value: c.email, use: 'work' });
  return compact<Organization>({
    resourceType: 'Organization',
    id: ORGANIZATION_ID,
    meta: { profile: [US_CORE('us-core-organization')] },
    active: true,
    type: [
      {
        coding: [
          coding('http://terminology.hl7.org/CodeSystem/organization-type', 'prov', 'Healthcare Provider'),
        ],
      },
    ],
    name: c.name,
    telecom,
  });
}

/** A site of the clinic (scheduling's locations). */
export function presentLocation(l: ClinicLocationsTable): Location {
  return compact<Location>({
    resourceType: 'Location',
    id: l.id,
    meta: meta(l.updated_at, [US_CORE('us-core-location')]),
    status: l.active === 1 || (l.active as unknown) === true ? 'active' : 'inactive',
    name: l.name,
    mode: 'instance',
    telecom: l.phone ? [{ system: 'phone', value: l.phone, use: 'work' }] : undefined,
    address: compact({
      use: 'work' as const,
      line: [l.address_line1, l.address_line2].filter((x): x is string => Boolean(x)),
      city: l.city,
      state: l.state,
      postalCode: l.postal_code,
      country: 'US',
    }),
    managingOrganization: ref('Organization', ORGANIZATION_ID),
  });
}

/** Without configured sites the clinic itself is the one location. */
export function presentDefaultLocation(c: ClinicInfo): Location {
  return compact<Location>({
    resourceType: 'Location',
    id: DEFAULT_LOCATION_ID,
    meta: { profile: [US_CORE('us-core-location')] },
    status: 'active',
    name: c.name,
    mode: 'instance',
    telecom: c.phone ? [{ system: 'phone', value: c.phone, use: 'work' }] : undefined,
    managingOrganization: ref('Organization', ORGANIZATION_ID),
  });
}
