import { z } from 'zod';

// Zod compiles object parsers with `new Function` when it may, and probes for that once; the page's CSP forbids
// eval, so the probe is reported as a CSP violation on every page. Parsing without it is as correct. Imported
// first by main.tsx, before any module that builds a schema.
z.config({ jitless: true });
