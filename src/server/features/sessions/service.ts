import type { z } from 'zod';
import type {
  administrationBody,
  checklistBody,
  dischargeBody,
  entryBody,
  orderBody,
} from '../../../contracts/sessions';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { serviceOf } from '../../platform/services';
import { AdministrationService } from './administration';
import { SessionEntriesService } from './entries';
import { SessionLifecycleService } from './lifecycle';

/**
 * The dosing-session console's writes, by sub-feature: the session's lifecycle (lifecycle.ts), its monitoring
 * entries and corrections (entries.ts) and the dose (administration.ts).
 */
export class SessionsService {
  private readonly lifecycle: SessionLifecycleService;
  private readonly entries: SessionEntriesService;
  private readonly administration: AdministrationService;
  constructor(ctx: AppContext) {
    this.lifecycle = serviceOf(ctx, SessionLifecycleService);
    this.entries = serviceOf(ctx, SessionEntriesService);
    this.administration = serviceOf(ctx, AdministrationService);
  }

  start(
    auth: AuthContext,
    patientId: string,
    courseId: string,
    overrides: { itemId: string; reason: string }[],
  ) {
    return this.lifecycle.start(auth, patientId, courseId, overrides);
  }
  checklist(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof checklistBody>) {
    return this.lifecycle.checklist(auth, patientId, sessionId, body);
  }
  overrideHold(auth: AuthContext, patientId: string, sessionId: string, reason: string) {
    return this.lifecycle.overrideHold(auth, patientId, sessionId, reason);
  }
  discharge(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof dischargeBody>) {
    return this.lifecycle.discharge(auth, patientId, sessionId, body);
  }
  narrative(auth: AuthContext, patientId: string, sessionId: string, text: string) {
    return this.lifecycle.narrative(auth, patientId, sessionId, text);
  }
  sign(auth: AuthContext, patientId: string, sessionId: string) {
    return this.lifecycle.sign(auth, patientId, sessionId);
  }
  addendum(auth: AuthContext, patientId: string, sessionId: string, body: string) {
    return this.lifecycle.addendum(auth, patientId, sessionId, body);
  }
  markRemsSubmitted(auth: AuthContext, patientId: string, sessionId: string) {
    return this.lifecycle.markRemsSubmitted(auth, patientId, sessionId);
  }
  addEntry(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof entryBody>) {
    return this.entries.addEntry(auth, patientId, sessionId, body);
  }

  /** The entries route's first read (first-read.ts), for the access hook to fold. */
  entryFirstRead(patientId: unknown, sessionId: unknown, key: string | null | undefined) {
    return this.entries.firstRead(patientId, sessionId, key);
  }
  order(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof orderBody>) {
    return this.administration.order(auth, patientId, sessionId, body);
  }
  administer(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof administrationBody>,
  ) {
    return this.administration.administer(auth, patientId, sessionId, body);
  }
}
