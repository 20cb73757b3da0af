/**
 * The platform's user journeys in Chromium against a real server (fresh database, demo clinic seeded, demo
 * mode off so staff must enrol two-factor sign-in, mail captured): sign-in with MFA, sign-out, inviting a
 * user, and accessibility checks on the main pages. Requires `npm run build:web` first.
 *
 * The tests in this file share one server and run in order: the admin enrols MFA in the first journey, and
 * later journeys reuse that signed-in browser context (a TOTP code is accepted once, so signing in again
 * would need a later time step).
 */
import { generate } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { advanceClocks, axeCheck, browserSuite, label, signIn } from '../support/browser';

const suite = browserSuite({ demoMode: false });
/** The admin's signed-in context, from the MFA journey on (closed with the others after the file). */
let admin: BrowserContext | undefined;
const ADMIN_EMAIL = 'admin@demo.liminal.test';

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const page = await suite.open();
  return { context: page.context(), page };
}

/** Signs in without waiting for a landing page: staff go on to two-factor sign-in here. */
const signInOnly = (page: Page, email: string, password: string) =>
  signIn(page, email, { password, landing: null });

/** The TOTP code an authenticator app would show `stepsAhead` time steps (30 s) from now (the server's now). */
const totp = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(suite.server.clock.now().getTime() / 1000) + stepsAhead * 30 });

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu for / }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');
}

describe('sign-in page', () => {
  it('passes axe in the light and the dim theme, with crisis resources in the footer', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/signin');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      // The server renders this page with the clinic's information in it (no /api/public/info request); the
      // app has taken it over once the sign-in button is on.
      await expect(page.locator('#root[data-server-rendered]').count()).resolves.toBe(1);
      await page.locator('button[type="submit"]:enabled').waitFor();
      await expect(page.getByRole('link', { name: 'Call or text 988' }).getAttribute('href')).resolves.toBe(
        'tel:988',
      );
      // Demo mode is off on this server, so the demo banner must not show.
      await expect(page.getByTestId('demo-banner').count()).resolves.toBe(0);
      await axeCheck(page);
      await page.getByRole('button', { name: 'Switch to dim theme' }).click();
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
      await expect(page.locator('html').getAttribute('data-mantine-color-scheme')).resolves.toBe('dark');
      await axeCheck(page);
      // The choice is remembered on this device.
      await page.reload();
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('says when the password is wrong and keeps what was typed', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/signin');
      await signInOnly(page, ADMIN_EMAIL, 'not the password at all');
      const alert = page.getByTestId('signin-error');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toContain('Email or password is not correct');
      await expect(page.getByLabel(label('Email')).inputValue()).resolves.toBe(ADMIN_EMAIL);
      await expect(page.getByLabel(label('Password')).inputValue()).resolves.toBe('not the password at all');
      expect(page.url()).toMatch(/\/signin$/);
    } finally {
      await context.close();
    }
  });

  it('shows field errors from the shared schema before sending anything', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/signin');
      await page.getByLabel(label('Email')).fill('not-an-email');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Enter a valid email address').waitFor();
      await page.getByText('Enter your password').waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('staff journeys', () => {
  let secret = '';

  it('enrols MFA from the profile page, signs out, and signs in again with a TOTP code', async () => {
    const { context, page } = await newPage();
    admin = context;

    await page.goto('/signin');
    await signInOnly(page, ADMIN_EMAIL, suite.server.demoPassword);
    // Staff without MFA outside demo mode must enrol before anything else; other navigation is hidden.
    await page.waitForURL('**/app/profile');
    await page.getByText('Set up two-factor sign-in to continue').waitFor();
    await expect(page.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
    await axeCheck(page);

    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secretText = await page.getByTestId('mfa-secret').textContent();
    secret = (secretText ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await axeCheck(page);

    await page.getByLabel(label('6-digit code')).fill(await totp(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBeGreaterThanOrEqual(8);
    const done = page.getByRole('button', { name: 'Done' });
    await expect(done.isDisabled()).resolves.toBe(true);
    await page.getByLabel('I have saved these codes somewhere safe').check();
    await done.click();

    await page.waitForURL(/\/app$/);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.getByText('Ada Admin').first().waitFor();

    await signOut(page);
    await page.getByText('You have signed out.').waitFor();

    await signInOnly(page, ADMIN_EMAIL, suite.server.demoPassword);
    await page.waitForURL('**/signin/mfa');
    // The enrolment code's time step is spent (no replays): answer with the next step's code.
    await page.getByLabel(label('Code from your authenticator app')).fill(await totp(secret, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/app$/);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.getByRole('link', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Audit log' }).waitFor();
  });

  it('the users page lists staff and passes axe', async () => {
    if (!admin) throw new Error('needs the signed-in admin from the MFA journey');
    const page = await admin.newPage();
    await page.goto('/app/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByTestId('user-row').first().waitFor();
    expect(await page.getByTestId('user-row').count()).toBeGreaterThanOrEqual(5);
    await axeCheck(page);

    // A destructive action explains itself in a dialog before anything happens.
    await page.getByRole('button', { name: 'Actions for Frankie Desk' }).click();
    await page.getByRole('menuitem', { name: /Disable account/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('signed out everywhere');
    await axeCheck(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });

  it('the audit log lists entries, filters them and verifies its hash chain', async () => {
    if (!admin) throw new Error('needs the signed-in admin from the MFA journey');
    const page = await admin.newPage();
    await page.goto('/app/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    await axeCheck(page);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('The audit chain is intact').waitFor();

    // Actions are chosen by their words (one that nothing here has done).
    await page.getByLabel('Action', { exact: true }).first().fill('Revoked an API');
    await page.getByRole('option', { name: 'Revoked an API client' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=api_client\.revoke/);
    await page.getByText('No entries match these filters.').waitFor();
    await page.close();
  });

  it('an admin invites a user, who sets a password from the emailed link and signs in', async () => {
    if (!admin) throw new Error('needs the signed-in admin from the MFA journey');
    const email = `nina.e2e.${Date.now()}@example.test`;
    const page = await admin.newPage();
    await page.goto('/app/admin/users');
    await page.getByRole('button', { name: 'Invite a user' }).click();
    await page.getByLabel(label('Full name')).fill('Nina Newcomer');
    await page.getByLabel(label('Email')).fill(email);
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Nurse' }).click();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('invite-result').getByText('Invitation sent').waitFor();
    await page.getByTestId('user-row').filter({ hasText: email }).waitFor();
    await page.close();

    const mail = await suite.server.waitForMail((m) => m.to.includes(email));
    const link = /https?:\/\/\S+\/accept-invite#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link, `no invitation link in:\n${mail.text}`).toBeTruthy();

    const { context, page: invitee } = await newPage();
    try {
      await invitee.goto(link as string);
      await invitee.getByRole('heading', { level: 1, name: 'Welcome, Nina Newcomer' }).waitFor();
      // The token is taken out of the address bar once read.
      await invitee.waitForFunction(() => !window.location.hash);
      await axeCheck(invitee);
      const password = 'a calm and quiet dosing room';
      await invitee.getByLabel(label('New password')).fill(password);
      await invitee.getByLabel(label('New password again')).fill('something else entirely');
      await invitee.getByRole('button', { name: 'Set password' }).click();
      await invitee.getByText('The two passwords do not match').waitFor();
      await invitee.getByLabel(label('New password again')).fill(password);
      await invitee.getByRole('button', { name: 'Set password' }).click();

      await invitee.waitForURL('**/signin');
      await invitee.getByText('Your password is set. Sign in to continue.').waitFor();
      await expect(invitee.getByLabel(label('Email')).inputValue()).resolves.toBe(email);
      await signInOnly(invitee, email, password);
      // A new staff member's first stop is two-factor enrolment.
      await invitee.waitForURL('**/app/profile');
      await invitee.getByText('Set up two-factor sign-in to continue').waitFor();
      await invitee.getByText(email).first().waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('patient portal', () => {
  it('a patient lands on the portal, with crisis resources one tap away', async () => {
    const patient = suite.server.demoUsers.find((u) => u.role === 'patient');
    if (!patient) throw new Error('the demo clinic has no patient account');
    const { context, page } = await newPage();
    try {
      await page.goto('/signin');
      await signInOnly(page, patient.email, suite.server.demoPassword);
      await page.waitForURL('**/portal');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Call or text 988' }).waitFor();
      await axeCheck(page);
      // Staff pages are not for patients.
      await page.goto('/app/admin/users');
      await page.waitForURL('**/portal');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/signin');
    } finally {
      await context.close();
    }
  });
});

describe('idle timeout', () => {
  it('warns before the idle limit, can stay signed in, and signs out once the limit passes', async () => {
    const patient = suite.server.demoUsers.filter((u) => u.role === 'patient').at(-1);
    if (!patient) throw new Error('the demo clinic has no patient account');
    const { context, page } = await newPage();
    try {
      await page.goto('/signin');
      await signInOnly(page, patient.email, suite.server.demoPassword);
      await page.waitForURL('**/portal');
      // The portal home loads the patient's profile and consent: answers arriving after the fast-forward
      // below would count as fresh activity, so let them arrive first.
      await page.getByText('Chart number').waitFor();
      await page.waitForLoadState('networkidle');
      const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
      const limitMs = Number(me.session.idleTimeoutMinutes) * 60_000;

      // Time passes for the page and the server alike.
      await advanceClocks(suite.server, [context], limitMs - 60_000);
      const dialog = page.getByRole('dialog');
      // A patient is told it is their own information that is kept private.
      await dialog.getByText(/You will be signed out in \d+:\d\d to keep your information private/).waitFor();
      await axeCheck(page);
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { level: 1 }).waitFor();

      await advanceClocks(suite.server, [context], limitMs + 1_000);
      await page.waitForURL('**/signin');
      await page.getByText(/signed out after a period without activity/).waitFor();
      // The session really ended on the server too.
      const after = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
      expect(after).toBe(401);
    } finally {
      await context.close();
    }
  });
});
