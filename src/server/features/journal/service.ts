import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { createEntryBody, updateEntryBody } from '../../../contracts/journal';
import { screenForCrisis } from '../../../domain/crisis';
import { duePrompts, parsePromptKey, slotKind, toLocalDate } from '../../../domain/journal';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { getSetting } from '../../platform/settings';
import { insertCareTask } from '../tasks';
import { presentOwnEntry, presentSharedEntry } from './present';
import { currentPrompts } from './prompts';
import * as repo from './repository';
import { courseSessions } from './sessions';

const AUDIT_OBJECT = 'journal_entry';

/** Opens the urgent care task for a shared entry whose text matched the crisis list (once per entry). */
async function alertCareTeam(trx: Executor, e: repo.EntryRow, at: string): Promise<void> {
  await insertCareTask(trx, {
    patientId: e.patient_id,
    key: `journal_crisis:${e.id}`,
    kind: 'journal_crisis',
    urgent: true,
    title: 'Shared journal entry with crisis language',
    source: { type: 'journal_entry', id: e.id },
    at,
  });
}

/**
 * The patient's journal on the portal: always the signed-in patient's own entries (no patient id in the URL;
 * another patient's entry answers exactly like a missing one). Entries are private until shared; a crisis match
 * on a private entry is shown to the patient only, and alerts nobody.
 */
export class PortalJournalService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  private run<T>(
    auth: AuthContext,
    action: AuditAction,
    id: string | null,
    detail: Record<string, unknown>,
    fn: (trx: Executor, patientId: string) => Promise<T>,
  ): Promise<T> {
    const patientId = auth.patientId;
    if (auth.role !== 'patient' || !patientId) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action, objectType: AUDIT_OBJECT, ...(id ? { objectId: id } : {}), detail },
      (trx) => fn(trx, patientId),
    );
  }

  private async load(trx: Executor, patientId: string, id: string) {
    const e = await repo.entryOfPatient(trx, patientId, id);
    if (!e) throw notFound('journal entry');
    return e;
  }

  private async present(trx: Executor, patientId: string, rows: repo.EntryRow[]) {
    const sessions = await courseSessions(trx, patientId);
    const { templates } = await currentPrompts(trx);
    const sharing = await repo.sharingOfEntries(
      trx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => presentOwnEntry(r, sharing, sessions.index, templates));
  }

  private async one(trx: Executor, patientId: string, id: string) {
    const [out] = await this.present(trx, patientId, [await this.load(trx, patientId, id)]);
    if (!out) throw notFound('journal entry');
    return out;
  }

  overview(auth: AuthContext) {
    return this.run(auth, 'journal.portal_list', null, {}, async (trx, patientId) => {
      const rows = await repo.entriesOfPatient(trx, patientId);
      const entries = await this.present(trx, patientId, rows);
      const sessions = await courseSessions(trx, patientId);
      const { templates } = await currentPrompts(trx);
      const tz = await getSetting(trx, 'clinic.timezone');
      const now = this.now();
      const answered = new Set(rows.map((r) => r.prompt_key).filter((k): k is string => !!k));
      const due = duePrompts({
        now,
        timeZone: tz,
        preparations: sessions.preparations,
        dosings: sessions.dosings,
        answered,
      }).map((p) => ({
        key: p.key,
        slot: p.slot,
        kind: slotKind(p.slot),
        title: templates[p.slot].title,
        body: templates[p.slot].body,
        session: sessions.index.get(p.session.type, p.session.id) ?? {
          type: p.session.type,
          id: p.session.id,
          startsAt: p.session.startsAt,
          setting: p.session.setting,
        },
        dueUntil: p.dueUntil,
      }));
      const today = toLocalDate(now, tz);
      const todaysIntentions = entries
        .filter((e) => e.kind === 'intention' && e.session && toLocalDate(e.session.startsAt, tz) === today)
        .map((e) => ({ entryId: e.id, body: e.body, session: e.session as NonNullable<typeof e.session> }));
      return { entries, due, todaysIntentions };
    });
  }

  read(auth: AuthContext, id: string) {
    return this.run(auth, 'journal.portal_read', id, {}, (trx, patientId) => this.one(trx, patientId, id));
  }

  /** A new entry (the first save of a draft). Answers a due prompt when given its key. */
  create(auth: AuthContext, body: z.infer<typeof createEntryBody>) {
    const id = randomUUID();
    return this.run(auth, 'journal.write', id, { kind: body.kind }, async (trx, patientId) => {
      const now = this.now();
      let sessionType: string | null = null;
      let sessionId: string | null = null;
      let courseId: string | null = (await repo.currentCourseOf(trx, patientId))?.id ?? null;
      if (body.promptKey) {
        const parsed = parsePromptKey(body.promptKey);
        const sessions = await courseSessions(trx, patientId);
        const session = parsed ? sessions.byKey.get(`${parsed.type}:${parsed.id}`) : undefined;
        if (!parsed || !session) throw invalid('promptKey', 'This prompt is not one of yours.');
        if (slotKind(parsed.slot) !== body.kind)
          throw invalid(
            'kind',
            `This prompt asks for ${slotKind(parsed.slot) === 'intention' ? 'an intention' : 'a reflection'}.`,
          );
        sessionType = parsed.type;
        sessionId = parsed.id;
        courseId = session.courseId ?? courseId;
      }
      const crisis = screenForCrisis(body.body).matched;
      await repo.insertEntry(trx, {
        id,
        patient_id: patientId,
        course_id: courseId,
        kind: body.kind,
        prompt_key: body.promptKey ?? null,
        session_type: sessionType,
        session_id: sessionId,
        body: body.body,
        crisis: crisis ? 1 : 0,
        shared: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      return { entry: await this.one(trx, patientId, id), careTeamAlerted: false };
    });
  }

  /** A later save of the same entry (as the patient types). A shared entry with crisis language alerts the team. */
  update(auth: AuthContext, id: string, body: z.infer<typeof updateEntryBody>) {
    return this.run(auth, 'journal.write', id, {}, async (trx, patientId) => {
      const e = await this.load(trx, patientId, id);
      if (e.version !== body.version)
        throw conflict('This entry was saved from another window: reload it to keep writing.', {
          version: e.version,
        });
      const now = this.now();
      const crisis = screenForCrisis(body.body).matched;
      if (
        !(await repo.updateEntryBody(trx, id, e.version, {
          body: body.body,
          crisis: crisis ? 1 : 0,
          updated_at: now,
        }))
      )
        throw conflict('This entry was saved from another window: reload it to keep writing.');
      const alerted = crisis && e.shared === 1;
      if (alerted) await alertCareTeam(trx, { ...e, body: body.body }, now);
      return { entry: await this.one(trx, patientId, id), careTeamAlerted: alerted };
    });
  }

  /** Share with the care team (the text becomes readable in the chart, the note editor and FHIR). */
  share(auth: AuthContext, id: string) {
    return this.run(auth, 'journal.share', id, {}, async (trx, patientId) => {
      const e = await this.load(trx, patientId, id);
      const now = this.now();
      if (e.shared !== 1) {
        await repo.insertSharingStep(trx, {
          entry_id: id,
          patient_id: patientId,
          action: 'share',
          at: now,
          by_user: auth.userId,
        });
        await repo.setShared(trx, id, true);
      }
      const alerted = e.crisis === 1;
      if (alerted) await alertCareTeam(trx, e, now);
      return { entry: await this.one(trx, patientId, id), careTeamAlerted: alerted };
    });
  }

  /** Stop sharing: staff then see only that it was shared and when it stopped, never the text. */
  withdraw(auth: AuthContext, id: string) {
    return this.run(auth, 'journal.withdraw', id, {}, async (trx, patientId) => {
      const e = await this.load(trx, patientId, id);
      if (e.shared === 1) {
        await repo.insertSharingStep(trx, {
          entry_id: id,
          patient_id: patientId,
          action: 'withdraw',
          at: this.now(),
          by_user: auth.userId,
        });
        await repo.setShared(trx, id, false);
      }
      return { entry: await this.one(trx, patientId, id), careTeamAlerted: false };
    });
  }
}

/** The care team's view (clinical.read, by the care-team and confidentiality rule): shared entries only. */
export class StaffJournalService {
  constructor(private readonly ctx: AppContext) {}

  list(auth: AuthContext, patientId: string) {
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'journal.read_shared', objectType: 'patient', objectId: patientId },
      async (trx) => {
        const rows = await repo.everSharedEntriesOfPatient(trx, patientId);
        const sharing = await repo.sharingOfEntries(
          trx,
          rows.map((r) => r.id),
        );
        const sessions = await courseSessions(trx, patientId);
        return { entries: rows.map((r) => presentSharedEntry(r, sharing, sessions.index)) };
      },
    );
  }
}
