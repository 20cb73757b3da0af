import { useSearchParams } from 'react-router';
import { todayIn, weekStart } from '../labels';
import type { Resources } from '../scheduling-query';

/**
 * What the calendar shows, kept in the address (`?view=&by=&id=&date=&cancelled=`) so a link or a reload
 * opens the same view: day or week, by site, room or clinician (which one), from which date. `set` changes
 * parts of it without adding to the browser's history.
 */
export function useCalendarUrl(res: Resources, myId: string | undefined) {
  const [params, setParams] = useSearchParams();
  const sites = res.locations.filter((l) => l.active);
  const view: 'day' | 'week' = params.get('view') === 'day' ? 'day' : 'week';
  const by = (['site', 'room', 'clinician'] as const).find((b) => b === params.get('by')) ?? 'site';
  const date = params.get('date') ?? todayIn(res.timezone);
  const includeCancelled = params.get('cancelled') === '1';
  const defaultId =
    by === 'site'
      ? (sites[0]?.id ?? '')
      : by === 'room'
        ? (sites[0]?.rooms.find((r) => r.active)?.id ?? '')
        : (res.clinicians.find((c) => c.id === myId)?.id ?? res.clinicians[0]?.id ?? '');
  const id = params.get('id') ?? defaultId;
  const set = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  const site =
    by === 'site'
      ? sites.find((l) => l.id === id)
      : by === 'room'
        ? sites.find((l) => l.rooms.some((r) => r.id === id))
        : undefined;
  const tz = site?.timezone ?? res.timezone;
  const from = view === 'week' ? weekStart(date) : date;
  const days = view === 'week' ? 7 : 1;
  return { view, by, date, includeCancelled, id, set, site, tz, from, days };
}
