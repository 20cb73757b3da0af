// Published pharmacokinetic parameters for the educational exposure estimate (DOMAIN §2).
//
// Everything here is data, so a medical director (or a reviewer) can read exactly which numbers drive the
// curve and where they come from. The dosing module imports the route bioavailability values from here so
// that "F" has a single source in the code base.

/** Routes the clinic records. `intranasal` means esketamine nasal spray (Spravato); the others are racemic. */
export const ROUTES = ['iv', 'im', 'intranasal', 'sublingual', 'oral'] as const;
export type Route = (typeof ROUTES)[number];

export const PK_MODEL_IDS = ['domino', 'clements', 'kamp'] as const;
export type PkModelId = (typeof PK_MODEL_IDS)[number];

/**
 * A linear mammillary compartment model. Rate constants are per minute; V1 is litres per kg of body weight.
 * Fewer compartments are expressed by zero inter-compartment rates (two: k13 = k31 = 0; one: all zero),
 * which keeps one solver for every model.
 */
export interface PkModel {
  id: PkModelId;
  label: string;
  compartments: 1 | 2 | 3;
  v1LPerKg: number;
  k10: number;
  k12: number;
  k13: number;
  k21: number;
  k31: number;
  source: string;
}

/** The population summary used to sanity-check the models and to derive the illustrative absorption rates. */
export const KAMP_2020_SOURCE =
  'Kamp J et al., ketamine pharmacokinetics: systematic review, meta-analysis and population analysis, ' +
  'Anesthesiology 2020 (Vd ≈ 252 L/70 kg, CL ≈ 79 L/h, t½ ≈ 2–3 h)';

export const PK_MODELS: Readonly<Record<PkModelId, PkModel>> = {
  domino: {
    id: 'domino',
    label: 'Domino et al. 1984 model (three-compartment, racemic ketamine IV)',
    compartments: 3,
    v1LPerKg: 0.063,
    k10: 0.4381,
    k12: 0.5921,
    k13: 0.59,
    k21: 0.247,
    k31: 0.0146,
    source:
      'Domino EF et al. Ketamine kinetics in unmedicated and diazepam-premedicated subjects. ' +
      'Clin Pharmacol Ther 1984;36(5):645–653 (three-compartment parameter set as used in infusion-pump software)',
  },
  clements: {
    id: 'clements',
    label: 'Clements and Nimmo 1981 model (two-compartment, racemic ketamine IV)',
    compartments: 2,
    v1LPerKg: 1.7522,
    k10: 0.0109,
    k12: 0.0186,
    k13: 0,
    k21: 0.0137,
    k31: 0,
    source:
      'Clements JA, Nimmo WS. Pharmacokinetics and analgesic effect of ketamine in man. Br J Anaesth ' +
      '1981;53(1):27–30 (two-compartment parameters)',
  },
  // Not one of the two IV parameter sets but the one-compartment population summary, scaled
  // linearly with weight. The illustrative absorption rates below match it: with this model they give
  // peaks at about 15 (IM), 29 (intranasal), 43 (sublingual) and 57 (oral) minutes, inside the observed
  // Tmax of every route, which the two-compartment Clements model does not (its peaks come earlier).
  kamp: {
    id: 'kamp',
    label: 'Kamp et al. 2020 model (one-compartment population summary)',
    compartments: 1,
    v1LPerKg: 252 / 70,
    k10: 79 / 252 / 60,
    k12: 0,
    k13: 0,
    k21: 0,
    k31: 0,
    source: KAMP_2020_SOURCE,
  },
};

export interface RouteParameters {
  route: Route;
  label: string;
  /** Fraction of the nominal dose that reaches the systemic circulation. */
  bioavailability: number;
  /**
   * First-order absorption rate per hour as published/derived, or null for IV (no absorption step).
   * Kept per hour because that is how the literature states it; the solver uses `kaPerMin`.
   */
  kaPerHour: number | null;
  kaPerMin: number | null;
  /** Observed time of peak concentration, minutes, for display next to the estimate. */
  observedTmaxMin: readonly [number, number] | null;
  source: string;
}

/** The literature states ka per hour while the IV models run per minute. */
export function perHourToPerMinute(ratePerHour: number): number {
  return ratePerHour / 60;
}

function absorbed(
  route: Route,
  label: string,
  bioavailability: number,
  kaPerHour: number,
  observedTmaxMin: readonly [number, number],
  source: string,
): RouteParameters {
  return {
    route,
    label,
    bioavailability,
    kaPerHour,
    kaPerMin: perHourToPerMinute(kaPerHour),
    observedTmaxMin,
    source,
  };
}

// The absorption rates are illustrative values that reproduce the observed Tmax of each route.
// They do so with Kamp 2020's one-compartment summary (k ≈ 79/252 per hour; checked in the tests); in the
// two-compartment Clements model, whose early decline is faster, the modelled peak arrives earlier.
export const ROUTE_PARAMETERS: Readonly<Record<Route, RouteParameters>> = {
  iv: {
    route: 'iv',
    label: 'Intravenous (racemic ketamine)',
    bioavailability: 1,
    kaPerHour: null,
    kaPerMin: null,
    observedTmaxMin: null,
    source: 'Andrade 2017, J Clin Psychiatry 78:e852 (IV is complete by definition; peak at end of infusion)',
  },
  im: absorbed(
    'im',
    'Intramuscular (racemic ketamine)',
    0.93,
    16.7,
    [5, 15],
    'Andrade 2017, J Clin Psychiatry 78:e852 (F ≈ 93 %, Tmax 5–15 min); absorption rate chosen to reproduce that Tmax (illustrative)',
  ),
  intranasal: absorbed(
    'intranasal',
    'Intranasal esketamine (Spravato)',
    0.48,
    6.6,
    [20, 40],
    'Spravato (esketamine) US prescribing information: F ≈ 48 %, Tmax 20–40 min; absorption rate chosen to reproduce that Tmax (illustrative)',
  ),
  sublingual: absorbed(
    'sublingual',
    'Sublingual troche / RDT (racemic ketamine)',
    0.3,
    3.75,
    [30, 60],
    'Rolan 2013 (sublingual F ≈ 29–32 %); Chong 2006; Tmax ≈ 45 min; absorption rate chosen to reproduce that Tmax (illustrative)',
  ),
  oral: absorbed(
    'oral',
    'Oral (racemic ketamine)',
    0.2,
    2.5,
    [45, 90],
    'Andrade 2017; Chong 2006 (oral F ≈ 17–24 %, Tmax ≈ 60 min); absorption rate chosen to reproduce that Tmax (illustrative)',
  ),
};

/** Bioavailability F for a route: the single source the dosing module reads. */
export function routeBioavailability(route: Route): number {
  return ROUTE_PARAMETERS[route].bioavailability;
}
