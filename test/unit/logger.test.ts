import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { logDestination } from '../../src/server/logger';

/** Issue #19: human-readable logs for a person at a terminal in development, JSON lines everywhere else. */
describe('log format', () => {
  it('auto: pretty on a terminal outside production', () => {
    expect(logDestination('auto', { isTTY: true, nodeEnv: undefined })).toBeDefined();
    expect(logDestination('auto', { isTTY: true, nodeEnv: 'development' })).toBeDefined();
  });
  it('auto: JSON (pino’s own stdout) when piped, in a container or in production', () => {
    expect(logDestination('auto', { isTTY: false, nodeEnv: undefined })).toBeUndefined();
    expect(logDestination('auto', { isTTY: true, nodeEnv: 'production' })).toBeUndefined();
  });
  it('LOG_FORMAT overrides the guess either way', () => {
    expect(logDestination('json', { isTTY: true, nodeEnv: undefined })).toBeUndefined();
    expect(logDestination('pretty', { isTTY: false, nodeEnv: 'production' })).toBeDefined();
  });
  it('the pretty stream writes readable lines without the redacted values', async () => {
    const { createLogger } = await import('../../src/server/logger');
    const chunks: string[] = [];
    const sink = new Writable({
      write(c, _enc, cb) {
        chunks.push(String(c));
        cb();
      },
    });
    const log = createLogger('info', logDestination('pretty', { isTTY: false, nodeEnv: undefined }, sink));
    log.info({ patient: { name: 'Wilhelmina Canary' }, route: '/api/patients/:id' }, 'opened a chart');
    await vi.waitFor(() => expect(chunks.length).toBeGreaterThan(0)); // the pretty stream is a pipeline
    const out = chunks.join('');
    expect(out).toMatch(/INFO.*opened a chart/);
    expect(out).not.toMatch(/^\{/); // not a JSON line
    expect(out).not.toContain('Wilhelmina');
  });
});
