import type { z } from 'zod';
import { demographicsBody } from '../../../contracts/patients';
import { zodResolver } from '../../components/form';
import type { Chart } from './patient-query';

/** The demographics form as the inputs hold it: strings throughout, '' for "not given". */
export interface DemoValues {
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  sexAtBirth: string;
  genderIdentity: string;
  email: string;
  phone: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
  emergencyContactRelation: string;
  status: string;
}

export const DEMO_KEYS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'sexAtBirth',
  'genderIdentity',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'emergencyContactName',
  'emergencyContactPhone',
  'emergencyContactRelation',
  'status',
] as const satisfies readonly (keyof DemoValues)[];

export const emptyDemographics: DemoValues = Object.fromEntries(
  DEMO_KEYS.map((k) => [k, '']),
) as unknown as DemoValues;

export function demoValuesOf(p: Chart['patient']): DemoValues {
  const out = { ...emptyDemographics };
  for (const k of DEMO_KEYS) out[k] = (p[k] as string | null) ?? '';
  return out;
}

type Body = z.input<typeof demographicsBody>;

/** Form values → the API body: blanks become null, nothing else is changed (the schema trims). */
export function toDemographicsBody(v: DemoValues, version?: number): Body {
  const orNull = (s: string) => (s.trim() === '' ? null : s);
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    preferredName: orNull(v.preferredName),
    dateOfBirth: v.dateOfBirth,
    sexAtBirth: (orNull(v.sexAtBirth) as Body['sexAtBirth']) ?? null,
    genderIdentity: orNull(v.genderIdentity),
    email: orNull(v.email),
    phone: orNull(v.phone),
    addressLine1: orNull(v.addressLine1),
    addressLine2: orNull(v.addressLine2),
    city: orNull(v.city),
    state: v.state as Body['state'],
    postalCode: orNull(v.postalCode),
    emergencyContactName: orNull(v.emergencyContactName),
    emergencyContactPhone: orNull(v.emergencyContactPhone),
    emergencyContactRelation: orNull(v.emergencyContactRelation),
    ...(v.status ? { status: v.status as Body['status'] } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

const check = zodResolver<Body>(demographicsBody);
export const validateDemographics = (v: DemoValues) => {
  const errors = check(toDemographicsBody(v));
  if (!v.dateOfBirth) errors.dateOfBirth = 'Enter the date of birth';
  return errors;
};
