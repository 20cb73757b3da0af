/**
 * Canary registry for S14: secrets and PHI-like values that tests create are registered here, and every
 * test app's captured log output is checked against them when it closes (see assertNoSecretsIn).
 */
const secrets = new Set<string>();

export function registerSecret(value: string): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function leakedSecrets(text: string): string[] {
  return [...secrets].filter((s) => text.includes(s));
}
