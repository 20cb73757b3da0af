import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { entryBody } from '../../../contracts/sessions';
import { evaluateVitals, firedRuleRecord, type VitalReading, validateReading } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, notFound } from '../../platform/errors';
import type { FoldPlan } from '../../platform/first-read';
import type { PlannedChange } from '../../platform/scope';
import { bumpSession, onSessionChange, unlocked } from './access';
import * as repo from './repository';
import { sessionRuleSet } from './rules';

export const presentFired = firedRuleRecord;

/**
 * Monitoring entries (vitals, sedation, notes …) and their corrections. Every entry is attributed and
 * timestamped; entries are insert-only (a correction is a new entry); a client-generated idempotency key makes
 * a retried save land once.
 */
export class SessionEntriesService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /**
   * What saving an entry reads first, planned from the request's path and its `Idempotency-Key` header (none
   * without one: the body's key is not parsed yet when the session is read).
   */
  firstRead(patientId: unknown, sessionId: unknown, key: string | null | undefined): FoldPlan | undefined {
    return typeof sessionId === 'string' && key
      ? repo.entryContextRead.plan(patientId, sessionId, key)
      : undefined;
  }

  /**
   * Monitoring entry (vitals, sedation, …). Rules are evaluated the moment a value is saved. The work reads and
   * plans; the entry is stored with its audit entry (on PostgreSQL in one statement, `onSessionChange`), after
   * a hold's change to the session when a pre-dose reading sets or clears one.
   */
  async addEntry(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof entryBody>) {
    // The access check's row carries the session, an entry already saved under the key and the session's
    // rules: one statement (repository/entries.ts), on PostgreSQL read with the sign-in session when the route
    // could plan it (first-read.ts).
    const read = repo.entryContextRead.readFor(auth, sessionId, body.idempotencyKey);
    type Saved = { id: string; replayed: boolean; alerts: ReturnType<typeof presentFired>[] };
    return onSessionChange(
      this.ctx,
      auth,
      patientId,
      'session.run',
      'session.entry',
      sessionId,
      async (db, row): Promise<PlannedChange<Saved>> => {
        const context = repo.entryContextOf(row);
        const existing = context.existing;
        if (existing) {
          if (existing.session_id !== sessionId)
            throw conflict('This idempotency key was used for another session.');
          return { value: { id: existing.id, replayed: true, alerts: [] } };
        }
        if (!context.session) throw notFound('session');
        const s = unlocked(context.session);
        if (s.status === 'discharged')
          throw conflict('The patient was discharged; record further notes as an addendum after signing.');
        if (body.correctsId) {
          const target = await repo.entryOfSession(db, sessionId, body.correctsId);
          if (!target)
            throw new AppError('validation_failed', 'Unknown entry', [
              { field: 'correctsId', message: 'No such entry in this session' },
            ]);
          if (target.kind !== body.entry.kind)
            throw new AppError('validation_failed', 'A correction must be of the same kind', [
              { field: 'correctsId', message: `The corrected entry is a ${target.kind} entry` },
            ]);
        }
        let alerts: ReturnType<typeof presentFired>[] = [];
        let before: ((trx: Executor) => Promise<void>) | undefined;
        const at = body.at ? new Date(body.at).toISOString() : this.now();
        if (body.entry.kind === 'vitals') {
          const errors = validateReading({ ...body.entry.vitals, at });
          if (errors.length)
            throw new AppError(
              'validation_failed',
              errors.map((e) => e.message).join(' '),
              errors.map((e) => ({ field: `entry.vitals.${e.field}`, message: e.message })),
            );
          const phase = s.first_dose_at ? 'in_session' : 'pre_dose';
          const fired = evaluateVitals(
            { ...body.entry.vitals, at } as VitalReading,
            phase,
            context.vitalRules ?? (await sessionRuleSet(db, s)).rules,
          );
          alerts = fired.map(presentFired);
          if (phase === 'pre_dose') {
            const holds = alerts.filter((a) => a.level === 'hold');
            // A hold stays until a re-check passes or a prescriber overrides it.
            if (holds.length)
              before = (trx) =>
                bumpSession(trx, s, { hold: JSON.stringify({ rules: holds, since: at }) }, this.now());
            else if (s.hold && !body.correctsId)
              before = (trx) => bumpSession(trx, s, { hold: null }, this.now());
          }
        }
        const id = randomUUID();
        const entry: repo.EntryRow = {
          id,
          session_id: sessionId,
          patient_id: patientId,
          kind: body.entry.kind,
          at,
          data: JSON.stringify(body.entry),
          alerts: JSON.stringify(alerts),
          corrects_id: body.correctsId ?? null,
          idempotency_key: body.idempotencyKey,
          recorded_by: auth.userId,
          recorded_at: this.now(),
        };
        return {
          value: { id, replayed: false, alerts },
          before,
          insert: {
            run: (trx) => repo.insertEntry(trx, entry),
            query: (q) => repo.entryInsertQuery(q, entry),
            duplicate: () => conflict('This entry was already saved (same idempotency key).'),
          },
        };
      },
      read,
    );
  }
}
