/**
 * The database's table types, one file per feature under tables/. Conventions (see dialect.ts):
 *  - ids are random UUID strings; instants are ISO-8601 UTC strings (they sort as text on both engines);
 *  - flags are integers 0/1 on both engines (better-sqlite3 cannot bind booleans), read through toBool();
 *  - JSON documents are stored as text and parsed in the repository that owns them;
 *  - quantities of controlled substances are integer micrograms.
 */
import type { AtHomeTables } from './tables/athome';
import type { BillingTables } from './tables/billing';
import type { ClaimTables } from './tables/claims';
import type { CourseTables } from './tables/courses';
import type { EmergencyTables } from './tables/emergency';
import type { FhirTables } from './tables/fhir';
import type { JournalTables } from './tables/journal';
import type { LedgerTables } from './tables/ledger';
import type { MeasureTables } from './tables/measures';
import type { MessageTables } from './tables/messages';
import type { OutcomeTables } from './tables/outcomes';
import type { PatientTables } from './tables/patients';
import type { PlatformTables } from './tables/platform';
import type { RuleTables } from './tables/rules';
import type { SchedulingTables } from './tables/scheduling';
import type { TaskTables } from './tables/tasks';

export type * from './tables/athome';
export type * from './tables/billing';
export type * from './tables/claims';
export type * from './tables/courses';
export type * from './tables/emergency';
export type * from './tables/fhir';
export type * from './tables/journal';
export type * from './tables/ledger';
export type * from './tables/measures';
export type * from './tables/messages';
export type * from './tables/outcomes';
export type * from './tables/patients';
export type * from './tables/platform';
export type * from './tables/rules';
export type * from './tables/scheduling';
export type * from './tables/tasks';

export interface Database
  extends PlatformTables,
    PatientTables,
    CourseTables,
    LedgerTables,
    MeasureTables,
    OutcomeTables,
    SchedulingTables,
    FhirTables,
    EmergencyTables,
    RuleTables,
    AtHomeTables,
    TaskTables,
    JournalTables,
    MessageTables,
    BillingTables,
    ClaimTables {}
