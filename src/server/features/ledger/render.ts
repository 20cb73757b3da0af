import { eventLabel, ugToMg } from '../../../domain/ledger';
import { pdfKit } from '../../platform/pdf-kit';
import { dateWords, type Report } from './reports';

/**
 * CSV and PDF renderings of a ledger report. Quantities print in mg with up to three decimals, which is the
 * stored micrograms exactly (no rounding can hide a discrepancy).
 */
interface Column {
  header: string;
  width: number;
  value: (r: Report['rows'][number]) => string;
}

const mg = (ug: number | null) => (ug === null ? '' : String(ugToMg(ug)));
const signed = (ug: number) => (ug > 0 ? `+${ugToMg(ug)}` : String(ugToMg(ug)));

/** Dates in the PDF read as words ("Jan 12, 2027"); the CSV keeps YYYY-MM-DD, which spreadsheets sort. */
function columns(kind: Report['kind'], forPdf = false): Column[] {
  const date = forPdf
    ? (r: Report['rows'][number]) => dateWords(r.localDate)
    : (r: Report['rows'][number]) => r.localDate;
  const common: Column[] = [
    { header: 'Date', width: 52, value: date },
    { header: 'Event', width: 52, value: (r) => eventLabel(r.type) },
    { header: 'Product', width: 76, value: (r) => r.productName },
    { header: 'Lot', width: 44, value: (r) => r.lotNumber },
    { header: 'Container', width: 50, value: (r) => r.container },
    { header: 'Location', width: 56, value: (r) => r.location },
  ];
  const people: Column[] = [
    { header: 'By', width: 58, value: (r) => r.actor },
    { header: 'Witnesses', width: 64, value: (r) => r.witnesses.join('; ') },
  ];
  if (kind === 'inventory' || kind === 'discrepancies') {
    return [
      ...common,
      { header: 'Counted mg', width: 46, value: (r) => mg(r.quantityUg) },
      { header: 'Book mg', width: 46, value: (r) => mg(r.balanceUg) },
      { header: 'Difference mg', width: 50, value: (r) => signed(r.deltaUg) },
      ...people,
      { header: kind === 'inventory' ? 'Method' : 'Resolution', width: 126, value: (r) => r.reason ?? '' },
    ];
  }
  return [
    ...common,
    { header: 'Quantity mg', width: 44, value: (r) => mg(r.quantityUg) },
    { header: 'Change mg', width: 42, value: (r) => signed(r.deltaUg) },
    { header: 'Balance mg', width: 44, value: (r) => mg(r.balanceUg) },
    { header: 'Patient', width: 84, value: (r) => r.patient ?? '' },
    ...people,
    { header: 'Reason', width: 54, value: (r) => r.reason ?? '' },
  ];
}

/** Width of the PDF table: it must fit a landscape letter page inside its margins (792 − 2 × 36 pt). */
export const pdfTableWidth = (kind: Report['kind']): number =>
  columns(kind, true).reduce((sum, c) => sum + c.width, 0);
export const PDF_CONTENT_WIDTH = 792 - 2 * 36;

/** One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote. */
function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(report: Report): string {
  const cols = columns(report.kind);
  const lines = [
    [cell(report.title)],
    [cell(report.subtitle)],
    ...(report.openingBalanceUg !== null
      ? [[cell('Opening balance mg'), cell(mg(report.openingBalanceUg))]]
      : []),
    cols.map((c) => cell(c.header)),
    ...report.rows.map((r) => cols.map((c) => cell(c.value(r)))),
  ];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

export async function toPdf(report: Report): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: report.title, Creator: 'Liminal' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const cols = columns(report.kind, true);
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;

  doc.font('Helvetica-Bold').fontSize(13).text(report.title);
  doc.font('Helvetica').fontSize(8).text(report.subtitle);
  if (report.openingBalanceUg !== null) doc.text(`Opening balance: ${mg(report.openingBalanceUg)} mg`);
  doc.moveDown(0.5);

  const rowHeight = (values: string[]) =>
    Math.max(
      ...values.map((v, i) => doc.heightOfString(v || ' ', { width: (cols[i] as Column).width - 4 })),
    ) + 4;
  const drawRow = (values: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7);
    const h = rowHeight(values);
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (!bold)
        drawRow(
          cols.map((c) => c.header),
          true,
        );
      doc.font('Helvetica').fontSize(7);
    }
    const y = doc.y;
    let x = left;
    values.forEach((v, i) => {
      const w = (cols[i] as Column).width;
      doc.text(v, x + 2, y + 2, { width: w - 4, lineBreak: true });
      x += w;
    });
    doc
      .moveTo(left, y + h)
      .lineTo(x, y + h)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(
    cols.map((c) => c.header),
    true,
  );
  for (const r of report.rows)
    drawRow(
      cols.map((c) => c.value(r)),
      false,
    );
  if (!report.rows.length)
    doc
      .font('Helvetica')
      .fontSize(8)
      .text('No entries in this range.', left, doc.y + 6);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(
        `${report.title} · page ${i + 1} of ${range.count}`,
        left,
        doc.page.height - doc.page.margins.bottom - 10,
        { lineBreak: false },
      );
  }
  doc.end();
  return done;
}
