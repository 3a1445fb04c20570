/** The part of pdfkit (installed with @react-pdf/renderer, which draws with it) that font-reuse.ts patches. */
declare module 'pdfkit' {
  const PDFDocument: { prototype: object };
  export default PDFDocument;
}
