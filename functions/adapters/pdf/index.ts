export { renderReportPdf, type RenderReportOptions } from './render-report';
export { defaultFontDir } from './fonts';
