// Public surface of the exposure estimate. Server and web import from here, not from the files inside.
export { type CompartmentAmounts, type DoseInput, simulateAmounts, systemMatrix } from './model';
export {
  KAMP_2020_SOURCE,
  PK_MODEL_IDS,
  PK_MODELS,
  type PkModel,
  type PkModelId,
  perHourToPerMinute,
  ROUTE_PARAMETERS,
  ROUTES,
  type Route,
  type RouteParameters,
  routeBioavailability,
} from './parameters';
export {
  type ExposureInput,
  ExposureInputError,
  ExposureInputSchema,
  type ExposurePoint,
  type ExposureResult,
  type FieldIssue,
  MAX_EXPOSURE_DOSE_MG,
  MAX_INFUSION_MINUTES,
  safeSimulateExposure,
  simulateExposure,
  timeGrid,
  toFieldIssues,
  type ValidExposureInput,
} from './simulate';
