import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged. PostgreSQL only (SQLite: nothing to do). Appending a group of audit entries in one
// statement (issue #23). The audit entries of reads are appended in groups (platform/audit-batch.ts): one call
// takes the chain's advisory lock once, reads the head once, then links, hashes and stores each entry in the
// order given, and moves the head once. Each element of `p_entries` carries the entry's columns and `payload`,
// the canonical JSON of the entry without its link; hash = sha256(prev_hash || '\n' || payload), hex, exactly
// what migration 0013's function and platform/audit.ts's auditHash compute.
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(`create or replace function liminal_append_audit_many(p_entries jsonb) returns integer
language plpgsql volatile as $$
declare
  v_head chain_heads%rowtype;
  v_prev text;
  v_hash text;
  v_seq bigint;
  v_at text;
  v_n integer := 0;
  e jsonb;
begin
  perform pg_advisory_xact_lock(72001);
  select * into v_head from chain_heads where chain = 'audit';
  v_prev := case when found then v_head.hash else repeat('0', 64) end;
  for e in select t.value from jsonb_array_elements(p_entries) with ordinality as t(value, n) order by t.n loop
    v_hash := encode(sha256(convert_to(v_prev || E'\\n' || (e->>'payload'), 'UTF8')), 'hex');
    insert into audit_log (id, at, actor_id, actor_role, patient_id, action, object_type, object_id, outcome, ip,
                           request_id, emergency, detail, prev_hash, hash)
    values (e->>'id', e->>'at', e->>'actor_id', e->>'actor_role', e->>'patient_id', e->>'action',
            e->>'object_type', e->>'object_id', e->>'outcome', e->>'ip', e->>'request_id',
            (e->>'emergency')::integer, e->>'detail', v_prev, v_hash)
    returning seq into v_seq;
    v_prev := v_hash;
    v_at := e->>'at';
    v_n := v_n + 1;
  end loop;
  if v_n = 0 then
    return 0;
  end if;
  if v_head.chain is not null then
    update chain_heads set seq = v_seq, hash = v_prev, count = v_head.count + v_n, updated_at = v_at
    where chain = 'audit';
  else
    insert into chain_heads (chain, seq, hash, count, updated_at) values ('audit', v_seq, v_prev, v_n, v_at);
  end if;
  return v_n;
end $$;`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
