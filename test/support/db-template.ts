import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../../src/server/db/connection';
import { migrateToLatest } from '../../src/server/db/migrate';

/**
 * Vitest global set-up for the tiers that use databases: migrates one template database per run for the
 * engine under test, so each test file's fresh database is a copy of it (a file copy on SQLite,
 * `create database … template …` on PostgreSQL) instead of running every migration again. The migrations
 * themselves are still tested from empty (`test/db/migrations*.test.ts` ask for an unmigrated database).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** SQLite: a migrated database file to copy. PostgreSQL: the name of a migrated template database. */
    liminalTemplate: { engine: 'sqlite' | 'postgres'; location: string } | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = process.env.LIMINAL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
  if (engine === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL;
    if (!base) {
      project.provide('liminalTemplate', null);
      return async () => {};
    }
    const name = `liminal_tpl_${process.pid}_${Date.now().toString(36)}`;
    await admin(base, `create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = connect({ engine: 'postgres', databaseUrl: url.toString(), poolSize: 1 });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide('liminalTemplate', { engine, location: name });
    return async () => {
      await admin(base, `drop database if exists ${name} with (force)`).catch(() => {});
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-template-'));
  const file = path.join(dir, 'template.db');
  const handle = connect({ engine: 'sqlite', sqliteFile: file });
  await migrateToLatest(handle.db);
  // Closing the last connection checkpoints the WAL into the file and removes it: the file alone is the copy.
  await handle.close();
  project.provide('liminalTemplate', { engine, location: file });
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

async function admin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
