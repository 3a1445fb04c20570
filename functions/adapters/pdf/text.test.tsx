/**
 * text.tsx: adjacent strings among a Text's children reach react-pdf as one string, so they
 * are shaped as one run; elements keep their place. That every report component takes this
 * Text, not react-pdf's, is a lint rule (biome.json, noRestrictedImports).
 */
import { Document, Page, Text as PdfText, renderToBuffer } from '@react-pdf/renderer';
import * as fontkit from 'fontkit';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { registerReportFonts, reportFontFiles } from './fonts';
import { joinAdjacentStrings, Text } from './text';

describe('joinAdjacentStrings', () => {
  it('joins strings and numbers next to each other', () => {
    expect(joinAdjacentStrings(['Level ', 3, ' · ', 'Defined'])).toBe('Level 3 · Defined');
  });

  it('keeps elements where they were and joins the strings around them', () => {
    const bold = <PdfText key="b">Capped</PdfText>;
    const out = joinAdjacentStrings(['a', 'b', bold, 'c', 1]) as ReactNode[];
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('ab');
    expect((out[1] as { type: unknown }).type).toBe(PdfText);
    expect(out[2]).toBe('c1');
  });

  it('drops what React renders as nothing, and leaves a lone string or no children alone', () => {
    expect(joinAdjacentStrings(['x', false, null, undefined, 'y'])).toBe('xy');
    expect(joinAdjacentStrings('only')).toBe('only');
    expect(joinAdjacentStrings(undefined)).toBeUndefined();
    expect(joinAdjacentStrings(0)).toBe('0');
  });
});

describe('Text', () => {
  // fontkit's layout, called by react-pdf once per run it shapes.
  const prototype = Object.getPrototypeOf(fontkit.openSync(reportFontFiles()[0]!)) as { layout: (...args: unknown[]) => unknown };
  const layout = prototype.layout;

  async function shapedRuns(text: ReactNode): Promise<string[]> {
    const fontFamily = registerReportFonts();
    const runs: string[] = [];
    prototype.layout = function (this: unknown, ...args: unknown[]) {
      runs.push(String(args[0]));
      return layout.apply(this, args);
    };
    try {
      await renderToBuffer(
        <Document>
          <Page size="A4" style={{ fontFamily }}>
            {text}
          </Page>
        </Document>,
      );
    } finally {
      prototype.layout = layout;
    }
    return runs.filter((run) => run.trim() !== '');
  }

  it('shapes JSX pieces of one style as one run, where react-pdf shapes each piece alone', async () => {
    const level = 3;
    const name = 'Defined';
    expect(
      await shapedRuns(
        <Text>
          Level {level} · {name}
        </Text>,
      ),
    ).toEqual(['Level 3 · Defined']);
    // The same children given to react-pdf's Text directly: one run per piece.
    expect(
      (
        await shapedRuns(
          <PdfText>
            Level {level} · {name}
          </PdfText>,
        )
      ).length,
    ).toBeGreaterThan(1);
  });
});
