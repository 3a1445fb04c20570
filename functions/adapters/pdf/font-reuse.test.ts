/**
 * font-reuse.ts: a report render opens each embedded font once per document instead of once
 * per text run, and the PDF still embeds each DejaVu face once, as a subset, with every
 * character read back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullReportModel } from '../../../test/fixtures/full-report';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-font-reuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DrawnDocument {
  _fontCount: number;
}

describe('embedded fonts reused per document', () => {
  const documents = new Set<DrawnDocument>();
  let calls = 0;
  let file: string;

  beforeAll(async () => {
    // Outside the reuse (installed when render-report.tsx loaded): every call react-pdf makes, and the documents it draws.
    const prototype = PDFDocument.prototype as unknown as { font: (this: DrawnDocument, ...args: unknown[]) => unknown };
    const font = prototype.font;
    prototype.font = function (this: DrawnDocument, ...args: unknown[]) {
      calls += 1;
      documents.add(this);
      return font.apply(this, args);
    };
    try {
      file = join(dir, 'full.pdf');
      writeFileSync(file, await renderReportPdf(fullReportModel()));
    } finally {
      prototype.font = font;
    }
  }, 60_000);

  it('opens each font once per document however many text runs use it', () => {
    expect(documents.size).toBe(1);
    const [document] = [...documents];
    // Hundreds of text runs, a handful of fonts (pdfkit counts every font it opens).
    expect(calls).toBeGreaterThan(500);
    expect(document!._fontCount).toBeLessThanOrEqual(3);
  });

  it('still embeds each DejaVu face once, as a subset, and the text reads back', () => {
    expect(execFileSync('/usr/bin/qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    const fonts = execFileSync('/usr/bin/pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(fonts.sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(fullReportModel().cover.organisation.name);
  });
});
