import { useQuery } from '@tanstack/react-query';
import { ruleSetOverview } from '../../../../contracts/rules';
import { api } from '../../../lib/api';

export const rulesKey = ['admin', 'rule-sets'] as const;

export function useRuleSets() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => api.get('/api/admin/rule-sets', { schema: ruleSetOverview, signal }),
  });
}
