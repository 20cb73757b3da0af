/**
 * Chromium for the end-to-end suite: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download), plus an accessibility check that fails on serious or critical axe violations.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface AxeOptions {
  /** Rules to skip, each with a reason in the calling test. */
  disableRules?: string[];
  /** CSS selectors to leave out of the scan. */
  exclude?: string[];
}

/**
 * Runs axe (WCAG 2.0/2.1/2.2 A and AA rules plus best practices) on the page as it is now, and throws listing
 * every serious or critical violation with the offending elements. Minor and moderate ones are returned.
 */
/**
 * Which checks run: LIMINAL_TEST_AXE unset or `all` = every one; `off` = none; `share:i/n` = the checks numbered
 * k ≡ i (mod n), counted in order within each test file. The pages do not depend on the database, so `npm test`
 * gives each engine's browser run one share: every check runs exactly once per run (axe is ~1.6 s a page here).
 */
let axeCalls = 0;
function axeWanted(): boolean {
  const mode = process.env.LIMINAL_TEST_AXE ?? 'all';
  const k = axeCalls++;
  if (mode === 'off') return false;
  const share = /^share:(\d+)\/(\d+)$/.exec(mode);
  return share ? k % Number(share[2]) === Number(share[1]) : true;
}

export async function axeCheck(page: Page, options: AxeOptions = {}) {
  if (!axeWanted()) return [];
  let builder = new AxeBuilder({ page }).withTags([
    'wcag2a',
    'wcag2aa',
    'wcag21a',
    'wcag21aa',
    'wcag22aa',
    'best-practice',
  ]);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const lines = blocking.map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
    });
    throw new Error(`Accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
  }
  return results.violations;
}
