import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { registerClinicalCommands } from './cli-clinical';
import { registerProtectionCommands, verifyAgainstReceipt } from './cli-protection';
import { registerRetentionCommands } from './cli-retention';
import { serveWorkers, WorkersError } from './cluster';
import { type Config, ConfigError, formatConfigError, loadConfig } from './config';
import { migrateToLatest } from './db/migrate';
import { createInvite, deleteRecoveryCodes, findUserByEmail, insertUser, updateUser } from './features/users';
import { openDatabase, startServer } from './main';
import { appendAudit, verifyAuditChain } from './platform/audit';
import { SYSTEM_META } from './platform/auth-context';
import { systemClock } from './platform/clock';
import { randomToken } from './platform/crypto';
import { hashPassword, PASSWORD_MIN } from './platform/passwords';
import { STAFF_ROLES } from './platform/permissions';
import { SessionStore } from './platform/sessions';
import { DEMO_PASSWORD, seedDemo } from './seed/demo';

function config(overrides: Record<string, string> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatConfigError(err)}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function withDb<T>(fn: (h: ReturnType<typeof openDatabase>, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config();
  const handle = openDatabase(cfg);
  try {
    await migrateToLatest(handle.db);
    return await fn(handle, cfg);
  } finally {
    await handle.close();
  }
}

const program = new Command('liminal').description(
  'Liminal: the clinic platform for ketamine-assisted psychotherapy',
);

program
  .command('serve')
  .description('Run the web app and API (migrates the database first)')
  .option('--demo', 'demo mode: seed the demo clinic into an empty database, relax staff MFA, show a banner')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
  .option(
    '-w, --workers <n>',
    'worker processes behind the port (PostgreSQL only; default: WORKERS or 1)',
    process.env.WORKERS ?? '1',
  )
  .action(async (opts: { demo?: boolean; port?: string; workers: string }) => {
    const cfg = config({
      ...(opts.demo ? { LIMINAL_DEMO: 'true' } : {}),
      ...(opts.port ? { PORT: opts.port } : {}),
    });
    const workers = Number(opts.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      process.stderr.write(`--workers must be a whole number from 1 to 64 (got "${opts.workers}")\n`);
      process.exit(2);
    }
    try {
      if (workers > 1) await serveWorkers(cfg, workers);
      else await startServer(cfg);
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`${formatConfigError(err)}\n`);
        process.exit(2);
      }
      if (err instanceof WorkersError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
      }
      throw err;
    }
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const handle = openDatabase(cfg);
    const { applied } = await migrateToLatest(handle.db);
    await handle.close();
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  });

program
  .command('seed')
  .description('Seed data into an empty database')
  .option('--demo', 'the demo clinic (fictional staff and patients)')
  .option(
    '--synthetic',
    'a synthetic clinic of any size, built through the services (issue #8; for load tests)',
  )
  .option('--patients <n>', 'with --synthetic: how many patients', '5000')
  .option('--seed <n>', 'with --synthetic: random seed (same seed and --as-of, same clinic)', '1')
  .option('--as-of <instant>', 'with --synthetic: the simulated "now" (default: the current minute)')
  .action(
    async (opts: { demo?: boolean; synthetic?: boolean; patients: string; seed: string; asOf?: string }) => {
      if (opts.synthetic) {
        const { seedSynthetic } = await import('./seed/synthetic/cli');
        await withDb((h) => seedSynthetic(h, opts));
        return;
      }
      if (!opts.demo) {
        process.stderr.write('Choose what to seed: --demo or --synthetic\n');
        process.exit(2);
      }
      await withDb(async (h) => {
        const { seeded } = await seedDemo(h.db, systemClock);
        process.stdout.write(
          seeded
            ? `Demo clinic seeded. Password for every demo account: ${DEMO_PASSWORD}\n`
            : 'The database is not empty; nothing was seeded.\n',
        );
      });
    },
  );

const user = program.command('user').description('Manage staff accounts');
user
  .command('create')
  .description('Create a staff account and print a single-use link to set its password')
  .requiredOption('--email <email>', 'sign-in email')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'staff role').choices([...STAFF_ROLES]).makeOptionMandatory())
  .option(
    '--password-stdin',
    `read the password from standard input instead (at least ${PASSWORD_MIN} characters)`,
  )
  .action(async (opts: { email: string; name: string; role: string; passwordStdin?: boolean }) => {
    const email = opts.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail('--email: not a valid email address');
    const password = opts.passwordStdin ? fs.readFileSync(0, 'utf8').trim() : null;
    if (password !== null && password.length < PASSWORD_MIN)
      fail(`password: use at least ${PASSWORD_MIN} characters`);
    await withDb(async (h, cfg) => {
      if (await findUserByEmail(h.db, email)) fail(`--email: an account with ${email} already exists`);
      const now = systemClock.now();
      const id = randomUUID();
      const token = randomToken(32);
      await h.db.transaction().execute(async (trx) => {
        await insertUser(trx, {
          id,
          email,
          name: opts.name.trim(),
          role: opts.role,
          status: password ? 'active' : 'invited',
          password_hash: password ? await hashPassword(password) : null,
          mfa_enabled: 0,
          mfa_secret_enc: null,
          mfa_pending_secret_enc: null,
          mfa_last_step: null,
          patient_id: null,
          can_break_glass: 0,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
        if (!password) await createInvite(trx, id, token, 'invite', null, now, 72);
        await appendAudit(trx, systemClock, SYSTEM_META, {
          action: 'user.create',
          objectType: 'user',
          objectId: id,
          detail: { role: opts.role, via: 'cli' },
        });
      });
      process.stdout.write(
        password
          ? `Created ${opts.role} ${email}.\n`
          : `Created ${opts.role} ${email}. Send them this single-use link (valid 72 h) to set a password:\n${cfg.publicUrl}/accept-invite#token=${token}\n`,
      );
    });
  });

for (const [name, description] of [
  ['disable', 'Disable an account and end its sessions at once'],
  ['reset-mfa', 'Turn off two-factor authentication so the user enrols again'],
] as const) {
  user
    .command(name)
    .description(description)
    .argument('<email>', 'the account email')
    .action(async (emailArg: string) => {
      await withDb(async (h, cfg) => {
        const u = await findUserByEmail(h.db, emailArg);
        if (!u) fail(`no account with email ${emailArg}`);
        const sessions = new SessionStore(h.db, systemClock, cfg);
        const now = systemClock.now().toISOString();
        await h.db.transaction().execute(async (trx) => {
          if (name === 'disable') {
            await updateUser(trx, u.id, { status: 'disabled', updated_at: now });
          } else {
            await updateUser(trx, u.id, {
              mfa_enabled: 0,
              mfa_secret_enc: null,
              mfa_pending_secret_enc: null,
              mfa_last_step: null,
              updated_at: now,
            });
            await deleteRecoveryCodes(trx, u.id);
          }
          const ended = await sessions.endAllForUser(
            u.id,
            name === 'disable' ? 'account_disabled' : 'mfa_reset',
            trx,
          );
          await appendAudit(trx, systemClock, SYSTEM_META, {
            action: name === 'disable' ? 'user.disable' : 'user.mfa_reset',
            objectType: 'user',
            objectId: u.id,
            detail: { via: 'cli', sessionsEnded: ended },
          });
        });
        process.stdout.write(
          `${name === 'disable' ? 'Disabled' : 'Reset two-factor authentication for'} ${u.email}.\n`,
        );
      });
    });
}

// Measurement-based care (issue #4): check scoring from the command line, no database needed.
program
  .command('score')
  .description(
    'Score answers to an instrument and print total, band and flags as JSON (answers in item order)',
  )
  .argument('<instrument>', 'instrument id: phq9, gad7, pcl5 or asq (a licensed one with --import-file)')
  .argument(
    '[answers...]',
    'one answer per item, in order: the option value, yes/no for yes/no items, or _ to skip',
  )
  .option(
    '--import-file <file>',
    'score against a licensed instrument import file (the JSON the import API takes)',
  )
  .action(async (instrumentArg: string, answerArgs: string[], opts: { importFile?: string }) => {
    const { getInstrument, importInstrument, scoreResponse, SHIPPED_INSTRUMENTS } = await import(
      '../domain/instruments'
    );
    const id = instrumentArg.trim().toLowerCase();
    let def = getInstrument(id);
    if (opts.importFile) {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(opts.importFile, 'utf8'));
      } catch {
        fail(`--import-file: cannot read ${opts.importFile} as JSON`);
      }
      const imported = importInstrument(raw);
      if (!imported.ok)
        fail(
          `--import-file: the import is not valid:\n${imported.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`,
        );
      if (imported.definition.id !== id)
        fail(`--import-file defines "${imported.definition.id}", not "${id}"`);
      def = imported.definition;
    }
    if (!def)
      fail(
        `unknown instrument "${instrumentArg}" (shipped: ${SHIPPED_INSTRUMENTS.map((d) => d.id).join(', ')}; for a licensed one pass --import-file)`,
      );
    const items = def.items;
    if (answerArgs.length > items.length)
      fail(`${def.name} has ${items.length} items, but ${answerArgs.length} answers were given`);
    const answers: Record<string, number | boolean | null> = {};
    answerArgs.forEach((arg, i) => {
      const linkId = items[i]?.linkId as string;
      const v = arg.trim().toLowerCase();
      if (v === '_' || v === 'skip' || v === 'null') answers[linkId] = null;
      else if (v === 'yes' || v === 'y' || v === 'true') answers[linkId] = true;
      else if (v === 'no' || v === 'n' || v === 'false') answers[linkId] = false;
      else if (/^\d+$/.test(v)) answers[linkId] = Number(v);
      else
        fail(
          `answer ${i + 1} (${linkId}): "${arg}" is not an answer value (a whole number, yes/no, or _ to skip)`,
        );
    });
    const result = scoreResponse(def, answers);
    if (!result.ok) {
      const at = (linkId: string) => items.findIndex((it) => it.linkId === linkId) + 1;
      fail(
        `bad answers:\n${result.errors.map((e) => `  answer ${at(e.linkId)} (${e.linkId}): ${e.message}`).join('\n')}`,
      );
    }
    const { total, band, subscales, cutoffs, flags, complete, missing, scoringVersion } = result;
    process.stdout.write(
      `${JSON.stringify({ instrument: def.id, name: def.name, version: def.version, scoringVersion, total, band, subscales, cutoffs, flags, complete, missing }, null, 2)}\n`,
    );
  });

program
  .command('verify-audit')
  .description('Check the audit log hash chain; names the first broken entry (exit code 1 when broken)')
  .option('--json', 'print the result as JSON')
  .option(
    '--receipt <file>',
    "also check that the chain still holds a chain receipt's head (cut or rewritten tail)",
  )
  .action(async (opts: { json?: boolean; receipt?: string }) => {
    let receiptOk = true;
    const verdict = await withDb(async (h, cfg) => {
      const v = await verifyAuditChain(h.db);
      if (opts.receipt) receiptOk = await verifyAgainstReceipt(h.db, cfg, opts.receipt, 'audit');
      return v;
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
    else if (verdict.ok)
      process.stdout.write(`Audit chain intact: ${verdict.checked} entries, head ${verdict.head}\n`);
    else {
      const b = verdict.firstBroken;
      process.stdout.write(
        `Audit chain BROKEN at entry seq ${b?.seq ?? '?'}${b?.id ? ` (id ${b.id})` : ''}: ${b?.reason}\n${verdict.checked} entries verified before it.\n`,
      );
    }
    process.exitCode = verdict.ok && receiptOk ? 0 : 1;
  });

// The controlled-substance ledger (21 CFR 1304): its own hash chain, checked like the audit log's.
const ledger = program.command('ledger').description('The controlled-substance ledger');
ledger
  .command('verify')
  .description(
    'Check the ledger hash chain and balances; names the first broken entry (exit code 1 when broken)',
  )
  .option('--json', 'print the result as JSON')
  .option(
    '--receipt <file>',
    "also check that the chain still holds a chain receipt's head (cut or rewritten tail)",
  )
  .action(async (opts: { json?: boolean; receipt?: string }) => {
    const { verifyLedger } = await import('./features/ledger/chain');
    let receiptOk = true;
    const verdict = await withDb(async (h, cfg) => {
      const v = await verifyLedger(h.db);
      if (opts.receipt) receiptOk = await verifyAgainstReceipt(h.db, cfg, opts.receipt, 'ledger');
      return v;
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
    else if (verdict.ok)
      process.stdout.write(
        `Ledger chain intact: ${verdict.checked} entries, head ${verdict.head}; balances equal the sum of events\n`,
      );
    else {
      const b = verdict.firstBroken;
      if (b)
        process.stdout.write(
          `Ledger chain BROKEN at entry seq ${b.seq ?? '?'}${b.id ? ` (id ${b.id})` : ''}: ${b.reason}\n${verdict.checked} entries verified before it.\n`,
        );
      for (const p of verdict.projection)
        process.stdout.write(
          `Container ${p.containerId}: ${p.reason} (cached ${p.cachedUg} µg, events ${p.eventsUg} µg)\n`,
        );
    }
    process.exitCode = verdict.ok && receiptOk ? 0 : 1;
  });

function fail(message: string): never {
  process.stderr.write(`liminal: ${message}\n`);
  process.exit(2);
}

registerClinicalCommands(program);
registerProtectionCommands(program, () => config());
registerRetentionCommands(program, (fn) => withDb((h) => fn(h.db)));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(2);
  }
  process.stderr.write(`liminal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
