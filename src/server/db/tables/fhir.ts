/**
 * Open data (issue #7): API clients for the FHIR API, their bearer tokens, and bulk-export jobs with their
 * files. Secrets and tokens are stored only as SHA-256 hashes (they are 256-bit random values, so a fast hash
 * is enough). Jobs and files live in the database so that any app process can answer a status URL or stream
 * a file; a file is a list of chunks so neither writing nor reading it holds the whole file in memory.
 */
export interface FhirApiClientsTable {
  id: string; // also the OAuth client_id
  name: string;
  secret_hash: string;
  scopes: string; // JSON string[] the client may be granted (SMART style: system/*.read, user/Observation.read …)
  user_id: string | null; // user/ scopes act on behalf of this staff account
  patient_id: string | null; // patient/ scopes: the client sees this patient only
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_token_at: string | null;
}

export interface FhirAccessTokensTable {
  id: string;
  token_hash: string; // unique
  client_id: string | null; // null for a token a patient issued to themself from the portal
  user_id: string | null;
  patient_id: string | null;
  scopes: string; // JSON string[] granted
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface FhirExportJobsTable {
  id: string;
  level: string; // system | patient-group (Patient/$export) | patient (one patient's record)
  patient_id: string | null; // level = patient
  types: string; // JSON ResourceType[] to export
  since: string | null;
  with_pdf: number; // a readable PDF summary is added (patient exports)
  status: string; // accepted | in-progress | completed | failed | cancelled
  progress: string | null; // a short human-readable phrase for X-Progress
  error: string | null;
  requester_kind: string; // user | client
  requester_id: string; // who alone may read the status and files
  auth: string; // JSON snapshot of the requester's access (role, patient, scopes) used to run the job
  recipient: string;
  purpose: string;
  request_url: string;
  transaction_time: string;
  lease_until: string | null; // the process running the job renews this; an expired lease may be taken over
  attempts: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  expires_at: string;
}

export interface FhirExportFilesTable {
  id: string;
  job_id: string;
  name: string; // Patient.ndjson, Observation.ndjson, summary.pdf
  resource_type: string | null;
  content_type: string;
  count: number; // resources (lines) in an NDJSON file
  bytes: number;
  chunks: number;
  created_at: string;
}

export interface FhirExportChunksTable {
  file_id: string;
  seq: number;
  data: Buffer;
}

export interface FhirTables {
  fhir_api_clients: FhirApiClientsTable;
  fhir_access_tokens: FhirAccessTokensTable;
  fhir_export_jobs: FhirExportJobsTable;
  fhir_export_files: FhirExportFilesTable;
  fhir_export_chunks: FhirExportChunksTable;
}
