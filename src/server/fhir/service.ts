import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { AuditAction } from '../../contracts/audit-actions';
import type { Executor } from '../db/dialect';
import { auditRead } from '../platform/audit-batch';
import type { AuthContext } from '../platform/auth-context';
import { hiddenPatients } from '../platform/confidential';
import type { AppContext } from '../platform/context';
import { AppError } from '../platform/errors';
import type { Permission } from '../platform/permissions';
import { withPatientRead } from '../platform/scope';
import { fhirForbidden, fhirNotFound, invalidParam } from './outcome';
import { isFhirId } from './present/common';
import { COMPARTMENT_TYPES, TYPES, type TypeDef, typeDef } from './registry';
import { searchBundle } from './search/bundle';
import {
  idsNamed,
  matches,
  type ParsedSearch,
  parseSearch,
  patientsNamed,
  sortLoaded,
} from './search/params';
import type { RecordFacts, RowWithFacts } from './search/vocabulary';
import type { Loaded } from './sources/common';
import { allowsType } from './tokens';

/**
 * Reads and searches. Access is the rest of the API's: the route's permission, then object-level scope —
 * staff see the clinic, a patient-bound token sees only its patient — and one audit entry per request:
 * withPatientRead for one patient's data, a single 'fhir.search' entry for a search across patients.
 */
export class FhirService {
  constructor(private readonly ctx: AppContext) {}

  /** Whether the caller may read a type at all: its permission and, for tokens, its scopes. */
  mayRead(auth: AuthContext, t: TypeDef): boolean {
    return (
      (t.access === 'authenticated' || auth.permissions.has(t.access as Permission)) &&
      allowsType(auth, t.type)
    );
  }

  private require(auth: AuthContext, type: string): TypeDef {
    const t = typeDef(type);
    if (!t) throw fhirNotFound(`The resource type ${type}`);
    if (!this.mayRead(auth, t)) throw fhirForbidden();
    return t;
  }

  /** Patient tokens and portal accounts are confined to their patient; staff and system clients are not. */
  scopeOf(auth: AuthContext): string[] | null {
    return auth.role === 'patient' ? [auth.patientId ?? '-'] : null;
  }

  /** The patient reading their own record (scopeOf confines them to it): private journal entries included. */
  own(auth: AuthContext): boolean {
    return auth.role === 'patient' && !!auth.patientId;
  }

  private async denied(auth: AuthContext, action: AuditAction, type: string, id: string): Promise<never> {
    await auditRead(this.ctx.db, this.ctx.clock, auth, {
      action,
      outcome: 'denied',
      objectType: type,
      objectId: id.slice(0, 64),
      detail: { error: 'not_found_or_forbidden' },
    });
    throw fhirNotFound(`The ${type}`);
  }

  async read(auth: AuthContext, type: string, id: string): Promise<Resource> {
    const t = this.require(auth, type);
    if (!isFhirId(id)) {
      if (t.compartment) return this.denied(auth, 'fhir.read', type, id);
      throw fhirNotFound(`The ${type}`);
    }
    const found = (
      await t.load(this.ctx.db, {
        patientIds: t.compartment ? this.scopeOf(auth) : null,
        ids: [id],
        ownRecord: this.own(auth),
        request: auth,
      })
    ).find((l) => l.resource.id === id);
    if (!t.compartment) {
      if (!found) throw fhirNotFound(`The ${type}`);
      return found.resource;
    }
    if (!found?.patientId) return this.denied(auth, 'fhir.read', type, id);
    const audit = { action: 'fhir.read' as const, objectType: type, objectId: id };
    try {
      return await withPatientRead(
        this.ctx.db,
        this.ctx.clock,
        auth,
        found.patientId,
        t.access as Permission,
        audit,
        async () => found.resource,
        // The patient row read with the resource (a Patient read): checked as read, not read again.
        found.accessRow ? async () => found.accessRow : undefined,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw fhirNotFound(`The ${type}`);
      throw err;
    }
  }

  async search(auth: AuthContext, type: string, query: URLSearchParams, base: string): Promise<Bundle> {
    const t = this.require(auth, type);
    const parsed = parseSearch(t, query);
    const named = patientsNamed(parsed.filters);
    const scope = this.scopeOf(auth);
    const patients = scope && named ? named.filter((p) => scope.includes(p)) : (scope ?? named);
    // `checked`: confined to one patient whose record withPatientRead has let the caller open (with `facts`
    // about it, if the type reads them with the check: TypeDef.readWithFacts).
    const run = async (db: Executor, checked = false, facts?: RecordFacts) => {
      const loaded = await t.load(db, {
        patientIds: t.compartment ? patients : null,
        ids: idsNamed(parsed.filters),
        search: parsed.filters,
        ownRecord: this.own(auth),
        // The default order is by id: a loader may then leave out what comes after this page (LoadFilter.upTo).
        ...(parsed.sort ? {} : { upTo: parsed.offset + parsed.count }),
        ...(facts ? { facts } : {}),
      });
      // Staff searches across patients leave out confidential records the caller may not open (a token never
      // inherits a person's emergency window), before paging, so totals agree (platform/confidential.ts). A
      // search of one patient's record was checked as the record was opened: every match is that patient's.
      const hidden =
        t.compartment && !scope && !checked
          ? await hiddenPatients(
              db,
              auth,
              this.now(),
              loaded.map((l) => l.patientId),
            )
          : new Set<string>();
      const shown = hidden.size ? loaded.filter((l) => !l.patientId || !hidden.has(l.patientId)) : loaded;
      // Only a load of one patient's record leaves any out, and nothing of a checked record is hidden.
      const omitted = hidden.size ? 0 : (loaded.omitted ?? 0);
      return this.page(db, auth, t, shown, parsed, scope, { base, path: type, query }, omitted);
    };
    if (!t.compartment) return (await run(this.ctx.db)).bundle;
    const detail = (n: number) => ({
      type,
      results: n,
      params: [...new Set([...query.keys()])].slice(0, 20),
    });
    // One patient (named, or the caller's own): the patient-scoped audit path.
    const single = patients?.length === 1 ? patients[0] : undefined;
    if (single) {
      const d = detail(0); // withPatientRead writes its entry after the work: the count is filled in by then
      try {
        return await withPatientRead(
          this.ctx.db,
          this.ctx.clock,
          auth,
          single,
          t.access as Permission,
          { action: 'fhir.search', objectType: type, detail: d },
          async (trx, patient) => {
            const r = await run(trx, true, (patient as Partial<RowWithFacts>).facts);
            d.results = r.bundle.total ?? 0;
            return r.bundle;
          },
          t.readWithFacts?.readFor(auth),
        );
      } catch (err) {
        // A patient that does not exist (or is not the caller's) simply has no results; withPatientRead audited it.
        if (err instanceof AppError && err.code === 'not_found')
          return searchBundle({
            base,
            path: type,
            query,
            total: 0,
            offset: 0,
            count: parsed.count,
            matches: [],
            includes: [],
            now: this.now(),
          });
        throw err;
      }
    }
    const r = await run(this.ctx.db);
    await auditRead(this.ctx.db, this.ctx.clock, auth, {
      action: 'fhir.search',
      objectType: type,
      detail: { ...detail(r.bundle.total ?? 0), patients: r.patients },
    });
    return r.bundle;
  }

  /** Filters, sorts and pages loaded resources, and follows `_include`. */
  async page(
    db: Executor,
    auth: AuthContext,
    t: TypeDef | null,
    loaded: Loaded[],
    parsed: ParsedSearch,
    scope: string[] | null,
    where: { base: string; path: string; query: URLSearchParams },
    omitted = 0, // matches the loaders left out after the page (LoadFilter.upTo): counted, not shown
  ) {
    const hits = loaded.filter((l) => matches(l, parsed.filters));
    const sorted = t ? sortLoaded(hits, t, parsed.sort) : hits;
    const pageItems = sorted.slice(parsed.offset, parsed.offset + parsed.count);
    const includes: Resource[] = [];
    const seen = parsed.includes.length
      ? new Set(pageItems.map((l) => `${l.resource.resourceType}/${l.resource.id}`))
      : new Set<string>();
    for (const inc of parsed.includes) {
      const refs = new Set(pageItems.flatMap((l) => inc.def.get(l.resource, l) as string[]));
      const byType = new Map<string, string[]>();
      for (const r of refs) {
        const [rt = '', id = ''] = r.split('/');
        if (inc.target && rt !== inc.target) continue;
        if (!seen.has(r)) byType.set(rt, [...(byType.get(rt) ?? []), id]);
      }
      for (const [rt, ids] of byType) {
        const target = typeDef(rt);
        if (!target || !this.mayRead(auth, target)) continue; // FHIR lets a server leave out what the caller may not see
        for (const l of await target.load(db, { patientIds: target.compartment ? scope : null, ids })) {
          const key = `${rt}/${l.resource.id}`;
          if (!seen.has(key)) {
            seen.add(key);
            includes.push(l.resource);
          }
        }
      }
    }
    const bundle = searchBundle({
      ...where,
      total: hits.length + omitted,
      offset: parsed.offset,
      count: parsed.count,
      matches: pageItems.map((l) => l.resource),
      includes,
      now: this.now(),
    });
    const patients = new Set<string>();
    for (const l of hits) if (l.patientId) patients.add(l.patientId);
    return { bundle, patients: patients.size };
  }

  /** Patient/$everything: the patient's compartment plus the practitioners, clinic and questionnaires it refers to. */
  async everything(
    auth: AuthContext,
    patientId: string,
    query: URLSearchParams,
    base: string,
  ): Promise<Bundle> {
    const patientType = this.require(auth, 'Patient');
    const parsed = parseSearch({ ...patientType, params: {}, sortDate: undefined }, query, {
      extra: ['_type', '_since'],
    });
    if (parsed.includes.length || parsed.sort || parsed.filters.some((f) => f.name !== '_lastUpdated'))
      throw invalidParam('$everything', '$everything takes _type, _since, _lastUpdated, _count and _offset.');
    const types = (parsed.extra._type ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    const unknown = types.filter((x) => !typeDef(x));
    if (unknown.length)
      throw invalidParam('_type', `Unknown resource types: ${unknown.join(', ').slice(0, 200)}`);
    const since = parsed.extra._since?.[0];
    if (since !== undefined && Number.isNaN(Date.parse(since)))
      throw invalidParam('_since', '_since is an instant.');
    if (!isFhirId(patientId) || (this.scopeOf(auth) && !this.scopeOf(auth)?.includes(patientId)))
      return this.denied(auth, 'fhir.everything', 'Patient', patientId);
    const audit = { action: 'fhir.everything' as const, objectType: 'Patient', objectId: patientId };
    try {
      return await withPatientRead(
        this.ctx.db,
        this.ctx.clock,
        auth,
        patientId,
        'clinical.read',
        audit,
        async (trx) => {
          const items = await this.record(trx, auth, patientId, types.length ? types : null);
          const recent = since
            ? items.filter((l) => (l.resource.meta?.lastUpdated ?? '') >= new Date(since).toISOString())
            : items;
          return (
            await this.page(trx, auth, null, recent, parsed, [patientId], {
              base,
              path: `Patient/${patientId}/$everything`,
              query,
            })
          ).bundle;
        },
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw fhirNotFound('The Patient');
      throw err;
    }
  }

  /** Every resource of one patient's record the caller may read, Patient first, then what it refers to. */
  async record(db: Executor, auth: AuthContext, patientId: string, only: string[] | null): Promise<Loaded[]> {
    const out: Loaded[] = [];
    for (const t of TYPES.filter((x) => x.compartment && (!only || only.includes(x.type)))) {
      if (this.mayRead(auth, t))
        out.push(
          ...(await t.load(db, {
            patientIds: [patientId],
            ownRecord: this.own(auth) && auth.patientId === patientId,
          })),
        );
    }
    const referenced = new Map<string, Set<string>>();
    const canonicals = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'reference' && typeof x === 'string') {
            const [rt = '', id = ''] = x.split('/');
            if (!COMPARTMENT_TYPES.includes(rt))
              referenced.set(rt, (referenced.get(rt) ?? new Set()).add(id));
          } else if (k === 'questionnaire' && typeof x === 'string')
            canonicals.add(x.split('|')[0] as string);
          else walk(x);
        }
      }
    };
    for (const l of out) walk(l.resource);
    for (const t of TYPES.filter(
      (x) => !x.compartment && (!only || only.includes(x.type)) && this.mayRead(auth, x),
    )) {
      const ids = referenced.get(t.type);
      if (t.type === 'Questionnaire' && canonicals.size) {
        out.push(
          ...(await t.load(db, { patientIds: null })).filter((l) =>
            canonicals.has((l.resource as { url?: string }).url ?? ''),
          ),
        );
      } else if (ids?.size) out.push(...(await t.load(db, { patientIds: null, ids: [...ids] })));
    }
    return out;
  }

  private now() {
    return this.ctx.clock.now().toISOString();
  }
}
