import { formatEin, formatUsd, PLACES_OF_SERVICE, type Superbill } from '../../../domain/billing-docs';
import { pdfKit } from '../../platform/pdf-kit';

/**
 * The superbill as a printable US Letter page (pdfkit, built-in Helvetica): practice header, patient and insured,
 * the services table (CMS-1500 item 24 columns), the diagnoses with their letters (item 21), the amounts, and the
 * clinician's signature line. Plain words; dates as MM/DD/YYYY as insurers print them.
 */
const usDate = (d: string | null) => (d ? `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}` : '—');

export async function renderSuperbill(b: Superbill): Promise<Buffer> {
  const { input } = b;
  const PDFDocument = await pdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 40,
      info: { Title: `Superbill — ${input.practice.name}`, Producer: 'Liminal' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;

    const label = (k: string, v: string | null) =>
      doc
        .font('Helvetica-Bold')
        .text(`${k}: `, { continued: true })
        .font('Helvetica')
        .text(v && v.length > 0 ? v : '—');

    doc.font('Helvetica-Bold').fontSize(18).text('Superbill');
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#444')
      .text(
        `Statement of services for insurance reimbursement · dates of service ${usDate(input.period.from)} to ${usDate(input.period.to)} · issued ${usDate(input.issuedOn)}`,
      )
      .fillColor('#000')
      .moveDown(0.6);

    // Practice
    doc.font('Helvetica-Bold').fontSize(11).text('Practice').moveDown(0.2);
    doc.fontSize(9.5);
    label('Name', input.practice.name);
    label('Address', input.practice.addressLines.join(', '));
    label('Phone', input.practice.phone);
    label('Tax id (EIN)', input.practice.taxId ? formatEin(input.practice.taxId) : null);
    label('Practice NPI', input.practice.npi);
    if (input.practice.taxonomy) label('Taxonomy', input.practice.taxonomy);
    for (const c of b.clinicians)
      label(
        'Rendering clinician',
        `${c.name}${c.credentials ? `, ${c.credentials}` : ''} · NPI ${c.npi ?? '—'}`,
      );
    doc.moveDown(0.5);

    // Patient and insured
    doc.font('Helvetica-Bold').fontSize(11).text('Patient').moveDown(0.2);
    doc.fontSize(9.5);
    label('Name', input.patient.name);
    label('Date of birth', usDate(input.patient.dateOfBirth));
    label('Address', input.patient.addressLines.join(', '));
    if (input.patient.phone) label('Phone', input.patient.phone);
    const cov = input.coverage;
    label('Insurer', cov?.insurer ?? null);
    label('Member id', cov?.memberId ?? null);
    if (cov?.groupNumber) label('Group number', cov.groupNumber);
    if (cov?.insuredName)
      label('Insured', `${cov.insuredName}${cov.relationship ? ` (${cov.relationship})` : ''}`);
    doc.moveDown(0.5);

    // Diagnoses
    doc.font('Helvetica-Bold').fontSize(11).text('Diagnoses (ICD-10-CM)').moveDown(0.2);
    doc.font('Helvetica').fontSize(9.5);
    for (const d of b.diagnoses) doc.text(`${d.letter}.  ${d.code}  ${d.description}`);
    if (b.diagnoses.length === 0) doc.text('—');
    doc.moveDown(0.5);

    // Services table
    doc.font('Helvetica-Bold').fontSize(11).text('Services').moveDown(0.3);
    const cols = [
      { h: 'Date', w: 62 },
      { h: 'Place', w: 36 },
      { h: 'Code', w: 44 },
      { h: 'Modifiers', w: 50 },
      { h: 'Description', w: 0 },
      { h: 'Dx pointer', w: 52 },
      { h: 'Units', w: 34 },
      { h: 'Fee', w: 64 },
    ];
    const fixed = cols.reduce((s, c) => s + c.w, 0);
    const desc = cols.find((c) => c.h === 'Description');
    if (desc) desc.w = width - fixed;
    const row = (cells: string[], bold: boolean) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      let x = left;
      let bottom = y;
      cells.forEach((cell, i) => {
        const col = cols[i] as { w: number; h: string };
        const alignRight = col.h === 'Fee' || col.h === 'Units';
        doc.text(cell, x + 2, y, { width: col.w - 4, align: alignRight ? 'right' : 'left' });
        bottom = Math.max(bottom, doc.y);
        x += col.w;
      });
      doc
        .moveTo(left, bottom + 2)
        .lineTo(left + width, bottom + 2)
        .strokeColor('#bbb')
        .lineWidth(0.5)
        .stroke();
      doc.x = left;
      doc.y = bottom + 5;
    };
    row(
      cols.map((c) => c.h),
      true,
    );
    for (const l of b.lines) {
      if (doc.y > doc.page.height - 160) doc.addPage();
      row(
        [
          usDate(l.date),
          l.placeOfService,
          l.code,
          l.modifiers.join(' '),
          l.description,
          l.pointers.join(', '),
          String(l.units),
          formatUsd(l.amountCents),
        ],
        false,
      );
    }
    const places = [...new Set(b.lines.map((l) => l.placeOfService))];
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#444')
      .text(`Place of service: ${places.map((p) => `${p} ${PLACES_OF_SERVICE[p]}`).join('; ')}`, left)
      .fillColor('#000')
      .moveDown(0.6);

    // Amounts
    doc.fontSize(10);
    if (b.listedCents !== b.totalCents) label('Charges for the services listed', formatUsd(b.listedCents));
    label('Total charges for these visits', formatUsd(b.totalCents));
    label('Amount paid', formatUsd(b.paidCents));
    label('Balance due', formatUsd(b.balanceCents));
    doc.moveDown(1.5);

    // Signature
    if (doc.y > doc.page.height - 100) doc.addPage();
    const y = doc.y;
    doc
      .moveTo(left, y)
      .lineTo(left + 260, y)
      .strokeColor('#000')
      .lineWidth(0.7)
      .stroke();
    doc
      .moveTo(left + 300, y)
      .lineTo(left + width, y)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .text('Signature of rendering clinician', left, y + 4)
      .text('Date', left + 300, y + 4);
    doc.moveDown(1.2);
    doc
      .fontSize(8)
      .fillColor('#444')
      .text(
        'I certify that the services listed were medically indicated and provided by me or under my supervision. ' +
          'The patient has paid the amount shown and may submit this statement to their insurer.',
        left,
      )
      .fillColor('#000');
    doc.end();
  });
}
