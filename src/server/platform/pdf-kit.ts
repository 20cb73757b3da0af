/**
 * pdfkit, loaded when the first PDF is made rather than at boot: with its fonts, font parser and decoders it
 * adds ~30 MB to a server's resident memory (issue #23), and most requests never make a PDF.
 */
let loading: Promise<typeof import('pdfkit')> | undefined;

export function pdfKit(): Promise<typeof import('pdfkit')> {
  loading ??= import('pdfkit').then((m) => m.default);
  return loading;
}
