import type { FastifyInstance } from 'fastify';
import { type AtHomeState, type DueItem, missedItems } from '../../../domain/athome';
import { appendAudit } from '../../platform/audit';
import { SYSTEM_META } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import * as repo from './repository';
import { AtHomeCore, answeredOf, SYSTEM } from './service';

const HOUR = 3_600_000;

function reasonFor(item: DueItem, grace: number): string {
  switch (item.kind) {
    case 'check_in':
      return `The pre-dose check-in was not completed ${grace} minutes after the booked start.`;
    case 'timed_check_in':
      return `The ${item.minute}-minute check-in after the dose was not answered within ${grace} minutes.`;
    case 'sitter_check':
      return `The sitter’s ${item.minute}-minute visual check was not recorded within ${grace} minutes.`;
    default:
      return `The check-out was not completed within ${grace} minutes of the earliest check-out.`;
  }
}

/**
 * The escalation timer (DOMAIN §9): every item of a live session not answered by its due time plus the
 * clinic's grace minutes opens one urgent task for the on-call clinician (its key is stable, so however often
 * this runs, and however many app processes run it, a missed item escalates once), with an email naming no
 * patient. Time is the app's clock (`ctx.clock`): tests drive it with the fake clock.
 */
export async function runAtHomeEscalations(ctx: AppContext): Promise<{ opened: string[] }> {
  const core = new AtHomeCore(ctx);
  const now = ctx.clock.now();
  const { program } = await core.config(ctx.db);
  // Sessions booked in the last two days (a dose runs a few hours) up to now: later ones have nothing due.
  const live = await repo.liveSessions(
    ctx.db,
    new Date(now.getTime() - 48 * HOUR).toISOString(),
    now.toISOString(),
  );
  const opened: string[] = [];
  for (const s of live) {
    const missed = missedItems(
      {
        state: s.state as AtHomeState,
        startsAt: s.starts_at,
        doseTakenAt: s.dose_taken_at,
        answered: answeredOf(s),
        now: now.toISOString(),
      },
      program,
    );
    for (const item of missed) {
      await ctx.db.transaction().execute(async (trx) => {
        const taskId = await core.openTask(
          trx,
          s,
          {
            key: `${s.id}:missed:${item.key}`,
            kind: 'missed',
            reason: reasonFor(item, program.graceMinutes),
          },
          SYSTEM,
        );
        if (!taskId) return;
        opened.push(taskId);
        await appendAudit(trx, ctx.clock, SYSTEM_META, {
          action: 'athome.escalate',
          patientId: s.patient_id,
          objectType: 'at_home_task',
          objectId: taskId,
          detail: { sessionId: s.id, item: item.key, kind: 'missed' },
        });
      });
    }
  }
  return { opened };
}

/**
 * Runs the timer every minute in the background, beside the visit reminders (app.ts starts it with the other
 * jobs; tests that drive time by hand leave it off and call runAtHomeEscalations).
 */
export function startAtHomeEscalations(app: FastifyInstance, ctx: AppContext, intervalMs = 60_000): void {
  let current: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = runAtHomeEscalations(ctx)
      .catch((err: unknown) =>
        ctx.log.warn(
          { err: err instanceof Error ? err.message.slice(0, 200) : 'error' },
          'at-home escalation run failed; will retry',
        ),
      )
      .finally(() => {
        current = null;
      });
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await current;
  });
}
