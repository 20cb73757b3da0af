/**
 * Chromium for the end-to-end suite: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download); browser contexts that keep the test server's time (`newTestContext`); a spec's server, browser and
 * pages (`browserSuite`, `openPage`); signing in; theme switching, screenshots; and an accessibility check that
 * fails on serious or critical axe violations.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/seed/demo';
import type { TestClock } from './clock';
import { type ServerOptions, startTestServer, type TestServer } from './server';

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

/** A demo clinic user's email from their short name (`nurse` → nurse@demo.liminal.test); an email stays as it is. */
export const demoEmail = (who: string) => (who.includes('@') ? who : `${who}@demo.liminal.test`);

export interface SignInOptions {
  /** The demo password unless given. */
  password?: string;
  /** Where the app should land (staff on Today, `/app`; patients on `/portal`); `null` to not wait. */
  landing?: RegExp | string | null;
}

/**
 * Signs in on the sign-in page (opening it unless the page is already there, as after setting a password or
 * being signed out) and waits for `landing`. `who` is an email or a demo user's short name.
 */
export async function signIn(page: Page, who: string, opts: SignInOptions = {}): Promise<void> {
  if (!page.url().endsWith('/signin')) await page.goto('/signin');
  await page.getByLabel(label('Email')).fill(demoEmail(who));
  await page.getByLabel(label('Password')).fill(opts.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (opts.landing !== null) await page.waitForURL(opts.landing ?? /\/app$/);
}

export interface PageOptions extends TestContextOptions, SignInOptions {
  /** Sign in first as this user (an email or a demo user's short name). */
  as?: string;
  /** How long each action waits (Playwright's default unless given). */
  timeout?: number;
}

/**
 * A page in a new browser context for a test server (see `newTestContext`), signed in when `as` is given.
 * The context is added to `contexts`, for the spec to close.
 */
export async function openPage(
  browser: Browser,
  server: { url: string; clock: TestClock },
  contexts: BrowserContext[],
  options: PageOptions = {},
): Promise<Page> {
  const { as, password, landing, timeout, ...contextOptions } = options;
  const context = await newTestContext(browser, server, contextOptions);
  contexts.push(context);
  const page = await context.newPage();
  if (timeout !== undefined) page.setDefaultTimeout(timeout);
  if (as !== undefined) await signIn(page, as, { password, landing });
  return page;
}

/** One spec file's server, browser and the contexts its tests open. */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly contexts: BrowserContext[];
  /** A page in a new context (signed in when `as` is given); closed with the others after the file. */
  open(options?: PageOptions): Promise<Page>;
}

/**
 * The frame of a browser spec: before its tests, a test server (fresh database, demo clinic; or whatever `start`
 * returns) and Chromium; after them, every context opened through `open`, the browser and the server closed.
 * A spec's own `beforeAll` (seeding, say) runs after these have started.
 */
export function browserSuite(
  start: ServerOptions | (() => Promise<TestServer>) = { demoMode: true },
): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet (use it inside a test or hook)`);
    return value;
  };
  beforeAll(async () => {
    server = typeof start === 'function' ? await start() : await startTestServer(start);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return started(server, 'test server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    contexts,
    open: (options) =>
      openPage(started(browser, 'browser'), started(server, 'test server'), contexts, options),
  };
}

/** Switches the theme with the header's one-tap toggle (dim or light) and waits until it applies. */
export async function setDim(page: Page, dim: boolean): Promise<void> {
  const scheme = await page.locator('html').getAttribute('data-mantine-color-scheme');
  if ((scheme === 'dark') === dim) return;
  await page.getByRole('button', { name: dim ? 'Switch to dim theme' : 'Switch to light theme' }).click();
  await page.getByRole('button', { name: dim ? 'Switch to light theme' : 'Switch to dim theme' }).waitFor();
}

/** axe in the light theme, then in the dim one (the choice is per device, so it switches back afterwards). */
export async function axeInBothThemes(page: Page, options: AxeOptions = {}): Promise<void> {
  await axeCheck(page, options);
  await setDim(page, true);
  await axeCheck(page, options);
  await setDim(page, false);
}

/** Saves a screenshot when LIMINAL_SCREENSHOTS names a folder (for reviewing the screens by eye). */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.LIMINAL_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: opts.fullPage ?? true });
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
