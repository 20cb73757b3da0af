import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigError } from '../config';
import { deriveKey } from './crypto';

/**
 * The at-rest key comes from LIMINAL_SECRET_KEY. An embedded SQLite install without one gets a key file
 * generated beside its database (mode 0600), so `npm start` works on a fresh machine; PostgreSQL installs
 * (possibly several app processes) must set the variable so every process shares it.
 */
export function loadSecretKey(config: Config): Buffer {
  if (config.LIMINAL_SECRET_KEY) return deriveKey(config.LIMINAL_SECRET_KEY);
  if (config.engine === 'postgres') {
    throw new ConfigError([
      {
        variable: 'LIMINAL_SECRET_KEY',
        message: 'required with DATABASE_URL (32+ random characters, the same for every app process)',
      },
    ]);
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return deriveKey(fs.readFileSync(file, 'utf8').trim());
}
