import type { Permission } from '../../platform/permissions';

/**
 * The permissions billing documents use (the role matrix is platform/permissions.ts; the biller role comes with
 * features/billing). Superbills and insurance: whoever reads charges (biller, prescriber). The claim file and
 * the accounting CSV: the biller and the admin only. The practice's billing identity: clinic settings (admin).
 */
export const READ: Permission = 'billing.read';
export const WRITE: Permission = 'billing.write';
export const EXPORT: Permission = 'billing.export';
export const SETTINGS: Permission = 'settings.manage';
