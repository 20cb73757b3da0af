import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  appointment,
  appointmentWithReminders,
  type bookingBody,
  bookingResponse,
  calendarResponse,
  checkResponse,
  type confirmBody,
  confirmResponse,
  type moveBody,
  patientAppointments,
  proposalResponse,
  type proposeBody,
  resourcesResponse,
  todayResponse,
} from '../../../contracts/scheduling';
import { api } from '../../lib/api';

export type Appointment = z.infer<typeof appointment>;
export type AppointmentDetail = z.infer<typeof appointmentWithReminders>;
export type Resources = z.infer<typeof resourcesResponse>;
export type AppointmentType = Resources['types'][number];
export type Clinician = Resources['clinicians'][number];
export type Site = Resources['locations'][number];
export type CheckResult = z.infer<typeof checkResponse>;
export type BookingInput = z.input<typeof bookingBody>;
export type MoveInput = z.input<typeof moveBody>;
export type TodayVisit = z.infer<typeof todayResponse>['appointments'][number];
export type Proposal = z.infer<typeof proposalResponse>;
export type ProposalItem = Proposal['items'][number];
export interface CalendarFilter {
  from: string;
  days: number;
  locationId?: string;
  roomId?: string;
  userId?: string;
  includeCancelled?: boolean;
}

export const schedulingKey = ['scheduling'] as const;

/** Sites, rooms, visit types, clinicians and policy: read once per screen visit, shared by every picker. */
export function useResources() {
  return useQuery({
    queryKey: [...schedulingKey, 'resources'],
    queryFn: ({ signal }) => api.get('/api/scheduling/resources', { schema: resourcesResponse, signal }),
    staleTime: 60_000,
  });
}

export function useCalendar(q: CalendarFilter, enabled = true) {
  return useQuery({
    queryKey: [...schedulingKey, 'calendar', q],
    queryFn: ({ signal }) =>
      api.get('/api/scheduling/calendar', {
        query: { ...q, includeCancelled: q.includeCancelled ? 'true' : undefined },
        schema: calendarResponse,
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTodayVisits(enabled: boolean) {
  return useQuery({
    queryKey: [...schedulingKey, 'today'],
    queryFn: ({ signal }) => api.get('/api/scheduling/today', { schema: todayResponse, signal }),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useAppointment(id: string | null) {
  return useQuery({
    queryKey: [...schedulingKey, 'appointment', id],
    queryFn: ({ signal }) =>
      api.get(`/api/appointments/${encodeURIComponent(id ?? '')}`, {
        schema: appointmentWithReminders,
        signal,
      }),
    enabled: id !== null,
  });
}

export function usePatientAppointments(patientId: string) {
  return useQuery({
    queryKey: ['patients', patientId, 'appointments'],
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(patientId)}/appointments`, {
        schema: patientAppointments,
        signal,
      }),
  });
}

/** Every booking change refreshes calendars, the Today board and the patient's visit list. */
function useRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: schedulingKey }),
      qc.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'patients' && q.queryKey[2] === 'appointments',
      }),
      qc.invalidateQueries({ queryKey: ['worklist'] }),
    ]);
}

export const checkBooking = (body: BookingInput, signal?: AbortSignal) =>
  api.post('/api/appointments/check', body, { schema: checkResponse, signal });

export const checkMove = (id: string, body: MoveInput, signal?: AbortSignal) =>
  api.post(`/api/appointments/${encodeURIComponent(id)}/move/check`, body, { schema: checkResponse, signal });

export function useBook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: BookingInput) => api.post('/api/appointments', body, { schema: bookingResponse }),
    onSuccess: refresh,
  });
}

export function useMove() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MoveInput }) =>
      api.post(`/api/appointments/${encodeURIComponent(id)}/move`, body, { schema: bookingResponse }),
    onSettled: refresh,
  });
}

export function useCancelVisit() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason, notifyPatient }: { id: string; reason: string; notifyPatient: boolean }) =>
      api.post(
        `/api/appointments/${encodeURIComponent(id)}/cancel`,
        { reason, notifyPatient },
        { schema: appointment },
      ),
    onSuccess: refresh,
  });
}

export function useSetStatus() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, status, version }: { id: string; status: Appointment['status']; version: number }) =>
      api.post(
        `/api/appointments/${encodeURIComponent(id)}/status`,
        { status: status === 'cancelled' ? 'booked' : status, version },
        { schema: appointment },
      ),
    onSettled: refresh,
  });
}

export function usePropose(patientId: string) {
  return useMutation({
    mutationFn: (body: z.input<typeof proposeBody>) =>
      api.post(`/api/patients/${encodeURIComponent(patientId)}/schedule/propose`, body, {
        schema: proposalResponse,
      }),
  });
}

export function useConfirmProposal(patientId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof confirmBody>) =>
      api.post(`/api/patients/${encodeURIComponent(patientId)}/schedule/confirm`, body, {
        schema: confirmResponse,
      }),
    onSuccess: refresh,
  });
}
