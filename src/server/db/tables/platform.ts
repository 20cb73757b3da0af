import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string; // invited | active | disabled
  password_hash: string | null;
  mfa_enabled: number;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_last_step: number | null;
  patient_id: string | null;
  can_break_glass: number;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: number;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface InvitesTable {
  id: string;
  user_id: string;
  token_hash: string;
  purpose: string; // invite | reset
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  patient_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string; // allowed | denied | failed
  ip: string | null;
  request_id: string | null;
  emergency: number;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface ChainHeadsTable {
  chain: string;
  seq: number;
  hash: string;
  count: number;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  related_type: string | null;
  related_id: string | null;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

export interface IdempotencyKeysTable {
  actor_key: string;
  key: string;
  method: string;
  path: string;
  audit_id: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface PlatformTables {
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  rate_limits: RateLimitsTable;
  invites: InvitesTable;
  audit_log: AuditLogTable;
  chain_heads: ChainHeadsTable;
  settings: SettingsTable;
  outbox: OutboxTable;
}
