import type { UserSummary } from '../../../contracts/users';
import { toBool } from '../../db/dialect';
import type { UserRow } from './repository';

export const presentUser = (u: UserRow): UserSummary => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as UserSummary['role'],
  status: u.status as UserSummary['status'],
  mfaEnabled: toBool(u.mfa_enabled),
  canBreakGlass: toBool(u.can_break_glass),
  createdAt: u.created_at,
});
