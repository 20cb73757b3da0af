import type { FastifyRequest } from 'fastify';
import { toBool } from '../db/dialect';
import { nextAuthStep, sessionCookieName } from './access-hook';
import type { AppContext } from './context';
import { type Permission, permissionsFor } from './permissions';

/**
 * The API answers a signed-in first page asks for as soon as its code runs, so that the server's HTML can hint
 * them (`<link rel=preload as=fetch>`, platform/spa-pages.ts) and the phone fetches them beside the app's code
 * instead of a second or more later. The same requests the page makes, with the same access checks and audit
 * entries when they arrive; only who may see which panel is decided here as in the page, from the role's
 * permissions.
 *
 * Used when the page is not rendered by the server (which then puts the answers themselves in the page,
 * platform/spa-pages.ts). Kept in step with the pages by hand: the portal home (src/web/features/portal/
 * PortalHome.tsx and its cards) and the staff Today page (src/web/features/home/TodayPage.tsx and its panels).
 * A URL that goes out of step costs one extra request (and a console warning that a preload went unused), never
 * a wrong answer.
 */
const PAGES: Record<string, { url: string; role?: 'patient' | 'staff'; needs?: Permission }[]> = {
  '/portal': [
    '/api/portal/profile',
    '/api/portal/consent',
    '/api/portal/appointments',
    '/api/portal/measures',
    '/api/portal/messages',
    '/api/portal/journal',
    '/api/portal/progress',
    '/api/portal/at-home-sessions',
  ].map((url) => ({ url, role: 'patient' as const })),
  '/app': [
    { url: '/api/at-home/board', role: 'staff', needs: 'session.run' },
    { url: '/api/safety-tasks?status=open', role: 'staff', needs: 'clinical.read' },
    { url: '/api/care-tasks?state=open', role: 'staff', needs: 'clinical.read' },
    { url: '/api/sessions/active', role: 'staff', needs: 'clinical.read' },
    { url: '/api/scheduling/today', role: 'staff', needs: 'patients.read' },
    { url: '/api/notes/todo?limit=1', role: 'staff', needs: 'notes.todo' },
    { url: '/api/worklist', role: 'staff', needs: 'worklist.read' },
  ],
};

/** The API URLs the first page at `path` will ask for, for the person the request's session cookie stands for. */
export function firstPageData(ctx: AppContext): (path: string, request: FastifyRequest) => Promise<string[]> {
  const cookieName = sessionCookieName(ctx.config.secureCookies);
  return async (path, request) => {
    const wanted = PAGES[path];
    const token = request.cookies?.[cookieName];
    if (!wanted || !token) return [];
    // Looked up without touching the session: the page's own requests extend it when they arrive.
    const found = await ctx.sessions.resolveWithUser(token);
    if (!found) return [];
    const { session, user } = found;
    if (user.status !== 'active') return [];
    const patient = user.role === 'patient';
    const auth = { role: user.role, mfaVerified: session.mfaVerified } as Parameters<typeof nextAuthStep>[0];
    // A session still owing its second factor is sent to that step, not to the page.
    if (nextAuthStep(auth, ctx.config.LIMINAL_DEMO, toBool(user.mfa_enabled)) !== null) return [];
    const permissions = new Set(permissionsFor(user.role));
    return wanted
      .filter((w) => (w.role === 'patient' ? patient : !patient))
      .filter((w) => !w.needs || permissions.has(w.needs))
      .map((w) => w.url);
  };
}
