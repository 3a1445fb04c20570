/** Renders a report model to PDF bytes, entirely offline. */
import { renderToBuffer } from '@react-pdf/renderer';
import type { ReportModel } from '../../core/report-model';
import { registerReportFonts } from './fonts';
import { ReportDocument } from './report-document';

export interface RenderReportOptions {
  /** Directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; defaults to the npm package's. */
  fontDir?: string;
}

export async function renderReportPdf(model: ReportModel, options: RenderReportOptions = {}): Promise<Buffer> {
  const fontFamily = registerReportFonts(options.fontDir);
  return renderToBuffer(<ReportDocument model={model} fontFamily={fontFamily} />);
}
