/**
 * Chromium for the end-to-end suite: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download); browser contexts that keep the test server's time (`newTestContext`); signing in; and an
 * accessibility check that fails on serious or critical axe violations.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/seed/demo';
import type { TestClock } from './clock';

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

/** The demo clinic's zone, and so the zone of the browsers that stand for its staff and patients. */
export const CLINIC_TIME_ZONE = 'America/Los_Angeles';

export interface TestContextOptions {
  viewport?: { width: number; height: number };
  /** The browser's own time zone (default: the clinic's, where its staff and most patients are). */
  timezoneId?: string;
  acceptDownloads?: boolean;
}

/**
 * A browser context (its own cookies and storage) for a test server: its base URL, reduced motion (the theme
 * then skips transitions, so axe never measures a half-faded dialog), a fixed time zone, and — what makes a run
 * independent of the hour it runs at — the browser's clock set to the server's. Playwright's clock is installed
 * before any page loads and runs at real speed from there, as the server's TestClock does, so the two agree;
 * `advanceClocks` moves both. Every browser test opens its contexts here.
 */
export async function newTestContext(
  browser: Browser,
  server: { url: string; clock: TestClock },
  options: TestContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    timezoneId: options.timezoneId ?? CLINIC_TIME_ZONE,
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  await context.clock.install({ time: server.clock.now() });
  return context;
}

/**
 * Moves the server's clock and these browsers' clocks on together, as if `ms` had passed (timers due in that
 * time fire once in the pages, like a laptop opened after a while).
 */
export async function advanceClocks(
  server: { clock: TestClock },
  contexts: readonly BrowserContext[],
  ms: number,
): Promise<void> {
  server.clock.advance(ms);
  for (const c of contexts) await c.clock.fastForward(ms);
}

/** Mantine marks required labels with an aria-hidden " *", so match labels by their start. */
export const label = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`);

/**
 * Signs in on the sign-in page (the demo password unless another is given) and waits for `landing`
 * (staff land on Today, `/app`; patients on `/portal`).
 */
export async function signIn(
  page: Page,
  email: string,
  opts: { password?: string; landing?: RegExp | string } = {},
): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel(label('Email')).fill(email);
  await page.getByLabel(label('Password')).fill(opts.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(opts.landing ?? /\/app$/);
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
const axeCalls = new Map<string, number>();
function axeWanted(): boolean {
  const mode = process.env.LIMINAL_TEST_AXE ?? 'all';
  // Counted per test file by its path: the browser tier's files share this module (isolate: false), and the two
  // engines' runs may take the files in different orders, so a count across files would not pick the same checks.
  const file = expect.getState().testPath ?? '';
  const k = axeCalls.get(file) ?? 0;
  axeCalls.set(file, k + 1);
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
