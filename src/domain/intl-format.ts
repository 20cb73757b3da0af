/**
 * Date formatters made once and kept. Making an `Intl.DateTimeFormat` costs tens of microseconds and native
 * memory that is only freed when the garbage collector gets round to it: made per call, the worklist's ~150 dates
 * per answer took most of its CPU time and the server's memory grew to gigabytes under load (issue #23's bench).
 * A formatter is immutable, so one per locale and options is shared by every caller.
 */
const kept = new Map<string, Intl.DateTimeFormat>();
/** More distinct formatters than this means the options are not a fixed set: start again rather than grow. */
const MOST = 500;

/** `new Intl.DateTimeFormat(locale, options)`, made once per locale and options (it throws as Intl does). */
export function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = kept.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (kept.size >= MOST) kept.clear();
    kept.set(key, f);
  }
  return f;
}
