// `node --import tsx test/support/encrypt-child.ts <file> <key>`: `liminal db encrypt`'s work alone, without the
// app's start-up, for the crash test (LIMINAL_TEST_CRASH_AT kills it at a named step).
import { encryptInPlace } from '../../src/server/db/encryption';

const [file, key] = process.argv.slice(2);
if (!file || !key) throw new Error('usage: encrypt-child.ts <file> <key>');
encryptInPlace(file, key);
