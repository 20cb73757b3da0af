import type { Resource } from '@medplum/fhirtypes';
import type { Executor } from '../../db/dialect';
import { getSetting } from '../../platform/settings';
import type { ClinicInfo } from '../present/common';

/**
 * Loaders read rows and hand them to the pure presenters. Each takes a filter that the database can apply
 * (which patients, which ids) and returns the resources with the patient whose record they belong to, so
 * the service can check access and place them in a patient's compartment.
 */
export interface LoadFilter {
  /** null: every patient (staff and system access); otherwise only these patients' records. */
  patientIds: readonly string[] | null;
  /** FHIR ids wanted; null: all. */
  ids?: readonly string[] | null;
}

export interface Loaded<R extends Resource = Resource> {
  resource: R;
  patientId: string | null;
}

export type Loader = (db: Executor, filter: LoadFilter) => Promise<Loaded[]>;

/** A filter that can match nothing (an empty id or patient list): loaders return [] without a query. */
export const matchesNothing = (f: LoadFilter): boolean => f.patientIds?.length === 0 || f.ids?.length === 0;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Only ids that could be row ids reach SQL (a FHIR id could be anything 1-64 characters long). */
export const uuidsOf = (ids: readonly string[] | null | undefined): string[] | null =>
  ids ? ids.filter((i) => UUID_RE.test(i)) : null;

export async function clinicInfo(db: Executor): Promise<ClinicInfo> {
  return {
    name: (await getSetting(db, 'clinic.name')) || 'Clinic',
    phone: await getSetting(db, 'clinic.phone'),
    email: await getSetting(db, 'clinic.email'),
  };
}

/** Wraps a presenter so that one unreadable row is skipped instead of failing the whole request or export. */
export function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
