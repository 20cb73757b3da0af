/**
 * pdfkit, loaded when the first PDF is made rather than at boot: with its fonts, font parser and decoders it
 * adds ~30 MB to a process's resident memory as it loads and ~10 MB for good (issue #23), and most requests
 * never make a PDF.
 */
let loading: Promise<typeof import('pdfkit')> | undefined;

export function pdfKit(): Promise<typeof import('pdfkit')> {
  loading ??= import('pdfkit').then((m) => m.default);
  return loading;
}
