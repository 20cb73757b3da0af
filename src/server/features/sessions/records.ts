import { type AdministrationFacts, administrationText } from '../../../domain/dosing';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { ratingsPdfSection, sessionRatings } from '../experience';
import { sessionOf } from './access';
import { ConsoleService } from './console';
import { renderPdf } from './pdf';
import { buildRemsRecord } from './rems';
import { liveEntries, readingOf, sessionEntries } from './repository';

/** Printable records: the session record and, for esketamine, the REMS monitoring record. */
export class RecordsService {
  private readonly console: ConsoleService;
  constructor(private readonly ctx: AppContext) {
    this.console = serviceOf(ctx, ConsoleService);
  }

  async rems(auth: AuthContext, patientId: string, sessionId: string) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'session.rems_read', objectType: 'dosing_session', objectId: sessionId },
      async (trx) => {
        const s = await sessionOf(trx, patientId, sessionId);
        if (s.route !== 'esketamine')
          throw new AppError('conflict', 'Only esketamine sessions have a REMS record.');
        // The record as it stands: corrected entries count as their corrections.
        const entries = liveEntries(await sessionEntries(trx, { sessionIds: [sessionId] }));
        const vitals = entries.filter((e) => e.kind === 'vitals').map(readingOf);
        const alertsByAt = new Map(vitals.map((v) => [v.at, v.alerts.length]));
        return buildRemsRecord(trx, s, vitals, entries, alertsByAt);
      },
    );
  }

  async remsPdf(auth: AuthContext, patientId: string, sessionId: string): Promise<Buffer> {
    const r = await this.rems(auth, patientId, sessionId);
    return renderPdf(
      'Esketamine REMS patient monitoring record',
      `Form ${r.formVersion} · due by ${r.dueBy.slice(0, 10)} · ${r.submittedAt ? `submitted ${r.submittedAt.slice(0, 10)}` : 'not yet submitted'}`,
      [{ heading: 'Record', rows: r.fields.map((f) => [f.label, f.value] as [string, string]) }],
    );
  }

  async sessionPdf(auth: AuthContext, patientId: string, sessionId: string): Promise<Buffer> {
    const st = await this.console.state(auth, patientId, sessionId);
    const s = st.session;
    // Read after the console state's access check and audit entry.
    const ratings = await sessionRatings(this.ctx.db, { dosingSessionId: sessionId });
    const order = s.order as {
      mg?: number;
      mgPerKg?: number;
      bioavailableMg?: number;
      orderedByName?: string | null;
      signedAt?: string;
    } | null;
    return renderPdf(
      `Dosing session record — ${s.patientName}`,
      `Chart ${s.chartNumber} · session ${s.number} · ${s.route.toUpperCase()} · ${s.locked ? `signed ${s.signedAt} by ${s.signedByName}` : 'NOT SIGNED'}`,
      [
        {
          heading: 'Session',
          rows: [
            ['Started', s.startedAt],
            ['First dose', s.firstDoseAt ?? ''],
            ['Discharged', s.dischargedAt ?? ''],
            ['Weight (kg)', String(s.weightKg ?? '')],
            ['Escort', String((s.checklist as { escortName?: string } | null)?.escortName ?? '')],
            ['Safety rules', `Clinic rule set, version ${s.ruleSet.version}`],
          ],
        },
        {
          heading: 'Readiness at start',
          table: {
            columns: ['Item', 'State', 'Override'],
            rows: st.readiness.map((i: { label: string; ok: boolean; overrideReason?: string | null }) => [
              i.label,
              i.ok ? 'met' : 'NOT MET',
              i.overrideReason ?? '',
            ]),
          },
        },
        {
          heading: 'Dose order',
          rows: order
            ? [
                ['Dose', `${order.mg} mg (${order.mgPerKg} mg/kg)`],
                ['Bioavailable (estimate)', `${order.bioavailableMg} mg`],
                ['Ordered by', order.orderedByName ?? ''],
                ['Signed', order.signedAt ?? ''],
              ]
            : [['Dose', 'no order']],
        },
        {
          heading: 'Monitoring timeline',
          table: {
            columns: ['Time (UTC)', 'Entry', 'Details', 'Alerts', 'By'],
            rows: st.entries.map((e) => [
              e.at.slice(11, 19),
              e.kind + (e.correctsId ? ' (correction)' : e.correctedBy ? ' (corrected)' : ''),
              e.kind === 'administration'
                ? administrationText(s.route, e.data as unknown as AdministrationFacts)
                : summarise(e.data),
              e.alerts.map((a: { message: string }) => a.message).join('; '),
              e.recordedByName ?? '',
            ]),
          },
        },
        ...(ratings.length ? [ratingsPdfSection(ratings, (iso) => iso.slice(0, 16).replace('T', ' '))] : []),
        ...(s.narrative ? [{ heading: 'Therapist narrative', text: s.narrative }] : []),
        ...(st.addenda.length
          ? [
              {
                heading: 'Addenda',
                table: {
                  columns: ['When', 'By', 'Text'],
                  rows: st.addenda.map((a) => [a.createdAt, a.authorName ?? '', a.body]),
                },
              },
            ]
          : []),
      ],
    );
  }
}

function summarise(d: Record<string, unknown>): string {
  const { kind: _k, ...rest } = d;
  if (rest.vitals)
    return Object.entries(rest.vitals as Record<string, number>)
      .map(([k, v]) => `${k.toUpperCase()} ${v}`)
      .join(', ');
  return Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}
