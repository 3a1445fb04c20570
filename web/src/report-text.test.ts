import { describe, expect, it } from 'vitest';
import { reportReleaseOf } from './api';
import { releaseLabel, reportReleaseText } from './report-text';

const headers = (values: Record<string, string>) => new Headers(values);

describe('reportReleaseOf', () => {
  it('reads the release headers of a report download', () => {
    const release = reportReleaseOf(headers({ 'AIM-Report-As-Of': '2026-12-06', 'AIM-Report-Current': 'false', 'AIM-Report-Current-Release': '2026-12-07' }));
    expect(release).toEqual({ asOf: '2026-12-06', currentRelease: '2026-12-07', current: false });
  });

  it('is null when a header is missing or not a boolean, so that nothing false is shown', () => {
    expect(reportReleaseOf(headers({ 'AIM-Report-As-Of': '2026-12-06', 'AIM-Report-Current': 'true' }))).toBeNull();
    expect(reportReleaseOf(headers({ 'AIM-Report-As-Of': '2026-12-06', 'AIM-Report-Current': 'yes', 'AIM-Report-Current-Release': '2026-12-06' }))).toBeNull();
  });
});

describe('reportReleaseText', () => {
  it('names a day release as a date and says when it is the latest', () => {
    expect(reportReleaseText({ asOf: '2026-12-07', currentRelease: '2026-12-07', current: true })).toBe(
      "The report's peer figures are as of the benchmark release of 7 Dec 2026, the latest.",
    );
  });

  it('names the newer release when the report is not current', () => {
    expect(reportReleaseText({ asOf: '2026-12-06', currentRelease: '2026-12-07', current: false })).toBe(
      "The report's peer figures are as of the benchmark release of 6 Dec 2026; a newer release (7 Dec 2026) has come out since, and a fresh report would compare with it.",
    );
  });

  it('keeps a chosen quarter as it is', () => {
    expect(releaseLabel('2026-Q3')).toBe('2026-Q3');
  });
});
