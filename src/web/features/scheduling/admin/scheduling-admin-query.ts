import { type QueryClient, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  appointmentType,
  availability,
  icalStatus,
  location,
  schedulingSettings,
  schedulingStaffList,
} from '../../../../contracts/scheduling';
import { api } from '../../../lib/api';

export type Location = z.infer<typeof location>;
export type Room = Location['rooms'][number];
export type AppointmentType = z.infer<typeof appointmentType>;
export type SchedulingSettings = z.infer<typeof schedulingSettings>;
export type Availability = z.infer<typeof availability>;
export type StaffList = z.infer<typeof schedulingStaffList>;

/** Everything these screens cache lives under one prefix, so a change can refresh it all. */
export const adminKey = ['scheduling-admin'] as const;
export const locationsKey = [...adminKey, 'locations'] as const;
export const typesKey = [...adminKey, 'types'] as const;
export const settingsKey = [...adminKey, 'settings'] as const;
export const staffKey = [...adminKey, 'staff'] as const;
export const availabilityKey = (userId: string) => [...adminKey, 'availability', userId] as const;
export const icalKey = ['scheduling-ical'] as const;

const locationList = z.object({ locations: z.array(location) });
const typeList = z.object({ types: z.array(appointmentType) });

export function useLocations() {
  return useQuery({
    queryKey: locationsKey,
    queryFn: ({ signal }) => api.get('/api/admin/scheduling/locations', { schema: locationList, signal }),
  });
}

export function useTypes() {
  return useQuery({
    queryKey: typesKey,
    queryFn: ({ signal }) => api.get('/api/admin/scheduling/types', { schema: typeList, signal }),
  });
}

export function useSchedulingSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) =>
      api.get('/api/admin/scheduling/settings', { schema: schedulingSettings, signal }),
  });
}

export function useStaff() {
  return useQuery({
    queryKey: staffKey,
    queryFn: ({ signal }) => api.get('/api/admin/scheduling/staff', { schema: schedulingStaffList, signal }),
  });
}

export function useAvailability(userId: string | null) {
  return useQuery({
    queryKey: availabilityKey(userId ?? ''),
    queryFn: ({ signal }) =>
      api.get(`/api/admin/scheduling/staff/${encodeURIComponent(userId ?? '')}`, {
        schema: availability,
        signal,
      }),
    enabled: Boolean(userId),
  });
}

export function useIcalStatus(enabled = true) {
  return useQuery({
    queryKey: icalKey,
    queryFn: ({ signal }) => api.get('/api/scheduling/ical', { schema: icalStatus, signal }),
    enabled,
  });
}

/**
 * After a change: refreshes these screens and whatever the booking screens cached from the scheduling API
 * (sites, rooms, types and policy reach them through GET /api/scheduling/resources), whatever their keys.
 */
export function refreshScheduling(queryClient: QueryClient, ...keys: (readonly unknown[])[]): void {
  for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  void queryClient.invalidateQueries({
    predicate: (q) => {
      const head = q.queryKey[0];
      return typeof head === 'string' && head.startsWith('scheduling') && head !== 'scheduling-admin';
    },
  });
}
