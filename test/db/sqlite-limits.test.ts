import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/server/db/compiled-once';
import type { Executor } from '../../src/server/db/dialect';
import { type TestDatabase, testDatabaseWithSettings, testEngine } from '../support/db';

// SQLite compiles a statement again each time a LIMIT parameter is bound (db/sqlite-limits.ts, issue #23), so
// on SQLite a query's whole-number LIMIT is written into its SQL; on PostgreSQL it stays a parameter.
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await testDatabaseWithSettings(
    Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [`lim.${k}`, k])),
  );
});
afterAll(async () => {
  await tdb.close();
});

const sqlite = testEngine() === 'sqlite';

describe('LIMIT on SQLite written as a number (issue #23)', () => {
  it('writes a whole-number limit into the SQL on SQLite, binds it on PostgreSQL, and the rows honour it', async () => {
    const db = tdb.handle.db;
    const q = db
      .selectFrom('settings')
      .select('key')
      .where('key', 'like', 'lim.%')
      .orderBy('key')
      .limit(2)
      .offset(1);
    const text = q.compile(); // as run: compile() applies the connection's plugins
    if (sqlite) {
      expect(text.sql).toMatch(/limit 2 offset \?$/);
      expect(text.parameters).toEqual(['lim.%', 1]);
    } else {
      expect(text.sql).toMatch(/limit \$2 offset \$3$/);
      expect(text.parameters).toEqual(['lim.%', 2, 1]);
    }
    expect(await q.execute()).toEqual([{ key: 'lim.b' }, { key: 'lim.c' }]);
  });

  it('writes the limits of subqueries and of queries compiled once, and keeps each call’s arguments apart', async () => {
    const db = tdb.handle.db;
    const firstAfter = compiledOnce((d: Executor, after: string) =>
      d
        .selectFrom('settings')
        .select('key')
        .where('key', '>', after)
        .where('key', 'in', (s) =>
          s.selectFrom('settings').select('key').where('key', 'like', 'lim.%').limit(3),
        )
        .orderBy('key')
        .limit(1),
    );
    expect(await firstAfter(db, 'lim.a')).toEqual([{ key: 'lim.b' }]);
    expect(await firstAfter(db, 'lim.b')).toEqual([{ key: 'lim.c' }]);
    // The third row is beyond the subquery's limit of 3 (lim.a, lim.b, lim.c): nothing after lim.c.
    expect(await firstAfter(db, 'lim.c')).toEqual([]);
    const built = db
      .selectFrom('settings')
      .select('key')
      .where('key', '>', 'lim.a')
      .where('key', 'in', (s) =>
        s.selectFrom('settings').select('key').where('key', 'like', 'lim.%').limit(3),
      )
      .orderBy('key')
      .limit(1)
      .compile();
    if (sqlite) {
      expect(built.sql).toMatch(/limit 3\).*limit 1$/);
      expect(built.parameters).toEqual(['lim.a', 'lim.%']);
    } else {
      expect(built.parameters).toEqual(['lim.a', 'lim.%', 3, 1]);
    }
  });

  it('leaves a limit that is not a whole number as a parameter (the database refuses it, as before)', async () => {
    const db = tdb.handle.db;
    const q = db.selectFrom('settings').select('key').limit(sql<number>`${-1}`);
    // A raw expression is not a value the plugin rewrites; a negative number is not written either.
    expect(q.compile().parameters).toEqual([-1]);
    const negative = db.selectFrom('settings').select('key').where('key', 'like', 'lim.%').limit(-1);
    expect(negative.compile().parameters).toEqual(['lim.%', -1]);
  });
});
