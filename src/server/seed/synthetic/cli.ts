import type { DatabaseHandle } from '../../db/connection';
import { seedSynthetic as run, SYNTHETIC_PASSWORD } from './index';

/** The `liminal seed --synthetic` command's body: parse options, run, print the totals. */
export async function seedSynthetic(
  h: DatabaseHandle,
  opts: { patients: string; seed: string; asOf?: string },
): Promise<void> {
  const patients = Number(opts.patients);
  const seed = Number(opts.seed);
  const asOf = opts.asOf ? new Date(opts.asOf) : undefined;
  if (!Number.isInteger(patients) || patients < 1 || patients > 1_000_000)
    fail('--patients: a whole number from 1 to 1,000,000');
  if (!Number.isInteger(seed) || seed < 0) fail('--seed: a whole number');
  if (asOf && Number.isNaN(asOf.getTime())) fail('--as-of: an ISO-8601 instant, e.g. 2026-11-25T20:00:00Z');
  const r = await run(h.db, { patients, seed, ...(asOf ? { asOf } : {}) });
  if (!r.seeded) {
    process.stdout.write('The database is not empty; nothing was seeded.\n');
    return;
  }
  const t = r.tally;
  process.stdout.write(
    [
      `Synthetic clinic seeded (seed ${seed}): ${t.patients ?? 0} patients, ${t.courses ?? 0} courses, ${t.sessions ?? 0} dosing sessions, ${t.vitals ?? 0} vital-sign sets, ${t.measures ?? 0} measures answered.`,
      `${r.rows.toLocaleString('en-US')} rows in ${r.seconds.toFixed(1)} s: ${r.rowsPerSecond.toLocaleString('en-US')} rows/s.`,
      ...(t.abandoned
        ? [
            `${t.abandoned} patient(s) dropped part-way after a service refused a step:`,
            ...r.problems.map((x) => `  ${x}`),
          ]
        : []),
      `Staff sign in as <role>.<site>.<n>@synthetic.liminal.test (e.g. prescriber.ca.1@synthetic.liminal.test) with password "${SYNTHETIC_PASSWORD}"; use \`serve --demo\` to skip two-factor set-up.`,
      '',
    ].join('\n'),
  );
}

function fail(message: string): never {
  process.stderr.write(`liminal: ${message}\n`);
  process.exit(2);
}
