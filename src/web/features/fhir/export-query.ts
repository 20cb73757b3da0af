import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { exportStatus } from '../../../contracts/fhir';
import { api } from '../../lib/api';

/**
 * A whole-record export runs as a job on the server: the kick-off answers at once (202) and the status
 * URL is polled until the job has finished, then lists its files. Shared by the portal's "Download my
 * record" card and the staff export on request from the chart.
 */
export type ExportStatus = z.infer<typeof exportStatus>;
export type ExportFile = ExportStatus['files'][number];

export const isRunning = (s: ExportStatus | undefined) =>
  s?.status === 'accepted' || s?.status === 'in-progress';

/** How often a running job is asked about: the patient's record usually takes a second or two. */
const POLL_MS = 1000;

export const exportStatusKey = (statusUrl: string) => ['fhir', 'export', statusUrl] as const;

/**
 * The job at `statusUrl` (null: none started yet), polled while it runs. `initial` is the kick-off's own
 * answer, so the progress shows before the first poll comes back.
 */
export function useExportStatus(statusUrl: string | null, initial?: ExportStatus) {
  return useQuery({
    queryKey: exportStatusKey(statusUrl ?? ''),
    queryFn: ({ signal }) => api.get(statusUrl as string, { schema: exportStatus, signal }),
    enabled: statusUrl !== null,
    initialData: initial,
    // The kick-off's answer is already out of date a moment later: ask again at once.
    initialDataUpdatedAt: 0,
    staleTime: 0,
    refetchInterval: (query) => (isRunning(query.state.data) && !query.state.error ? POLL_MS : false),
  });
}
