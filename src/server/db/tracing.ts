import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  RootOperationNode,
} from 'kysely';

/**
 * A span around every database query when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT; src/server/tracing.ts),
 * for either engine, below Kysely: `db select patients`, child of the request's span. What a span says is the
 * operation and the table, never the SQL text or a parameter (which carry names, dates of birth, notes); a
 * failing query records its error class, not its message (a constraint message can quote a value).
 * Off (the default), a query costs one boolean check.
 */
let enabled = false;
export const setDbTracing = (on: boolean): void => {
  enabled = on;
};

const tracer = () => trace.getTracer('liminal-db');

/** The operation and first table of a query, from Kysely's operation tree. */
export function describeQuery(node: RootOperationNode): { operation: string; table: string | null } {
  const operation =
    {
      SelectQueryNode: 'select',
      InsertQueryNode: 'insert',
      UpdateQueryNode: 'update',
      DeleteQueryNode: 'delete',
      MergeQueryNode: 'merge',
      RawNode: 'raw',
    }[node.kind as string] ?? 'other';
  const n = node as unknown as Record<string, unknown>;
  const candidate = (n.from as { froms?: unknown[] } | undefined)?.froms?.[0] ?? n.into ?? n.table ?? null;
  return { operation, table: tableName(candidate) };
}

function tableName(node: unknown): string | null {
  if (!node || typeof node !== 'object') return null;
  const n = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: unknown };
  if (n.kind === 'TableNode') return n.table?.identifier?.name ?? null;
  if (n.kind === 'AliasNode') return tableName(n.node);
  return null;
}

export function tracedDialect(dialect: Dialect, engine: 'sqlite' | 'postgres'): Dialect {
  const system = engine === 'postgres' ? 'postgresql' : 'sqlite';
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = new WeakMap<object, DatabaseConnection>();
  const wrapConnection = (conn: DatabaseConnection): DatabaseConnection => {
    let w = wrapped.get(conn);
    if (w) return w;
    w = {
      executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        if (!enabled) return conn.executeQuery<R>(compiled);
        const { operation, table } = describeQuery(compiled.query);
        return tracer().startActiveSpan(
          table ? `db ${operation} ${table}` : `db ${operation}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': system,
              'db.operation.name': operation,
              ...(table ? { 'db.collection.name': table } : {}),
            },
          },
          async (span) => {
            try {
              const result = await conn.executeQuery<R>(compiled);
              span.setAttribute('db.response.returned_rows', result.rows.length);
              return result;
            } catch (err) {
              const type = err instanceof Error ? err.constructor.name : 'Error';
              span.setAttribute('error.type', type);
              span.setStatus({ code: SpanStatusCode.ERROR, message: type });
              throw err;
            } finally {
              span.end();
            }
          },
        );
      },
      streamQuery: (compiled, chunkSize) => conn.streamQuery(compiled, chunkSize),
    };
    wrapped.set(conn, w);
    unwrap.set(w, conn);
    return w;
  };
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return new Proxy(driver, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop === 'acquireConnection')
            return async () => wrapConnection(await target.acquireConnection());
          if (typeof value !== 'function') return value;
          // Everything else (transactions, savepoints, release) sees the driver's own connection object.
          return (...args: unknown[]) =>
            (value as (...a: unknown[]) => unknown).apply(
              target,
              args.map((a) =>
                a && typeof a === 'object' && unwrap.has(a as object) ? unwrap.get(a as object) : a,
              ),
            );
        },
      });
    },
  };
}
