import type { ClinicDashboard } from '../../../contracts/outcomes';
import { type PdfSection, renderPdf } from '../sessions';

/**
 * The dashboard's exports (issue #21): the aggregated table as CSV (one line per group and breakdown, no
 * patient), and a PDF report for a clinic's quality meeting with every figure, the method written out and the
 * "not a clinical trial" note.
 */

const pct = (x: number | null) => (x === null ? '' : (x * 100).toFixed(1));
const cellText = (c: ClinicDashboard['breakdowns'][number]['rows'][number]['response']) =>
  c === null
    ? 'no rule'
    : c.rate === null
      ? `too few (n = ${c.n})`
      : `${pct(c.rate)} % (${pct(c.low)}–${pct(c.high)})`;

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // Quote every text field; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return typeof v === 'number' ? s : `"${safe.replace(/"/g, '""')}"`;
}

export function dashboardCsv(d: ClinicDashboard): string {
  const head = [
    'Questionnaire',
    'Breakdown',
    'Group',
    'Courses',
    'Evaluable',
    'Responders',
    'Response rate %',
    'Response 95% CI low %',
    'Response 95% CI high %',
    'Remitters',
    'Remission rate %',
    'Remission 95% CI low %',
    'Remission 95% CI high %',
    'Note',
  ];
  const lines = [head.map(csvField).join(',')];
  for (const b of d.breakdowns)
    for (const r of b.rows) {
      const few = r.evaluable < d.minN;
      lines.push(
        [
          d.instrument?.name ?? '',
          b.title,
          r.label,
          r.courses,
          r.evaluable,
          r.response ? r.response.count : null,
          r.response?.rate != null ? pct(r.response.rate) : null,
          r.response?.low != null ? pct(r.response.low) : null,
          r.response?.high != null ? pct(r.response.high) : null,
          r.remission ? r.remission.count : null,
          r.remission?.rate != null ? pct(r.remission.rate) : null,
          r.remission?.low != null ? pct(r.remission.low) : null,
          r.remission?.high != null ? pct(r.remission.high) : null,
          few ? `too few (fewer than ${d.minN} evaluable courses): no rate` : '',
        ]
          .map((v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? v : csvField(v)))
          .join(','),
      );
    }
  return `${lines.join('\r\n')}\r\n`;
}

export function filtersText(d: ClinicDashboard): string {
  const name = (list: { id: string; name: string }[], id: string | null) =>
    id ? (list.find((x) => x.id === id)?.name ?? 'unknown') : null;
  const parts = [
    d.filters.from || d.filters.to
      ? `courses starting ${d.filters.from ?? 'any time'} to ${d.filters.to ?? 'today'}`
      : 'courses starting at any time',
    name(d.options.sites, d.filters.site) ? `site: ${name(d.options.sites, d.filters.site)}` : 'all sites',
    name(d.options.clinicians, d.filters.clinician)
      ? `prescriber: ${name(d.options.clinicians, d.filters.clinician)}`
      : 'all prescribers',
    name(d.options.programs, d.filters.program)
      ? `program: ${name(d.options.programs, d.filters.program)}`
      : 'all programs',
  ];
  return parts.join('; ');
}

export function dashboardPdf(d: ClinicDashboard, clinicName: string): Promise<Buffer> {
  const sections: PdfSection[] = [
    { heading: 'Not a clinical trial', text: d.notATrial },
    {
      heading: 'What is shown',
      rows: [
        ['Questionnaire', d.instrument?.name ?? 'none with scores yet'],
        ['Courses', `${d.courses} (${filtersText(d)})`],
        [
          'Response rule',
          d.instrument?.responseRule
            ? `${d.instrument.responseRule.text} (${d.instrument.responseRule.source})`
            : 'none',
        ],
        [
          'Remission rule',
          d.instrument?.remissionRule
            ? `${d.instrument.remissionRule.text} (${d.instrument.remissionRule.source})`
            : 'none',
        ],
      ],
    },
    ...d.breakdowns.map((b) => ({
      heading: `${b.title}`,
      ...(b.note ? { text: b.note } : {}),
      table: {
        columns: ['Group', 'Courses', 'Evaluable', 'Response (95 % CI)', 'Remission (95 % CI)'],
        rows: b.rows.map((r) => [
          r.label,
          String(r.courses),
          String(r.evaluable),
          cellText(r.response),
          cellText(r.remission),
        ]),
      },
    })),
    {
      heading: 'Time to response (Kaplan–Meier estimate, share responded)',
      table: {
        columns: ['Route', 'Courses', ...d.timeToResponse.weeks.map((w) => `week ${w}: responded (at risk)`)],
        rows: d.timeToResponse.curves.map((c) => [
          c.label,
          String(c.courses),
          ...d.timeToResponse.weeks.map((w, k) => {
            if (c.tooFew) return 'too few';
            let r = 0;
            for (const s of c.steps) if (s.week <= w) r = s.responded;
            return `${pct(r)} % (${c.atRisk[k]})`;
          }),
        ]),
      },
    },
    {
      heading: 'Median change from baseline by week',
      table: {
        columns: ['Week since start', 'Courses scored', 'Median change'],
        rows: d.weekly.map((w) => [
          String(w.week),
          String(w.n),
          w.median === null ? 'too few' : fmtSigned(w.median),
        ]),
      },
    },
    {
      heading: 'Courses stopped early',
      rows: [
        ['Ended courses', String(d.dropout.courses)],
        [
          'Stopped early',
          d.dropout.stoppedEarly.rate === null
            ? `${d.dropout.stoppedEarly.count} (too few ended courses for a rate)`
            : `${d.dropout.stoppedEarly.count}: ${pct(d.dropout.stoppedEarly.rate)} % (95 % CI ${pct(d.dropout.stoppedEarly.low)}–${pct(d.dropout.stoppedEarly.high)})`,
        ],
        ...d.dropout.reasons.map((r): [string, string] => [r.label, String(r.n)]),
      ],
    },
    { heading: 'Method', rows: d.method.map((m): [string, string] => [m.term, m.text]) },
  ];
  return renderPdf(
    `${clinicName}: clinic outcomes`,
    `Counted ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC from the clinic's records. ${filtersText(d)}.`,
    sections,
  );
}

const fmtSigned = (x: number) => (x > 0 ? `+${x}` : String(x));
