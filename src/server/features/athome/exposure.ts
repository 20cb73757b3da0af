import { type PkModelId, safeSimulateExposure } from '../../../domain/exposure';
import { AppError, conflict } from '../../platform/errors';
import type { OrderDetail } from './present';
import type { SessionRow } from './repository';

const EXPOSURE_CAVEAT =
  'Educational estimate from published population models — not a dosing tool and not a measured level.';

/**
 * The expected-exposure curve of an at-home session's ordered dose, computed as the clinic console computes it
 * (domain/exposure, the same models, grid and rounding), with route sublingual and "now" marked from the dose.
 */
export function exposureOf(s: SessionRow, now: Date, model: PkModelId) {
  const detail = s.order_detail ? (JSON.parse(s.order_detail) as OrderDetail) : null;
  if (!detail || s.order_mg === null) throw conflict('There is no signed dose order yet.');
  const res = safeSimulateExposure({
    route: 'sublingual',
    doseMg: Number(s.order_mg),
    weightKg: detail.weightKg,
    model,
    durationMin: 240,
    stepMin: 2,
  });
  if (!res.ok)
    throw new AppError(
      'validation_failed',
      'The exposure model cannot use this order.',
      res.issues.map((i) => ({ field: i.field, message: i.message })),
    );
  const nowMinute = s.dose_taken_at
    ? Math.max(0, (now.getTime() - Date.parse(s.dose_taken_at)) / 60_000)
    : null;
  return {
    estimate: true as const,
    caveat: `${EXPOSURE_CAVEAT} ${res.value.caveat}`,
    model: res.value.model,
    sources: res.value.sources,
    points: res.value.points.map((p) => ({
      minute: p.minute,
      mgPerL: Math.round(p.mgPerL * 10_000) / 10_000,
    })),
    peak: res.value.peak,
    nowMinute: nowMinute === null ? null : Math.round(nowMinute * 10) / 10,
  };
}
