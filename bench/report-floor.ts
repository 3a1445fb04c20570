/**
 * The plain-text floor of a report (issue 21): the report's own text, read back from its PDF
 * with pdftotext, set by @react-pdf/renderer as plain paragraphs with the same fonts and the
 * same font handling as the report (fonts registered once, their parsed data dropped before
 * every document, every string passed through the glyph-coverage mapping). What the report
 * costs above this is its own layout: boxes, rows, bars, fixed page furniture.
 */
import { execFileSync } from 'node:child_process';
import { createElement as h } from 'react';
import { Document, Page, Text } from '@react-pdf/renderer';
import { renderToBuffer } from '@react-pdf/renderer';
import { defaultFontDir, forgetLoadedFont, registerReportFonts, reportFontFiles } from '../functions/adapters/pdf/fonts';
import { printableWith } from '../functions/adapters/pdf/glyph-coverage';

/** The text of a PDF as pdftotext reads it (pages separated by form feeds). */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

/** The text as pages of paragraphs: a blank line ends a paragraph, a form feed a page. */
export function paragraphsByPage(text: string): string[][] {
  return text
    .split('\f')
    .map((page) =>
      page
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
        .filter(Boolean),
    )
    .filter((page) => page.length > 0);
}

const paragraph = { fontSize: 9.5, lineHeight: 1.35, marginBottom: 4 } as const;
const heading = { ...paragraph, fontWeight: 'bold' } as const;

/**
 * Renders `pages` (from paragraphsByPage) as the floor document: one wrapping A4 page per
 * report page with the report's margins, each paragraph a Text, the first of each page bold
 * (so both embedded fonts are parsed and subset, as in the report).
 */
export function renderFloor(pages: string[][], fontDir: string = defaultFontDir()): Promise<Buffer> {
  const fontFamily = registerReportFonts(fontDir);
  forgetLoadedFont(fontFamily);
  const toPrintable = printableWith(reportFontFiles(fontDir));
  return renderToBuffer(
    h(
      Document,
      null,
      pages.map((paragraphs, i) =>
        h(
          Page,
          { key: i, size: 'A4', wrap: true, style: { fontFamily, paddingTop: 52, paddingHorizontal: 44, paddingBottom: 56, fontSize: 9.5 } },
          paragraphs.map((p, j) => h(Text, { key: j, style: j === 0 ? heading : paragraph }, toPrintable(p))),
        ),
      ),
    ),
  );
}
