import { pdfKit } from '../../platform/pdf-kit';

/** A plain, printable document: a title, key/value sections and tables. pdfkit's built-in Helvetica. */
export interface PdfSection {
  heading: string;
  rows?: [string, string][];
  table?: { columns: string[]; rows: string[][] };
  text?: string;
}

export async function renderPdf(title: string, subtitle: string, sections: PdfSection[]): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 48, info: { Title: title, Producer: 'Liminal' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text(title);
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(subtitle).fillColor('#000').moveDown();
    for (const s of sections) {
      doc.font('Helvetica-Bold').fontSize(12).text(s.heading).moveDown(0.3);
      doc.font('Helvetica').fontSize(9.5);
      for (const [k, v] of s.rows ?? [])
        doc
          .font('Helvetica-Bold')
          .text(`${k}: `, { continued: true })
          .font('Helvetica')
          .text(v || '—');
      if (s.text) doc.text(s.text);
      if (s.table) {
        doc.font('Helvetica-Bold').text(s.table.columns.join('  |  '));
        doc.font('Helvetica');
        for (const r of s.table.rows) doc.text(r.join('  |  '));
      }
      doc.moveDown();
    }
    doc.end();
  });
}
