import { ApiError } from '../../lib/api';

/** "30 seconds", "1 minute", "5 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** Plain words for a failed sign-in step; null when the error is better shown next to the fields. */
export function signInProblem(err: unknown): { title: string; message: string } | null {
  if (!(err instanceof ApiError))
    return { title: 'Could not sign in', message: 'Something went wrong. Try again.' };
  if (err.status === 429) {
    const wait = err.retryAfterSec;
    return {
      title: err.code === 'login_throttled' ? 'Too many failed attempts' : 'Too many requests',
      message: wait
        ? `For your account's safety, wait ${formatWait(wait)} before trying again.`
        : "For your account's safety, wait a few minutes before trying again.",
    };
  }
  if (err.code === 'invalid_credentials') {
    return { title: 'Email or password is not correct', message: 'Check both and try again.' };
  }
  if (err.status === 422 && err.fieldErrors.length > 0) return null;
  return { title: err.title, message: err.detail ?? 'Try again in a moment.' };
}
