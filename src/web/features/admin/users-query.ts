import { useQuery } from '@tanstack/react-query';
import { userListResponse } from '../../../contracts/users';
import { api } from '../../lib/api';

export const usersKey = ['admin', 'users'] as const;

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => api.get('/api/admin/users', { schema: userListResponse }),
    enabled,
  });
}
