/** Lambda entry point of the PDF report route. Wiring only; react-pdf lives in this bundle alone. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { renderReportPdf } from '../adapters/pdf';
import { appDeps, createServices } from '../composition';
import { loadConfig } from '../config';
import { createReportApp } from '../http/app';
import { ReportService } from '../services/reports';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));
const config = loadConfig(process.env);
const services = createServices(config, loadCatalogue());
// The CDK bundle copies the TTF files into fonts/ next to this handler; from source,
// the renderer finds them in the npm package.
const bundledFonts = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
const fontDir = existsSync(bundledFonts) ? bundledFonts : undefined;
const reports = new ReportService({ ...services.stores, catalogue: services.catalogue, benchmarks: services.benchmarks, renderer: { render: (model) => renderReportPdf(model, { fontDir }) }, clock: services.clock, ids: services.ids });

export const handler = handle(createReportApp({ ...appDeps(services, config, log), reports }));
