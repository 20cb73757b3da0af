import type { z } from 'zod';
import type { atHomeSettingsBody } from '../../../contracts/athome';
import { type AtHomeState, BOARD_STATE_WORDS, boardState } from '../../../domain/athome';
import { localDayBounds, toLocal } from '../../../domain/scheduling';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden, invalid } from '../../platform/errors';
import { getSetting, setSetting } from '../../platform/settings';
import { patientName, presentTask } from './present';
import * as repo from './repository';
import { AtHomeCore, answeredOf, endedAtOf, readingsOf, timelineOf } from './service';
import { settingsView } from './settings';

/** The care team's remote board (Today) and the program's settings. */
export class AtHomeBoardService {
  private readonly core: AtHomeCore;
  constructor(private readonly ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
  }

  /**
   * Every at-home session of the clinic's day with its board state, last reading, minutes since the dose and
   * who is on call; the unresolved escalations on top. A fixed number of queries, however many sessions.
   */
  async board(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    const { db, clock } = this.ctx;
    const now = this.core.now();
    const tz = await getSetting(db, 'clinic.timezone');
    const date = toLocal(clock.now(), tz).date;
    const { start, end } = localDayBounds(date, tz);
    const [cfg, rows, escalations] = await Promise.all([
      this.core.config(db),
      repo.boardSessions(db, auth, now, start, end),
      repo.unresolvedEscalations(db, auth, now),
    ]);
    const onCall = cfg.onCallUserId ? await repo.staffAccount(db, cfg.onCallUserId) : undefined;
    const sessions = rows.map((s) => {
      const open = Number(s.open_escalations ?? 0);
      const input = {
        state: s.state as AtHomeState,
        startsAt: s.starts_at,
        doseTakenAt: s.dose_taken_at,
        answered: answeredOf(s),
        now,
        endedAt: endedAtOf(s),
      };
      const state = boardState(input, cfg.program, open);
      const items = timelineOf(s, cfg.program, now);
      return {
        id: s.id,
        patientId: s.patient_id,
        patientName: patientName(s),
        chartNumber: s.chart_number,
        startsAt: s.starts_at,
        state: s.state as AtHomeState,
        boardState: state,
        boardWords: BOARD_STATE_WORDS[state],
        lastReading: readingsOf(s).at(-1) ?? null,
        doseTakenAt: s.dose_taken_at,
        minutesSinceDose: s.dose_taken_at
          ? Math.floor((Date.parse(now) - Date.parse(s.dose_taken_at)) / 60_000)
          : null,
        openEscalations: open,
        sitterConfirmed: Boolean(s.sitter_confirmed_at),
        nextDue: items.find((i) => i.status !== 'done' && i.status !== 'not_needed') ?? null,
      };
    });
    await db.transaction().execute((trx) =>
      appendAudit(trx, clock, auth, {
        action: 'athome.board',
        objectType: 'at_home_board',
        detail: { date, sessions: sessions.length, escalations: escalations.length },
      }),
    );
    return {
      date,
      onCall: {
        userId: cfg.onCallUserId,
        name: onCall?.name ?? null,
        phone: cfg.onCallPhone ?? cfg.clinicPhone,
      },
      escalations: escalations.map((t) => ({
        ...presentTask({ ...t, assigned_name: null, acknowledged_name: null, resolved_name: null }),
        patientName: patientName(t),
      })),
      sessions,
    };
  }

  async settings(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return settingsView(this.ctx.db);
  }

  async saveSettings(auth: AuthContext, body: z.infer<typeof atHomeSettingsBody>) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const { db, clock } = this.ctx;
    await db.transaction().execute(async (trx) => {
      if (body.onCallUserId) {
        const person = await repo.staffAccount(trx, body.onCallUserId);
        if (person?.status !== 'active' || !['prescriber', 'nurse'].includes(person.role))
          throw invalid('onCallUserId', 'Choose an active prescriber or nurse.');
      }
      const now = clock.now().toISOString();
      await setSetting(trx, 'athome.programSettings', body.program, auth.userId, now);
      await setSetting(trx, 'athome.onCallUserId', body.onCallUserId, auth.userId, now);
      await setSetting(trx, 'athome.onCallPhone', body.onCallPhone, auth.userId, now);
      await appendAudit(trx, clock, auth, {
        action: 'athome.settings',
        objectType: 'settings',
        objectId: 'athome',
        detail: { program: body.program, onCallUserId: body.onCallUserId },
      });
    });
    return settingsView(db);
  }
}
