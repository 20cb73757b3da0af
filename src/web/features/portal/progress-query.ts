import { useQuery } from '@tanstack/react-query';
import { type PortalProgress, portalProgress } from '../../../contracts/progress';
import { api } from '../../lib/api';

export type { PortalProgress };

/** The patient's own progress (GET /api/portal/progress): one course (the active one unless chosen). */
export function usePortalProgress(courseId?: string) {
  return useQuery({
    queryKey: ['portal', 'progress', courseId ?? 'current'],
    queryFn: ({ signal }) =>
      api.get('/api/portal/progress', {
        ...(courseId ? { query: { courseId } } : {}),
        schema: portalProgress,
        signal,
      }),
    staleTime: 0,
  });
}
