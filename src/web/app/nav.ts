import {
  IconApi,
  IconCalendarCog,
  IconCalendarEvent,
  IconCalendarWeek,
  IconCertificate,
  IconChartBar,
  IconClipboardList,
  IconCoin,
  IconFileCertificate,
  IconFileExport,
  IconHeartRateMonitor,
  IconHome,
  IconInbox,
  IconListSearch,
  IconLock,
  IconMessageCog,
  IconMessages,
  IconNotebook,
  IconNotes,
  IconReceipt,
  IconReceipt2,
  IconShieldCheck,
  IconUserSquareRounded,
  IconUsers,
  IconVaccineBottle,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

export interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean | 'true' }>;
  /** Shown when the user holds any of these permissions; no list = every staff member. */
  anyOf?: string[];
  end?: boolean;
}

/** The staff navigation. The server says what the user may do (`me.permissions`); the menu follows. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/app', label: 'Today', icon: IconCalendarEvent, end: true },
  { to: '/app/calendar', label: 'Calendar', icon: IconCalendarWeek, anyOf: ['patients.read'] },
  { to: '/app/enquiries', label: 'Enquiries', icon: IconInbox, anyOf: ['enquiries.manage'] },
  { to: '/app/patients', label: 'Patients', icon: IconUserSquareRounded, anyOf: ['patients.read'] },
  { to: '/app/messages', label: 'Messages', icon: IconMessages, anyOf: ['clinical.read'] },
  { to: '/app/notes', label: 'My notes', icon: IconNotes, anyOf: ['notes.todo'] },
  { to: '/app/outcomes', label: 'Outcomes', icon: IconChartBar, anyOf: ['outcomes.read'] },
  { to: '/app/billing', label: 'Billing', icon: IconReceipt, anyOf: ['billing.read'] },
  { to: '/app/ledger', label: 'Controlled substances', icon: IconVaccineBottle, anyOf: ['ledger.read'] },
  { to: '/app/claim-files', label: 'Claim files', icon: IconFileExport, anyOf: ['billing.export'] },
  { to: '/app/admin/users', label: 'Users', icon: IconUsers, anyOf: ['users.manage', 'users.read'] },
  { to: '/app/admin/licences', label: 'Licences', icon: IconCertificate, anyOf: ['users.read'] },
  { to: '/app/admin/consent', label: 'Consent forms', icon: IconFileCertificate, anyOf: ['settings.manage'] },
  { to: '/app/admin/instruments', label: 'Instruments', icon: IconClipboardList, anyOf: ['settings.manage'] },
  {
    to: '/app/admin/scheduling',
    label: 'Scheduling setup',
    icon: IconCalendarCog,
    anyOf: ['settings.manage'],
  },
  { to: '/app/admin/rules', label: 'Safety rules', icon: IconHeartRateMonitor, anyOf: ['settings.manage'] },
  { to: '/app/admin/at-home', label: 'At-home program', icon: IconHome, anyOf: ['settings.manage'] },
  { to: '/app/admin/messages', label: 'Messages setup', icon: IconMessageCog, anyOf: ['settings.manage'] },
  { to: '/app/admin/journal', label: 'Journal prompts', icon: IconNotebook, anyOf: ['settings.manage'] },
  {
    to: '/app/admin/billing-identity',
    label: 'Billing identity',
    icon: IconReceipt2,
    anyOf: ['settings.manage'],
  },
  { to: '/app/admin/policies', label: 'Clinic policies', icon: IconShieldCheck, anyOf: ['settings.manage'] },
  { to: '/app/admin/data-protection', label: 'Data protection', icon: IconLock, anyOf: ['settings.manage'] },
  { to: '/app/admin/fee-schedule', label: 'Fee schedule', icon: IconCoin, anyOf: ['billing.settings'] },
  { to: '/app/admin/audit', label: 'Audit log', icon: IconListSearch, anyOf: ['audit.read'] },
  { to: '/app/admin/api-clients', label: 'API clients', icon: IconApi, anyOf: ['users.read'] },
];

export const visibleNav = (permissions: readonly string[]) =>
  NAV_ITEMS.filter((i) => !i.anyOf || i.anyOf.some((p) => permissions.includes(p)));
