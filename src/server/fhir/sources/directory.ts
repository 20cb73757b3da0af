import type { Executor } from '../../db/dialect';
import { listLocations } from '../../features/scheduling';
import { licencesInForceOf, staffWhere } from '../../features/users';
import { DEFAULT_LOCATION_ID, ORGANIZATION_ID } from '../present/common';
import {
  presentDefaultLocation,
  presentLocation,
  presentOrganization,
  presentPractitioner,
  presentPractitionerRole,
} from '../present/org';
import { clinicInfo, type Loaded, type LoadFilter, uuidsOf } from './common';

/** The clinic, its sites and its staff: not patient data, outside every patient's compartment. */

async function staff(db: Executor, f: LoadFilter) {
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  return staffWhere(db, ids);
}

export async function loadPractitioners(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const users = await staff(db, f);
  if (!users.length) return [];
  const licences = await licencesInForceOf(
    db,
    users.map((u) => u.id),
  );
  return users.map((u) => ({
    resource: presentPractitioner(
      u,
      licences.filter((l) => l.user_id === u.id),
    ),
    patientId: null,
  }));
}

export async function loadPractitionerRoles(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const users = await staff(db, f);
  if (!users.length) return [];
  const sites = (await listLocations(db))
    .filter((l) => Number(l.active) === 1 || (l.active as unknown) === true)
    .map((l) => l.id);
  return users.map((u) => ({
    resource: presentPractitionerRole(u, sites.length ? sites : [DEFAULT_LOCATION_ID]),
    patientId: null,
  }));
}

export async function loadOrganizations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (f.ids && !f.ids.includes(ORGANIZATION_ID)) return [];
  return [{ resource: presentOrganization(await clinicInfo(db)), patientId: null }];
}

export async function loadLocations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const rows = await listLocations(db);
  const all = rows.length ? rows.map(presentLocation) : [presentDefaultLocation(await clinicInfo(db))];
  return all
    .filter((l) => !f.ids || f.ids.includes(l.id as string))
    .map((resource) => ({ resource, patientId: null }));
}
