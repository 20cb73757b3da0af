import { z } from 'zod';
import { isValidNpi, isValidTaxonomy, isValidZip, normaliseEin } from '../domain/billing-docs/identifiers';
import { isoInstant } from './common';
import { isoDate } from './ledger-common';

/** Billing documents (issue #22): the practice's billing identity, insurance, superbills, 837P and CSV. */

/** An optional field: absent, null or blank is null; otherwise the schema's value. */
const opt = <T extends z.ZodType>(t: T) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v),
    t.nullable(),
  );
const optionalText = (max: number) => opt(z.string().trim().max(max, `Keep this to ${max} characters`));

const npi = z
  .string()
  .trim()
  .refine(isValidNpi, 'Enter the 10-digit NPI as NPPES shows it (its last digit did not check)');
const taxonomy = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidTaxonomy, 'Enter a 10-character taxonomy code ending in X, e.g. 2084P0800X');
const nullable = opt;

export const SUPERBILL_DETAILS = ['all', 'main'] as const;

export const practiceBody = z.object({
  name: z.string().trim().min(1, 'Enter the practice’s name').max(60),
  addressLine1: optionalText(55),
  addressLine2: optionalText(55),
  city: optionalText(30),
  state: opt(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Use the two-letter state code'),
  ),
  postalCode: nullable(z.string().trim().refine(isValidZip, 'Enter a ZIP code: 5 digits, or ZIP+4')),
  phone: optionalText(30),
  taxId: nullable(
    z
      .string()
      .trim()
      .refine((s) => normaliseEin(s) !== null, 'Enter the EIN as 12-3456789 (nine digits, an IRS prefix)')
      .transform((s) => normaliseEin(s) as string),
  ),
  npi: nullable(npi),
  taxonomy: nullable(taxonomy),
  // ISA06/GS02 and ISA08/GS03 hold 2 to 15 characters (X12 envelope; node-x12 refuses shorter).
  submitterId: opt(z.string().trim().min(2, 'Use 2 to 15 characters').max(15, 'Use 2 to 15 characters')),
  receiverName: optionalText(60),
  receiverId: opt(z.string().trim().min(2, 'Use 2 to 15 characters').max(15, 'Use 2 to 15 characters')),
  contactName: optionalText(60),
  usage: z.enum(['T', 'P'], { message: 'Choose test or production' }),
  superbillDetail: z.record(z.string().max(60), z.enum(SUPERBILL_DETAILS)).default({}),
});

export const clinicianBilling = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  npi: z.string().nullable(),
  taxonomy: z.string().nullable(),
  credentials: z.string().nullable(),
});

const practiceFields = z.object({
  name: z.string(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  phone: z.string().nullable(),
  taxId: z.string().nullable(),
  npi: z.string().nullable(),
  taxonomy: z.string().nullable(),
  submitterId: z.string().nullable(),
  receiverName: z.string().nullable(),
  receiverId: z.string().nullable(),
  contactName: z.string().nullable(),
  usage: z.enum(['T', 'P']),
  superbillDetail: z.record(z.string(), z.enum(SUPERBILL_DETAILS)),
});

export const practiceView = practiceFields.extend({
  version: z.number().int(),
  clinicians: z.array(clinicianBilling),
  visitTypes: z.array(z.object({ id: z.string(), name: z.string(), detail: z.enum(SUPERBILL_DETAILS) })),
  missingForClaims: z.array(z.string()),
});

export const clinicianParams = z.object({ userId: z.uuid() });
export const clinicianBody = z.object({
  npi,
  taxonomy: nullable(taxonomy),
  credentials: optionalText(20),
});

export const FILING_INDICATORS = ['CI', 'BL', 'MB', 'MC', 'HM'] as const;
export const RELATIONSHIPS = ['18', '01', '19', 'G8'] as const;

export const coverageBody = z
  .object({
    payerName: z.string().trim().min(1, 'Enter the insurer’s name').max(60),
    payerId: optionalText(80),
    memberId: z.string().trim().min(1, 'Enter the member id from the insurance card').max(80),
    groupNumber: optionalText(50),
    filingIndicator: z.enum(FILING_INDICATORS, { message: 'Choose the kind of plan' }),
    relationship: z.enum(RELATIONSHIPS, { message: 'Choose who the insured is' }),
    insuredFirstName: optionalText(35),
    insuredLastName: optionalText(60),
    insuredDateOfBirth: opt(isoDate),
    insuredSex: opt(z.enum(['F', 'M', 'U'], { message: 'Choose F, M or U' })),
  })
  .superRefine((c, ctx) => {
    if (c.relationship === '18') return;
    if (!c.insuredFirstName)
      ctx.addIssue({ code: 'custom', path: ['insuredFirstName'], message: 'Enter the insured’s first name' });
    if (!c.insuredLastName)
      ctx.addIssue({ code: 'custom', path: ['insuredLastName'], message: 'Enter the insured’s last name' });
    if (!c.insuredDateOfBirth)
      ctx.addIssue({
        code: 'custom',
        path: ['insuredDateOfBirth'],
        message: 'Enter the insured’s date of birth',
      });
  });
export const coverage = z.object({
  payerName: z.string(),
  payerId: z.string().nullable(),
  memberId: z.string(),
  groupNumber: z.string().nullable(),
  filingIndicator: z.string(),
  relationship: z.string(),
  insuredFirstName: z.string().nullable(),
  insuredLastName: z.string().nullable(),
  insuredDateOfBirth: z.string().nullable(),
  insuredSex: z.string().nullable(),
});
export const coverageView = z.object({ coverage: coverage.nullable() });

export const patientParams = z.object({ patientId: z.uuid() });

/** A superbill: one visit (visitId) or a date range of the patient's visits. */
export const superbillQuery = z
  .object({
    visitId: z.uuid().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.visitId) return;
    if (!q.from)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'Choose the first date, or one visit' });
    if (!q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Choose the last date' });
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last date is before the first' });
  });

export const superbillVisit = z.object({
  visitId: z.string(),
  date: z.string(),
  label: z.string(),
  totalCents: z.number().int(),
});
export const superbillList = z.object({ visits: z.array(superbillVisit), clinicName: z.string() });

export const superbillEmailBody = z
  .object({ visitId: z.uuid().optional(), from: isoDate.optional(), to: isoDate.optional() })
  .strict();
export const emailResult = z.object({ sent: z.boolean(), to: z.string().nullable() });

export const rangeQuery = z
  .object({ from: isoDate, to: isoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'The last date is before the first' });

export const claimVisit = z.object({
  visitId: z.string(),
  date: z.string(),
  patientName: z.string(),
  codes: z.array(z.string()),
  totalCents: z.number().int(),
  problems: z.array(z.string()),
});
export const claimPreview = z.object({
  visits: z.array(claimVisit),
  practiceProblems: z.array(z.string()),
});
export const claimBatch = z.object({
  id: z.string(),
  controlNumber: z.number().int(),
  from: z.string(),
  to: z.string(),
  claimCount: z.number().int(),
  totalCents: z.number().int(),
  usage: z.string(),
  createdAt: isoInstant,
  createdBy: z.string(),
});
export const claimBatchList = z.object({ batches: z.array(claimBatch) });
export const batchParams = z.object({ batchId: z.uuid() });
