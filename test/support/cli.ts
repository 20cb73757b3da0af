import { inject } from 'vitest';

/**
 * The arguments that start the `liminal` command under `process.execPath`, as an operator would run it: the
 * module compiled for this test run (test/support/cli-build.ts), e.g.
 * `execFile(process.execPath, [...liminalCommand(), 'ledger', 'verify'])`.
 */
export const liminalCommand = (): string[] => [inject('liminalCli')];
