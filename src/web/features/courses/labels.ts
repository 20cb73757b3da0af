import {
  IconCircleCheck,
  IconCircleX,
  IconClockPlay,
  IconFlag,
  IconHandStop,
  IconLock,
  IconPencil,
  IconPlayerPause,
  IconStethoscope,
  IconVaccine,
} from '@tabler/icons-react';
import type { StateLook } from '../../components/StateBadge';

/** Course routes as clinicians say them (DOMAIN §2). */
export const ROUTE_LABELS: Record<string, string> = {
  iv: 'IV infusion',
  im: 'IM injection',
  sublingual: 'Sublingual',
  oral: 'Oral',
  esketamine: 'Esketamine nasal spray',
};
export const routeLabel = (route: string) => ROUTE_LABELS[route] ?? route;

export const SETTING_LABELS: Record<string, string> = { in_clinic: 'In clinic', at_home: 'At home' };

export const NOTE_KIND_LABELS: Record<string, string> = {
  preparation: 'Preparation',
  integration: 'Integration',
};

/** Course status: colour, word and icon together (UX.md principle 2). */
export const COURSE_STATUS: Record<string, StateLook> = {
  planned: { label: 'Planned', color: 'yellow', Icon: IconClockPlay },
  active: { label: 'Active', color: 'green', Icon: IconCircleCheck },
  completed: { label: 'Completed', color: 'gray', Icon: IconFlag },
  stopped: { label: 'Stopped', color: 'gray', Icon: IconPlayerPause },
};

/** Dosing-session status, from the readiness gate to the locked record. */
export const SESSION_STATUS: Record<string, StateLook> = {
  pre_dose: { label: 'Pre-dose checks', color: 'yellow', Icon: IconStethoscope },
  dosing: { label: 'Dose ordered', color: 'yellow', Icon: IconVaccine },
  monitoring: { label: 'Monitoring', color: 'lagoon', Icon: IconStethoscope },
  discharged: { label: 'Discharged — to sign', color: 'yellow', Icon: IconPencil },
  signed: { label: 'Signed and locked', color: 'green', Icon: IconLock },
};

export const NOTE_STATUS: Record<string, StateLook> = {
  draft: { label: 'Draft', color: 'yellow', Icon: IconPencil },
  signed: { label: 'Signed', color: 'green', Icon: IconLock },
};

export const MET: StateLook = { label: 'Met', color: 'green', Icon: IconCircleCheck };
export const NOT_MET: StateLook = { label: 'Not met', color: 'red', Icon: IconCircleX };
export const OVERRIDDEN: StateLook = { label: 'Overridden', color: 'yellow', Icon: IconHandStop };

export const lookOf = (table: Record<string, StateLook>, key: string): StateLook =>
  table[key] ?? { label: key, color: 'gray', Icon: IconCircleCheck };
