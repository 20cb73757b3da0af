import { typeBody } from '../../../../contracts/scheduling';
import type { DosingRoute, Hold, VisitCategory } from '../../../../domain/scheduling/catalogue';
import { zodResolver } from '../../../components/form';
import { ApiError } from '../../../lib/api';
import type { AppointmentType } from './scheduling-admin-query';

/** The visit-type form: its values, from and to the API's shape, and checked with the shared schema. */
export interface TypeValues {
  code: string;
  name: string;
  patientLabel: string;
  category: VisitCategory;
  route: DosingRoute | '';
  defaultMinutes: number | string;
  minMinutes: number | string;
  maxMinutes: number | string;
  modalities: string[];
  roomKinds: string[];
  roomRequired: boolean;
  staff: { roles: string[]; hold: Hold }[];
  certifiedSiteRequired: boolean;
  patientBookable: boolean;
  afterDosing: boolean;
  instructions: string;
  active: boolean;
  version: number | undefined;
}

export const toValues = (t: AppointmentType | null): TypeValues =>
  t
    ? {
        code: t.code,
        name: t.name,
        patientLabel: t.patientLabel,
        category: t.category,
        route: t.route ?? '',
        defaultMinutes: t.defaultMinutes,
        minMinutes: t.minMinutes,
        maxMinutes: t.maxMinutes,
        modalities: [...t.modalities],
        roomKinds: [...t.roomKinds],
        roomRequired: t.roomRequired,
        staff: t.staff.map((s) => ({ roles: [...s.roles], hold: s.hold })),
        certifiedSiteRequired: t.certifiedSiteRequired,
        patientBookable: t.patientBookable,
        afterDosing: t.afterDosing,
        instructions: t.instructions,
        active: t.active,
        version: t.version,
      }
    : {
        code: '',
        name: '',
        patientLabel: '',
        category: 'other',
        route: '',
        defaultMinutes: 60,
        minMinutes: 30,
        maxMinutes: 120,
        modalities: ['in_person'],
        roomKinds: [],
        roomRequired: false,
        staff: [{ roles: ['therapist'], hold: 'exclusive' }],
        certifiedSiteRequired: false,
        patientBookable: false,
        afterDosing: false,
        instructions: '',
        active: true,
        version: undefined,
      };

export const toBody = (v: TypeValues) => ({
  ...v,
  code: v.code.trim(),
  route: v.category === 'dosing' ? v.route || null : null,
  afterDosing: v.category !== 'dosing' && v.afterDosing,
});

export const validateType = zodResolver<ReturnType<typeof toBody>>(typeBody);

/** The current version of the type on the server, from a 409's problem body. */
export const serverVersion = (err: unknown): number | undefined => {
  if (!(err instanceof ApiError) || err.status !== 409) return undefined;
  const v = err.body.currentVersion;
  return typeof v === 'number' ? v : undefined;
};
