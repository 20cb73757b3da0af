import { z } from 'zod';
import { text } from './common';
import { sessionSafety } from './session-safety';

export const ROUTE_VALUES = ['iv', 'im', 'sublingual', 'oral', 'esketamine'] as const;
export const SETTING_VALUES = ['in_clinic', 'at_home'] as const;

export const courseTemplate = z.object({
  key: z.string(),
  name: z.string(),
  route: z.enum(ROUTE_VALUES),
  setting: z.enum(SETTING_VALUES),
  plannedPreparation: z.number(),
  plannedDosing: z.number(),
  plannedIntegration: z.number(),
  vitalsEveryMinutes: z.number(),
  description: z.string(),
});
export const courseTemplateBody = z.object({
  name: text(120),
  plannedPreparation: z.number().int().min(0).max(20),
  plannedDosing: z.number().int().min(1).max(40),
  plannedIntegration: z.number().int().min(0).max(40),
  vitalsEveryMinutes: z.number().int().min(5).max(60),
  description: text(2000),
});

export const createCourseBody = z.object({
  templateKey: z.string().min(1).max(40),
  indications: z.array(text(120)).min(1, 'Name at least one indication').max(6),
  plannedDosing: z.number().int().min(1).max(40).optional(),
  remsEnrolled: z.boolean().optional(),
  remsPatientId: z.string().trim().max(40).optional(),
});

export const noteContent = z.object({
  intentions: z.string().max(20_000).default(''),
  goals: z.string().max(20_000).default(''),
  themes: z.string().max(20_000).default(''),
  insights: z.string().max(20_000).default(''),
  commitments: z.string().max(20_000).default(''),
  homework: z.string().max(20_000).default(''),
  narrative: z.string().max(60_000).default(''),
});
export const createNoteBody = z.object({
  kind: z.enum(['preparation', 'integration']),
  sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD'),
  dosingSessionId: z.uuid().optional(),
});
export const saveNoteBody = z.object({ content: noteContent, version: z.number().int().min(1) });
export const addendumBody = z.object({ body: text(20_000) });

export const addendum = z.object({
  id: z.string(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export const therapyNote = z.object({
  id: z.string(),
  courseId: z.string(),
  kind: z.enum(['preparation', 'integration']),
  dosingSessionId: z.string().nullable(),
  sessionDate: z.string(),
  content: noteContent,
  status: z.enum(['draft', 'signed']),
  authorId: z.string(),
  authorName: z.string().nullable(),
  signedAt: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
  addenda: z.array(addendum),
});

export const sessionSummary = z.object({
  id: z.string(),
  number: z.number(),
  route: z.string(),
  status: z.string(),
  startedAt: z.string(),
  firstDoseAt: z.string().nullable(),
  doseMg: z.number().nullable(),
  peakSbp: z.number().nullable(),
  peakHr: z.number().nullable(),
  alerts: z.number(),
  adverseEvents: z.number(),
  signedAt: z.string().nullable(),
  remsDueBy: z.string().nullable(),
  remsSubmittedAt: z.string().nullable(),
  /** Safety alerts now (a session under way: a hold, monitoring overdue), as on the board and in the console. */
  safety: sessionSafety,
});

export const course = z.object({
  id: z.string(),
  templateKey: z.string(),
  route: z.enum(ROUTE_VALUES),
  setting: z.enum(SETTING_VALUES),
  indications: z.array(z.string()),
  plannedPreparation: z.number(),
  plannedDosing: z.number(),
  plannedIntegration: z.number(),
  status: z.string(),
  remsEnrolled: z.boolean(),
  createdAt: z.string(),
  notes: z.array(therapyNote),
  sessions: z.array(sessionSummary),
});
export const courseList = z.object({ courses: z.array(course) });

export const readinessItem = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** Where in the app it is fixed. */
  fixPath: z.string(),
  overridable: z.boolean(),
});
export const readinessResponse = z.object({ ready: z.boolean(), items: z.array(readinessItem) });

export const courseParams = z.object({ patientId: z.uuid(), courseId: z.uuid() });
export const noteParams = z.object({ patientId: z.uuid(), noteId: z.uuid() });
export const sessionParams = z.object({ patientId: z.uuid(), sessionId: z.uuid() });
