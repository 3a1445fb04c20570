import type { AfterBundling } from './function-code';

/** TTF fonts copied into `fonts/` next to index.mjs (the handler resolves them from import.meta.url). */
export const REPORT_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/** Directory (inside the bundle) holding pdfkit's standard-font metrics, see below. */
export const PDFKIT_STANDARD_FONTS_DIR = 'pdfkit-standard-fonts';

/*
 * pdfkit (under @react-pdf) loads the metrics of the 14 standard PDF fonts lazily with
 * `createRequire(import.meta.url)('#standard-fonts/Helvetica')`, a package "imports" subpath
 * that esbuild cannot see through. Every new document opens Helvetica, so a bundle without
 * them fails at run time with "Cannot find module '#standard-fonts/Helvetica'".
 * Ship the metric files next to index.mjs and a package.json whose "imports" maps the
 * subpath to them: Node then resolves the require from the bundle's own package scope.
 */
const BUNDLE_PACKAGE_JSON = JSON.stringify({
  private: true,
  imports: { '#standard-fonts/*': `./${PDFKIT_STANDARD_FONTS_DIR}/*.cjs` },
});

/** Copies the report's run-time files (TTF fonts, pdfkit metrics) into the bundle. */
export const reportAfterBundling: AfterBundling = (inputDir, outputDir) => [
  // Standard PDF fonts cover Latin-1 only: DejaVu covers the rest.
  `mkdir -p "${outputDir}/fonts"`,
  ...REPORT_FONT_FILES.map((file) => `cp "${inputDir}/node_modules/dejavu-fonts-ttf/ttf/${file}" "${outputDir}/fonts/${file}"`),
  `cp -R "${inputDir}/node_modules/pdfkit/js/standard-fonts" "${outputDir}/${PDFKIT_STANDARD_FONTS_DIR}"`,
  `rm -f "${outputDir}/${PDFKIT_STANDARD_FONTS_DIR}/"*.mjs`,
  `echo '${BUNDLE_PACKAGE_JSON}' > "${outputDir}/package.json"`,
];
