/** The command line of the bench scripts: `--name value` options and `--name` flags. */
const argv = process.argv.slice(2);

/** Whether `--name` was given. */
export const flag = (name: string): boolean => argv.includes(`--${name}`);

/** The value after `--name`, else `dflt`. */
export function option(name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? (argv[i + 1] as string) : dflt;
}

/** A number that must be above zero; anything else stops the script with the option named. */
function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} must be a number above 0 (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

/** A number option that must be above zero. */
export const positiveOption = (name: string, dflt: string): number => positive(name, option(name, dflt));

/** A comma-separated list of numbers above zero (`--connections 10,50`). */
export const positiveListOption = (name: string, dflt: string): number[] =>
  option(name, dflt)
    .split(',')
    .map((raw) => positive(name, raw));

/** The PostgreSQL server the benches use: TEST_POSTGRES_URL, else BENCH_POSTGRES_URL, else the local one. */
export const benchPostgresUrl =
  process.env.TEST_POSTGRES_URL ??
  process.env.BENCH_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
