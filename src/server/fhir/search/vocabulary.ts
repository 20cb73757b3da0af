import type { CodeableConcept, Period, Reference, Resource } from '@medplum/fhirtypes';
import type { Executor } from '../../db/dialect';
import type { EntryTally } from '../../features/sessions';
import type { AuthContext } from '../../platform/auth-context';
import type { PatientFirstRead } from '../../platform/first-read';
import type { RouteAccess } from '../../platform/permissions';
import type { AccessCheckRow } from '../../platform/repository/patients';
import { type DatePrefix, dateRange, type ParamKind, type Range, type TokenValue } from './match';

/**
 * The search vocabulary the registry, the search engine and the loaders share: what a resource type and a
 * search parameter are, the builders the registry declares parameters with, what a parsed filter is and
 * what a loader takes and returns. It imports none of them, so none of them import each other in a circle.
 */

// biome-ignore lint/suspicious/noExplicitAny: search parameters read loosely typed resource JSON
export type R = any;

export interface ParamDef {
  kind: ParamKind;
  doc: string;
  /** Values of the resource for this parameter (tokens, date ranges, `Type/id` references or strings). */
  get: (r: R, loaded: Loaded) => unknown[];
  /** Reference parameters: the types they point to (what `_include` may follow). */
  targets?: string[];
}

export interface TypeDef {
  type: string;
  access: RouteAccess;
  /** In a patient's compartment (read through withPatient, exported per patient). */
  compartment: boolean;
  load: Loader;
  params: Record<string, ParamDef>;
  /** The instant `_sort=date` orders by. */
  sortDate?: (r: R) => string | undefined;
  /**
   * The access check's read of one patient with facts about the record that this type's loaders would otherwise
   * each read (LoadFilter.facts), in the same statement: a search of one patient's record checks access with it.
   */
  readWithFacts?: PatientFirstRead<[], RowWithFacts>;
  /**
   * A read of one resource by id that is a read of one patient's record (a Patient read): its loader reads it with
   * the access check's row, and the route folds it into the statement that reads the session (LoadFilter.request).
   */
  readById?: PatientFirstRead<[], unknown>;
}

/**
 * Facts about one patient's record that tell a loader what it need not read (issue #23: on PostgreSQL each was a
 * round trip of its own). Read in one statement with the access check (sources/facts.ts); absent ones are read
 * by the loader as before.
 */
export interface RecordFacts {
  /** The tally of the patient's vital-sign entries (features/sessions `patientEntryTally`). */
  vitals?: EntryTally;
  /** How many at-home sessions the patient has. */
  atHomeSessions?: number;
  /** How many instrument definitions the clinic has imported (not a fact of the record, but read with it). */
  importedInstruments?: number;
}
export type RowWithFacts = AccessCheckRow & { facts: RecordFacts };

/** A concept's codings are its token values as they stand (a Coding has the system and code a token compares). */
const NONE: readonly TokenValue[] = Object.freeze([]);
export const tokensOf = (c: CodeableConcept | undefined): readonly TokenValue[] => c?.coding ?? NONE;
export const token = (doc: string, get: (r: R) => readonly TokenValue[]): ParamDef => ({
  kind: 'token',
  doc,
  get: get as (r: R) => unknown[],
});
export const code = (doc: string, get: (r: R) => CodeableConcept | CodeableConcept[] | undefined): ParamDef =>
  token(doc, (r) => {
    const c = get(r);
    return Array.isArray(c) ? c.flatMap((x) => tokensOf(x)) : tokensOf(c);
  });
export const plain = (doc: string, get: (r: R) => string | undefined): ParamDef =>
  token(doc, (r) => (get(r) ? [{ code: get(r) }] : []));
export const reference = (
  doc: string,
  targets: string[],
  get: (r: R) => (Reference | undefined)[] | Reference | undefined,
): ParamDef => ({
  kind: 'reference',
  doc,
  targets,
  get: (r) =>
    [get(r)]
      .flat()
      .map((x) => x?.reference)
      .filter(Boolean),
});
export const text = (doc: string, get: (r: R) => (string | undefined)[]): ParamDef => ({
  kind: 'string',
  doc,
  get: (r) => get(r).filter(Boolean),
});

function rangesOf(values: (string | Period | undefined)[]): Range[] {
  const out: Range[] = [];
  for (const v of values) {
    if (!v) continue;
    if (typeof v === 'string') {
      const r = dateRange(v);
      if (r) out.push(r);
    } else {
      const s = v.start ? dateRange(v.start) : null;
      const e = v.end ? dateRange(v.end) : null;
      if (s || e) out.push([s ? s[0] : Number.NEGATIVE_INFINITY, e ? e[1] : Number.POSITIVE_INFINITY]);
    }
  }
  return out;
}
export const date = (doc: string, get: (r: R) => (string | Period | undefined)[]): ParamDef => ({
  kind: 'date',
  doc,
  get: (r) => rangesOf(get(r)),
});

/** `patient` means "in this patient's record", which the loader knows even where the resource has no subject. */
export const patientParam: ParamDef = {
  kind: 'reference',
  doc: 'The patient whose record holds the resource',
  targets: ['Patient'],
  get: (_r, l) => (l.patientId ? [`Patient/${l.patientId}`] : []),
};
export const subject = reference('The subject (a Patient)', ['Patient'], (r) => r.subject);

export const COMMON_PARAMS: Record<string, ParamDef> = {
  _id: plain('Logical id', (r) => r.id),
  _lastUpdated: date('When the resource last changed', (r) => [r.meta?.lastUpdated]),
};

export interface Filter {
  name: string;
  def: ParamDef;
  modifier: string | null;
  /** Alternatives (comma-separated values): any may match. */
  values: string[];
  dates?: { prefix: DatePrefix; range: Range }[];
}

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
  /**
   * The search's parsed filters, for loaders that can read less with them (SQL bounds, skipping resources that
   * cannot match). A hint only: a loader may return more than matches, never less; the search then applies
   * every filter exactly (search/params.ts `matches`).
   */
  search?: readonly Filter[];
  /**
   * The patient is reading their own record (their token, their export; patientIds is then theirs alone):
   * sources of what a patient keeps private from staff (the journal's unshared entries) include it.
   * Absent for every staff and system read.
   */
  ownRecord?: boolean;
  /**
   * A search in the default order (by id) answers with its first `upTo` matches and their total. A loader that
   * applies every one of the search's filters exactly may then return only its first `upTo` matches by id, if
   * it says in `omitted` (LoadedList) exactly how many it left out (a long record: care.ts). Absent: all.
   */
  upTo?: number;
  /** Facts about the record of the one patient in `patientIds`, read with its access check (TypeDef.readWithFacts). */
  facts?: RecordFacts;
  /**
   * Who asks, for a loader of one resource by id (TypeDef.readById) to take the row its route's access hook read
   * with the session (platform/first-read.ts). Absent: the loader reads it.
   */
  request?: AuthContext;
}

/** What a loader returns: resources, and how many matches it left out under LoadFilter.upTo (0 if absent). */
export type LoadedList = Loaded[] & { omitted?: number };

export interface Loaded<R extends Resource = Resource> {
  resource: R;
  patientId: string | null;
  /**
   * The access check's row of the resource's patient (platform/repository/patients.ts), when the loader read it
   * in the same statement as the resource: a read then checks access on it without reading the patient again.
   */
  accessRow?: AccessCheckRow;
}

export type Loader = (db: Executor, filter: LoadFilter) => Promise<LoadedList>;
