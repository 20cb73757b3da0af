import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged. PostgreSQL only (SQLite: nothing to do). Appending to the audit hash chain in one
// statement (issue #8). Every audited request takes the chain's advisory lock, held until its transaction
// commits; taken from the application it was held across five round trips (lock, read the head, insert,
// move the head, commit), and under load most connections waited for it. This function takes the lock, reads
// the head, hashes, inserts and moves the head in one call, so the lock is held for that call and the commit.
// The application computes everything that does not depend on the chain (platform/audit.ts): `p_payload` is
// the canonical JSON of the entry without its link, and hash = sha256(prev_hash || '\n' || payload), hex,
// exactly what auditHash computes (the verifier recomputes it in JavaScript).
// Each statement of a PL/pgSQL function reads with a fresh snapshot under READ COMMITTED, so the head is read
// after the lock is granted and sees the previous holder's commit.
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(`create or replace function liminal_append_audit(
  p_id text, p_at text, p_actor_id text, p_actor_role text, p_patient_id text, p_action text,
  p_object_type text, p_object_id text, p_outcome text, p_ip text, p_request_id text, p_emergency integer,
  p_detail text, p_payload text
) returns text language plpgsql volatile as $$
declare
  v_head chain_heads%rowtype;
  v_prev text;
  v_hash text;
  v_seq bigint;
begin
  perform pg_advisory_xact_lock(72001);
  select * into v_head from chain_heads where chain = 'audit';
  v_prev := case when found then v_head.hash else repeat('0', 64) end;
  v_hash := encode(sha256(convert_to(v_prev || E'\\n' || p_payload, 'UTF8')), 'hex');
  insert into audit_log (id, at, actor_id, actor_role, patient_id, action, object_type, object_id, outcome, ip,
                         request_id, emergency, detail, prev_hash, hash)
  values (p_id, p_at, p_actor_id, p_actor_role, p_patient_id, p_action, p_object_type, p_object_id, p_outcome, p_ip,
          p_request_id, p_emergency, p_detail, v_prev, v_hash)
  returning seq into v_seq;
  if v_head.chain is not null then
    update chain_heads set seq = v_seq, hash = v_hash, count = v_head.count + 1, updated_at = p_at
    where chain = 'audit';
  else
    insert into chain_heads (chain, seq, hash, count, updated_at) values ('audit', v_seq, v_hash, 1, p_at);
  end if;
  return v_hash;
end $$;`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
