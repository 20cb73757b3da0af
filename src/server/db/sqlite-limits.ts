import {
  type KyselyPlugin,
  type LimitNode,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely';

/**
 * Writes a query's LIMIT into its SQL text on SQLite instead of binding it (issue #23).
 *
 * SQLite (3.53 here) reads a LIMIT's bound value while it compiles a statement, and marks the statement to be
 * compiled again whenever that parameter is bound anew. Kysely sends `.limit(1)` as `limit ?`, and a prepared
 * statement is bound anew on every run, so every query with a LIMIT was compiled on every run: the chart's lists
 * (one statement with three `limit ?`) took 86 µs a run, 13–15 µs with the limits written as numbers, and a
 * one-row lookup 3.4 µs against 1.3 µs (`test/db/sqlite-limits.test.ts`; bench/README item 16). OFFSET does not
 * do this. Only whole numbers are written (a limit is never anything else here; anything else stays a parameter),
 * and only on SQLite: PostgreSQL plans a named statement once whatever its LIMIT parameter.
 */
export class SqliteLiteralLimits implements KyselyPlugin {
  readonly #transformer = new LimitsAsLiterals();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class LimitsAsLiterals extends OperationNodeTransformer {
  protected override transformLimit(
    node: LimitNode,
    queryId?: PluginTransformQueryArgs['queryId'],
  ): LimitNode {
    const limit = node.limit;
    if (ValueNode.is(limit) && !limit.immediate && isWholeNumber(limit.value)) {
      return { kind: 'LimitNode', limit: ValueNode.createImmediate(limit.value) };
    }
    return super.transformLimit(node, queryId);
  }
}

function isWholeNumber(v: unknown): v is number | bigint {
  return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n);
}
