import type { AuthContext } from './auth-context';
import { AppError } from './errors';
import type { SessionRecord } from './sessions';

/**
 * Who is acting on this request, for a route that is not public: the access hook has already refused a caller
 * it could not identify, so a missing context here is a route declared with the wrong access.
 */
export function requireAuth(request: { auth: AuthContext | null }): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

/** The signed-in browser session of this request (a bearer token has none). */
export function requireSession(request: { session: SessionRecord | null }): SessionRecord {
  if (!request.session) throw new AppError('unauthenticated');
  return request.session;
}
