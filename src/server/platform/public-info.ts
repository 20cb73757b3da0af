import { APP_VERSION } from '../version';
import type { AppContext } from './context';
import { getSetting } from './settings';

/** What anyone may know about the installation: the clinic's name and contacts, demo mode, the version. */
export interface PublicInfo {
  clinicName: string;
  clinicPhone: string | null;
  clinicEmail: string | null;
  demoMode: boolean;
  version: string;
}

/** Answered by GET /api/public/info, and put in the public pages the server renders (platform/spa-pages.ts). */
export async function readPublicInfo(ctx: Pick<AppContext, 'db' | 'config'>): Promise<PublicInfo> {
  return {
    clinicName: await getSetting(ctx.db, 'clinic.name'),
    clinicPhone: await getSetting(ctx.db, 'clinic.phone'),
    clinicEmail: await getSetting(ctx.db, 'clinic.email'),
    demoMode: ctx.config.LIMINAL_DEMO,
    version: APP_VERSION,
  };
}
