import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, hashSitterSecret, newSitterCode, newSitterToken } from './sitter-tokens';

describe('sitter codes and tokens', () => {
  it('a code is 12 characters read out easily (no 0/O, 1/I/L), grouped by four', () => {
    const codes = new Set(Array.from({ length: 200 }, newSitterCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect(code.replace(/-/g, '')).toHaveLength(CODE_LENGTH);
    }
  });

  it('a typed code hashes the same in any case, with or without dashes and spaces; a token is taken as sent', () => {
    const code = newSitterCode();
    const h = hashSitterSecret(code);
    expect(hashSitterSecret(code.toLowerCase())).toBe(h);
    expect(hashSitterSecret(code.replace(/-/g, ' '))).toBe(h);
    expect(hashSitterSecret(` ${code.replace(/-/g, '')} `)).toBe(h);
    expect(h).not.toContain(code.replace(/-/g, ''));
    const token = newSitterToken();
    expect(token.length).toBeGreaterThan(20);
    expect(hashSitterSecret(token)).not.toBe(hashSitterSecret(token.toUpperCase()));
  });
});
