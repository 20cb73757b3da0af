import { dateWords } from '../../../../domain/scheduling/zone-words';
import { LedgerWorklist } from '../../ledger';
import { type Source, type WorkItem, whole } from '../items';

const mg = (ug: number) => `${Math.round(ug / 10) / 100} mg`;

/** The controlled-substance record's deadlines and problems (the ledger computes them; listed here). */
export const ledger: Source = async (_trx, _now, auth, page, ctx) => {
  const w = await new LedgerWorklist(ctx).worklist(auth, 60);
  const items: WorkItem[] = [];
  const sev = (s: string) =>
    (s === 'overdue' ? 'urgent' : s === 'due_soon' ? 'due' : 'info') as WorkItem['severity'];
  for (const t of w.theftLoss) {
    if (!t.deaNotice.done)
      items.push({
        id: `ledger:dea:${t.eventId}`,
        kind: 'ledger_theft_loss',
        severity: 'urgent',
        title: 'Notify the DEA of a theft or loss',
        detail: `${mg(t.quantityUg)} discovered ${dateWords(t.discoveredOn)}; notice due ${dateWords(t.deaNotice.dueOn)} (21 CFR 1301.76(b)).`,
        patientId: null,
        patientName: null,
        link: '/app/ledger#theft-loss',
        at: t.deaNotice.dueOn,
      });
    if (!t.form106.done)
      items.push({
        id: `ledger:106:${t.eventId}`,
        kind: 'ledger_form_106',
        severity: sev(t.form106.status) === 'info' ? 'due' : sev(t.form106.status),
        title: 'File DEA Form 106',
        detail: `Due ${dateWords(t.form106.dueOn)}.`,
        patientId: null,
        patientName: null,
        link: '/app/ledger#theft-loss',
        at: t.form106.dueOn,
      });
  }
  for (const d of w.openDiscrepancies)
    items.push({
      id: `ledger:disc:${d.countEventId}`,
      kind: 'ledger_discrepancy',
      severity: 'urgent',
      title: 'Count discrepancy to resolve',
      detail: `Counted ${mg(d.observedUg)}, expected ${mg(d.expectedUg)} on ${dateWords(d.localDate)}. Resolve with a witnessed adjustment or a theft/loss report.`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#discrepancies',
      at: d.localDate,
    });
  if (w.inventory.status !== 'ok')
    items.push({
      id: 'ledger:biennial',
      kind: 'ledger_inventory',
      severity: sev(w.inventory.status),
      title: 'Biennial controlled-substance inventory',
      detail: `Due ${dateWords(w.inventory.dueOn)} (${w.inventory.source}).`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#inventory',
      at: w.inventory.dueOn,
    });
  for (const l of w.expiringLots)
    items.push({
      id: `ledger:lot:${l.lotId}`,
      kind: 'ledger_expiring_lot',
      severity: l.expired ? 'urgent' : 'due',
      title: `${l.productName} lot ${l.lotNumber} ${l.expired ? 'expired' : 'expires'} ${dateWords(l.expiresOn)}`,
      detail: `${mg(l.balanceUg)} in stock.`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#stock',
      at: l.expiresOn,
    });
  for (const p of w.lowStock)
    items.push({
      id: `ledger:low:${p.productId}`,
      kind: 'ledger_low_stock',
      severity: 'due',
      title: `Low stock: ${p.productName}`,
      detail: `${mg(p.balanceUg)} left (reorder below ${mg(p.thresholdUg)}).`,
      patientId: null,
      patientName: null,
      link: '/app/ledger#stock',
      at: null,
    });
  return whole(items, page);
};
