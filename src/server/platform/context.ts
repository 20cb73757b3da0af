import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/connection';
import type { Db } from '../db/dialect';
import type { Clock } from './clock';
import type { Mailer } from './mail';
import type { SessionStore } from './sessions';

/** What every service is built from: one per app instance, no module-level state. */
export interface AppContext {
  config: Config;
  handle: DatabaseHandle;
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  mailer: Mailer;
  /** Key for secrets encrypted at rest (TOTP seeds). */
  secretKey: Buffer;
  log: FastifyBaseLogger;
}
