import { routeBioavailability } from '../../../domain/exposure';
import { num } from '../../lib/format';

/** Course routes name esketamine by product; the dose and exposure modules name the route (intranasal). */
export const pkRoute = (route: string) =>
  (route === 'esketamine' ? 'intranasal' : route) as 'iv' | 'im' | 'intranasal' | 'sublingual' | 'oral';

export function bioavailability(route: string): number | null {
  try {
    return routeBioavailability(pkRoute(route));
  } catch {
    return null;
  }
}

export interface DosePreview {
  mg: number;
  mgPerKg: number;
  f: number | null;
  bioavailableMg: number | null;
}

/** The dose as ordered, in mg and mg/kg × today's weight, and F × mg (DOMAIN §2 "route-normalised dose"). */
export function previewDose(
  route: string,
  unit: 'mg' | 'mgPerKg',
  amount: number,
  weightKg: number,
): DosePreview | null {
  if (!(amount > 0) || !(weightKg > 0)) return null;
  const mg = unit === 'mg' ? amount : Math.round(amount * weightKg * 1000) / 1000;
  const f = bioavailability(route);
  return { mg, mgPerKg: mg / weightKg, f, bioavailableMg: f === null ? null : Math.round(f * mg * 10) / 10 };
}

export const percent = (f: number) => `${num(f * 100, 0)} %`;
