import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { countBody, disposalBody } from '../../../contracts/athome-supply';
import { checkCount, DISPOSAL_SOURCE, type DisposalMethod, supplyBalance } from '../../../domain/athome';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden, invalid } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { CoursesService } from '../courses';
import { listEvents, listProducts } from '../ledger';
import * as repo from './repository';
import { type Actor, AtHomeCore } from './service';

/**
 * Take-home supply (DOMAIN §6, §9): troches dispensed through the ledger (DISPENSE events of troche and
 * dissolving-tablet products, read through the ledger's repository) minus troches taken per at-home session
 * minus troches the patient reports disposing of. The supply is the patient's, across their at-home courses.
 * Disposal is never a ledger event: under the DEA disposal rule a patient cannot hand doses back to the clinic.
 */
export async function supplyOf(trx: Executor, patientId: string) {
  const [events, products, doses, disposals] = await Promise.all([
    listEvents(trx, { patientId, types: ['dispense'] }),
    listProducts(trx),
    repo.dosesOfPatient(trx, patientId),
    repo.disposalsOfPatient(trx, patientId),
  ]);
  const byId = new Map(products.map((p) => [p.id, p]));
  const dispensations = events.flatMap((e) => {
    const p = byId.get(e.product_id);
    if (!p || !['troche', 'rdt'].includes(p.form) || !p.unit_strength_ug) return [];
    return [
      {
        at: e.at,
        troches: Math.round(Number(e.quantity_ug ?? 0) / Number(p.unit_strength_ug)),
        productName: p.name,
      },
    ];
  });
  const sessions = doses.map((d) => ({
    id: d.id,
    number: Number(d.number),
    takenAt: d.dose_taken_at as string,
    troches: Number(d.dose_troches ?? 0),
  }));
  const input = {
    dispensed: dispensations.reduce((a, d) => a + d.troches, 0),
    taken: sessions.map((x) => x.troches),
    disposed: disposals.map((d) => Number(d.troche_count)),
  };
  return {
    patientId,
    ...supplyBalance(input),
    input,
    dispensations,
    sessions,
    disposals: disposals.map((d) => ({
      id: d.id,
      method: d.method as DisposalMethod,
      disposedOn: d.disposed_on,
      count: Number(d.troche_count),
      reportedVia: d.reported_via,
    })),
    disposalSource: DISPOSAL_SOURCE,
  };
}

const view = ({ input: _input, ...rest }: Awaited<ReturnType<typeof supplyOf>>) => rest;

/**
 * Compares a count the patient reports with the record; a mismatch opens a task for the prescriber (once per
 * key). Used at each check-out and at the end of a course.
 */
export async function compareCount(
  core: AtHomeCore,
  trx: Executor,
  at: {
    patientId: string;
    courseId: string;
    sessionId: string | null;
    key: string;
    prescriberId: string | null;
  },
  reported: number,
  actor: Actor,
) {
  const supply = await supplyOf(trx, at.patientId);
  const check = checkCount(supply.input, reported);
  let taskId: string | null = null;
  if (!check.matches && check.message)
    taskId = await core.openTask(
      trx,
      { id: at.sessionId ?? '', patient_id: at.patientId, course_id: at.courseId, sessionId: at.sessionId },
      { key: at.key, kind: 'supply', reason: check.message, assignTo: at.prescriberId },
      actor,
    );
  return {
    matches: check.matches,
    difference: check.difference,
    message: check.message,
    taskId,
    supply: view(supply),
  };
}

export class AtHomeSupplyService {
  private readonly core: AtHomeCore;
  constructor(private readonly ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
  }

  private staff(auth: AuthContext, perm: 'clinical.read' | 'clinical.write') {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  }

  view(auth: AuthContext, patientId: string) {
    this.staff(auth, 'clinical.read');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'athome.supply' },
      async (trx) => view(await supplyOf(trx, patientId)),
    );
  }

  /** Staff record what the patient reports; the patient may report it from the portal (`via: portal`). */
  disposal(
    auth: AuthContext,
    patientId: string,
    body: z.infer<typeof disposalBody>,
    via: 'staff' | 'portal',
  ) {
    const perm = via === 'portal' ? 'portal.self' : 'clinical.write';
    if (via === 'staff') this.staff(auth, 'clinical.write');
    const action = via === 'portal' ? 'athome.portal_disposal' : 'athome.disposal';
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      perm,
      {
        action,
        objectType: 'course',
        objectId: body.courseId,
        detail: { count: body.count, method: body.method },
      },
      async (trx) => {
        const course = await serviceOf(this.ctx, CoursesService)
          .course(trx, patientId, body.courseId)
          .catch(() => null);
        if (course?.setting !== 'at_home')
          throw invalid('courseId', 'No at-home course of this patient has this id.');
        const today = this.core.now().slice(0, 10);
        if (body.disposedOn > today) throw invalid('disposedOn', 'The date cannot be in the future.');
        const supply = await supplyOf(trx, patientId);
        if (body.count > supply.expected)
          throw invalid(
            'count',
            `The record says the patient holds ${supply.expected} troche(s); check the count.`,
          );
        await repo.insertDisposal(trx, {
          id: randomUUID(),
          patient_id: patientId,
          course_id: course.id,
          method: body.method,
          disposed_on: body.disposedOn,
          troche_count: body.count,
          note: body.note ?? null,
          reported_via: via,
          recorded_by: auth.userId,
          created_at: this.core.now(),
        });
        return view(await supplyOf(trx, patientId));
      },
    );
  }

  /** A count the patient reports outside a check-out (at the end of the course, or on a call). */
  count(auth: AuthContext, patientId: string, body: z.infer<typeof countBody>) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      {
        action: 'athome.count',
        objectType: 'course',
        objectId: body.courseId,
        detail: { count: body.count, atCourseEnd: body.atCourseEnd },
      },
      async (trx) => {
        const course = await serviceOf(this.ctx, CoursesService)
          .course(trx, patientId, body.courseId)
          .catch(() => null);
        if (course?.setting !== 'at_home')
          throw invalid('courseId', 'No at-home course of this patient has this id.');
        const key = `${course.id}:count:${body.atCourseEnd ? 'course_end' : this.core.now()}`;
        return compareCount(
          this.core,
          trx,
          { patientId, courseId: course.id, sessionId: null, key, prescriberId: course.created_by },
          body.count,
          { kind: 'staff', id: auth.userId },
        );
      },
    );
  }
}
