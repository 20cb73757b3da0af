import type { Command } from 'commander';
import { CLINICAL_MINIMUM_YEARS } from '../domain/retention';
import type { Db } from './db/dialect';
import { appendAudit } from './platform/audit';
import { SYSTEM_META } from './platform/auth-context';
import { systemClock } from './platform/clock';
import { getSetting, setSetting } from './platform/settings';

/**
 * `liminal retention report` (S18): per kept table, the oldest row, the floor and its source, and whether
 * anything has passed it. Read-only; there is no purge command (see the README, "Retention").
 */
export function registerRetentionCommands(
  program: Command,
  withDb: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
): void {
  const retention = program
    .command('retention')
    .description('Retention floors of the audit log, ledger and signed clinical records');
  retention
    .command('report')
    .description(
      'List, per table, the oldest row, the retention floor and its source, and how many rows have passed it (changes nothing)',
    )
    .option('--json', 'print the report as JSON')
    .option('--at <instant>', 'report as of this ISO-8601 instant instead of now (to plan ahead)')
    .action(async (opts: { json?: boolean; at?: string }) => {
      const now = opts.at ? new Date(opts.at) : new Date();
      if (Number.isNaN(now.getTime()) || (opts.at && !/^\d{4}-\d{2}-\d{2}/.test(opts.at))) {
        process.stderr.write(
          `liminal retention report: --at must be an ISO-8601 instant, got "${opts.at}"\n`,
        );
        process.exit(2);
      }
      const { formatRetentionReport, retentionReport } = await import('./features/retention/report');
      const report = await withDb((db) => retentionReport(db, now));
      process.stdout.write(
        opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatRetentionReport(report),
      );
    });
  retention
    .command('set-clinical-years')
    .description(
      `Set the clinic's retention policy for signed clinical records, in years (at least ${CLINICAL_MINIMUM_YEARS}; audited)`,
    )
    .argument('<years>', 'whole years')
    .action(async (value: string) => {
      const years = Number(value);
      if (!Number.isInteger(years) || years < CLINICAL_MINIMUM_YEARS || years > 100) {
        process.stderr.write(
          `liminal retention set-clinical-years: years must be a whole number from ${CLINICAL_MINIMUM_YEARS} to 100, got "${value}"\n`,
        );
        process.exit(2);
      }
      await withDb((db) =>
        db.transaction().execute(async (trx) => {
          const now = new Date();
          const from = await getSetting(trx, 'retention.clinicalRecordYears');
          await setSetting(trx, 'retention.clinicalRecordYears', years, null, now.toISOString());
          await appendAudit(trx, systemClock, SYSTEM_META, {
            action: 'settings.retention_clinical_years',
            objectType: 'setting',
            detail: { from, to: years, via: 'cli' },
          });
        }),
      );
      process.stdout.write(`Signed clinical records are now kept at least ${years} years.\n`);
    });
}
