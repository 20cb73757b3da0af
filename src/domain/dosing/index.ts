// Public surface of dose arithmetic. Server and web import from here.
export {
  checkDeviceSpacing,
  checkEsketamineAdministration,
  ESKETAMINE_MG_PER_DEVICE,
  ESKETAMINE_MIN_MINUTES_BETWEEN_DEVICES,
  ESKETAMINE_SOURCE,
  type EsketamineScheduleOptions,
  EsketamineScheduleOptionsSchema,
  esketamineDeviceCount,
  esketamineSchedule,
  type PlannedEsketamineDose,
  type SpacingViolation,
} from './esketamine';
export {
  checkDoseOrder,
  DEFAULT_DOSE_LIMITS,
  type DoseCheck,
  type DoseFinding,
  type DoseLimit,
  DoseLimitSchema,
  DoseLimitsSchema,
  type DoseOrder,
} from './limits';
export {
  type DoseInput,
  DoseInputError,
  DoseInputSchema,
  MAX_ORDER_MG,
  MAX_ORDER_MG_PER_KG,
  type NormalisedDose,
  normaliseDose,
  roundMg,
  safeNormaliseDose,
} from './normalise';
export {
  CONTROLLED_SUBSTANCE_SOURCE,
  type CourseRoute,
  type DoseSource,
  doseSources,
  isControlledRoute,
  productMisfit,
  ROUTE_STOCK,
  type StockContainer,
  type StockProduct,
  SUBSTANCE_LABELS,
  SUBSTANCES,
  type Substance,
} from './stock';
export {
  type AdministrationFacts,
  administrationAction,
  administrationHeadline,
  administrationText,
} from './wording';
