import type { Compilable, CompiledQuery, Insertable } from 'kysely';
import { type Executor, isPostgres } from './dialect';
import type { Database } from './schema';

/** Stands for argument `i` while a query is compiled; never a value a caller could pass. */
const sentinel = (i: number) => `⟦liminal-arg-${i}⟧`;

interface Shape {
  compiled: CompiledQuery;
  /** For each parameter of the compiled query: the argument it takes, or -1 for a constant of the query. */
  slots: number[];
}

/**
 * A hot query built and compiled by Kysely once per engine, then run with new arguments (issue #23). Building a
 * query through Kysely's builder (nodes created, frozen, visited and compiled to SQL) cost more CPU than SQLite
 * took to run it on the chart read. `build` is called once per engine with stand-ins for its arguments; each
 * stand-in must reach the SQL as a parameter of its own, unchanged (a `where x = arg`, an inserted value), so
 * that the arguments of a later call simply take their places. A build that uses an argument in any other way
 * (to choose a branch, inside a string it makes, as a list whose length varies) is refused when first compiled.
 * The result is the rows, typed as the builder's would be.
 */
export function compiledOnce<A extends readonly unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const shapes: { sqlite?: Shape; postgres?: Shape } = {};
  const shapeFor = (db: Executor, argc: number): Shape => {
    const engine = isPostgres(db) ? 'postgres' : 'sqlite';
    const known = shapes[engine];
    if (known) return known;
    const stand = Array.from({ length: argc }, (_, i) => sentinel(i)) as unknown as A;
    const compiled = build(db, ...stand).compile();
    const slots = compiled.parameters.map((p) => {
      if (typeof p !== 'string' || !p.includes('⟦liminal-arg-')) return -1;
      const m = /^⟦liminal-arg-(\d+)⟧$/.exec(p);
      if (!m)
        throw new Error(`compiledOnce: an argument was changed before reaching the SQL: ${compiled.sql}`);
      return Number(m[1]);
    });
    for (let i = 0; i < argc; i++)
      if (!slots.includes(i))
        throw new Error(`compiledOnce: argument ${i} does not reach the SQL as a parameter: ${compiled.sql}`);
    const shape = { compiled, slots };
    shapes[engine] = shape;
    return shape;
  };
  return async (db: Executor, ...args: A): Promise<R[]> => {
    const { compiled, slots } = shapeFor(db, args.length);
    const parameters = slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : args[slot]));
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}

/**
 * A hot single-row insert compiled once (as `compiledOnce`): `insert into table (columns…) values (?…)`, each
 * call's row put in its parameters in `columns` order. Every column of the row type must be named (checked by
 * the type), so nothing a caller sets is dropped; a column given as `undefined` is stored as NULL.
 */
export function compiledInsert<
  T extends keyof Database & string,
  C extends keyof Insertable<Database[T]> & string,
>(
  table: T,
  columns: readonly C[] & (Exclude<keyof Insertable<Database[T]>, C> extends never ? unknown : never),
): (db: Executor, row: Pick<Insertable<Database[T]>, C>) => Promise<void> {
  const insert = compiledOnce((db: Executor, ...values: unknown[]) =>
    db
      .insertInto(table)
      .values(
        Object.fromEntries(columns.map((c, i) => [c, values[i]])) as unknown as Insertable<Database[T]>,
      ),
  );
  return async (db, row) => {
    await insert(db, ...columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
  };
}
