import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes';
import { APP_VERSION } from '../version';
import { COMMON_PARAMS, TYPES } from './registry';
import { SCOPE_CONTEXTS } from './tokens';

/**
 * What this server supports, derived from the same registry the routes and the search engine use, so the
 * statement lists exactly what works (and nothing else).
 */
const PARAM_TYPE = {
  token: 'token',
  date: 'date',
  reference: 'reference',
  string: 'string',
  uri: 'uri',
} as const;

export function capabilityStatement(
  base: string,
  software: { name: string; date: string },
): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = TYPES.map(
    (t): CapabilityStatementRestResource => ({
      type: t.type as ResourceType,
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      versioning: 'no-version',
      readHistory: false,
      updateCreate: false,
      searchInclude: Object.entries(t.params)
        .filter(([, d]) => d.kind === 'reference')
        .map(([p]) => `${t.type}:${p}`),
      searchParam: [...Object.entries(COMMON_PARAMS), ...Object.entries(t.params)].map(([name, d]) => ({
        name,
        type: PARAM_TYPE[d.kind],
        documentation: d.doc,
      })),
      ...(t.type === 'Patient'
        ? {
            operation: [
              {
                name: 'everything',
                definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
              },
              {
                name: 'export',
                definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
              },
            ],
          }
        : {}),
    }),
  );
  for (const r of resource) if (!r.searchInclude?.length) delete r.searchInclude;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: software.date,
    publisher: software.name,
    kind: 'instance',
    software: { name: 'Liminal', version: APP_VERSION },
    implementation: { description: `${software.name} FHIR R4 API`, url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only. Results are searchset Bundles with paging links (_count, _offset); _sort by date, _id or _lastUpdated; ' +
          '_include for the reference parameters listed per type. An unsupported parameter is an error (400), never ignored. ' +
          'Errors are OperationOutcome.',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth 2.0 client credentials',
            },
          ],
          description: `Bearer tokens from ${base}/auth/token (grant_type=client_credentials). Scopes: ${SCOPE_CONTEXTS.map((c) => `${c}/<Type|*>.read`).join(', ')}. A browser session of the web app also works.`,
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${base}/auth/token` }],
            },
          ],
        },
        resource,
        operation: [
          { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
        ],
      },
    ],
  };
}

/** SMART App Launch discovery (.well-known/smart-configuration) for backend services. */
export function smartConfiguration(base: string) {
  return {
    token_endpoint: `${base}/auth/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [
      'system/*.read',
      'user/*.read',
      'patient/*.read',
      ...TYPES.map((t) => `system/${t.type}.read`),
    ],
    capabilities: ['client-confidential-symmetric', 'permission-v1'],
  };
}
