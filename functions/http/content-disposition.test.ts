import { describe, expect, it } from 'vitest';
import { reportFileName } from '../core/report-model';
import { contentDisposition } from './content-disposition';

describe('content-disposition of a report', () => {
  it('is sent as RFC 6266 content-disposition: an ASCII filename and a UTF-8 filename*', () => {
    expect(contentDisposition(reportFileName('Acme Ltd', '2026-12-04T00:00:00Z'))).toBe('attachment; filename="aim-report-acme-ltd-2026-12-04.pdf"');
    expect(contentDisposition(reportFileName('Zürich Ærø Łódź Ltd', '2026-12-04T00:00:00Z'))).toBe(
      `attachment; filename="aim-report-zurich-aero-lodz-ltd-2026-12-04.pdf"; filename*=UTF-8''aim-report-z%C3%BCrich-%C3%A6r%C3%B8-%C5%82%C3%B3d%C5%BA-ltd-2026-12-04.pdf`,
    );
  });
});
