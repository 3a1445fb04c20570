import { describe, expect, it } from 'vitest';
import { reportFileName } from './file-name';

describe("the PDF report's file name", () => {
  it('is named after the organisation and the day it was generated', () => {
    expect(reportFileName('Acme Ltd', '2026-12-04T13:05:00.000Z')).toEqual({
      ascii: 'aim-report-acme-ltd-2026-12-04.pdf',
      unicode: 'aim-report-acme-ltd-2026-12-04.pdf',
    });
    expect(reportFileName('  O’Brien & Sons, Inc. / "EU"  ', '2026-01-31T23:59:59.999Z').ascii).toBe('aim-report-o-brien-sons-inc-eu-2026-01-31.pdf');
  });

  it('keeps letters beyond ASCII in the UTF-8 name and spells them out in the ASCII one', () => {
    const name = reportFileName('Zürich Ærø Łódź Ltd', '2026-12-04T10:00:00.000Z');
    expect(name.ascii).toBe('aim-report-zurich-aero-lodz-ltd-2026-12-04.pdf');
    expect(name.unicode).toBe('aim-report-zürich-ærø-łódź-ltd-2026-12-04.pdf');
    expect(reportFileName('株式会社テスト', '2026-12-04T10:00:00.000Z')).toEqual({
      ascii: 'aim-report-organisation-2026-12-04.pdf',
      unicode: 'aim-report-株式会社テスト-2026-12-04.pdf',
    });
  });

  it('never lets a name break out of the header or the folder, and keeps it short', () => {
    const name = reportFileName('a\r\nb/../c\\d;e"f'.repeat(30), '2026-12-04T10:00:00.000Z');
    for (const n of [name.ascii, name.unicode]) {
      expect(n).toMatch(/^aim-report-[\p{L}\p{N}-]+-2026-12-04\.pdf$/u);
      expect(n.length).toBeLessThanOrEqual(80);
    }
  });
});
