/** Renders a report model to PDF bytes, entirely offline. */
import { renderToBuffer } from '@react-pdf/renderer';
import type { ReportModel } from '../../core/report-model';
import { defaultFontDir, forgetLoadedFont, registerReportFonts, reportFontFiles } from './fonts';
import { reuseEmbeddedFonts } from './font-reuse';
import { mapStrings, printableWith } from './glyph-coverage';
import { PageNumbering } from './page-numbering';
import { ReportDocument } from './report-document';

// Every document pdfkit draws in this process reuses its embedded fonts (font-reuse.ts).
reuseEmbeddedFonts();

export interface RenderReportOptions {
  /** Directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; defaults to the npm package's. */
  fontDir?: string;
}

async function renderOnce(model: ReportModel, options: RenderReportOptions): Promise<Buffer> {
  const fontDir = options.fontDir ?? defaultFontDir();
  const fontFamily = registerReportFonts(fontDir);
  // Fresh font objects for every document: react-pdf 4.9 shares fontkit's glyph cache
  // between documents, and a glyph shaped in an earlier one (the "z" of "Łódź") can
  // carry the wrong text mapping into the next, so copied or searched text loses letters.
  forgetLoadedFont(fontFamily);
  const toPrintable = printableWith(reportFontFiles(fontDir));
  const printable = mapStrings(model, toPrintable);
  const numbering = new PageNumbering();
  const pdf = await renderToBuffer(
    <ReportDocument model={printable} fontFamily={fontFamily} numbering={numbering} unprintedCharacters={toPrintable.replaced()} />,
  );
  numbering.check();
  return pdf;
}

// One document at a time: dropping the font data must not pull fonts from under a render in
// progress, and layout is CPU-bound, so running renders side by side would gain nothing.
let queue: Promise<unknown> = Promise.resolve();

export function renderReportPdf(model: ReportModel, options: RenderReportOptions = {}): Promise<Buffer> {
  const next = queue.then(() => renderOnce(model, options));
  queue = next.catch(() => undefined);
  return next;
}
