import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF pdfkit wrote with its built-in (WinAnsi) fonts, for tests: each content stream is inflated,
 * and the strings of its Tj/TJ operators are decoded (pdfkit writes them as hex; kerning splits a line into
 * parts of one TJ array). One line of output per text operator; the lines in drawing order.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streamRe = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null = streamRe.exec(raw);
  while (m) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const dict = raw.slice(Math.max(0, raw.lastIndexOf('<<', m.index)), m.index);
    let content = raw.slice(start, end).replace(/\r?\n$/, '');
    if (dict.includes('FlateDecode')) {
      try {
        content = inflateSync(Buffer.from(content, 'latin1')).toString('latin1');
      } catch {
        content = '';
      }
    }
    // Linear patterns only (content streams can be long): a TJ array, or a single hex string shown with Tj.
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes =
        op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '') : [op[2] ?? ''];
      out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
    streamRe.lastIndex = end;
    m = streamRe.exec(raw);
  }
  return out.join('\n');
}
