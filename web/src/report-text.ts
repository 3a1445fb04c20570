/** What the web app says about a downloaded report's benchmark release (issue 21, stored reports). */
import type { ReportRelease } from './api';
import { formatReleaseDate } from './format';
import { isRealDate } from './targets-text';

/** A release as people read it: a day as "6 Dec 2026", a quarter ("2026-Q3") as it is. */
export const releaseLabel = (release: string) => (isRealDate(release) ? formatReleaseDate(release) : release);

/** The sentence under the PDF button once a report is downloaded: as of when its peer figures are, and whether a newer release exists. */
export function reportReleaseText(release: ReportRelease): string {
  const asOf = `The report's peer figures are as of the benchmark release of ${releaseLabel(release.asOf)}`;
  if (release.current) return `${asOf}, the latest.`;
  return `${asOf}; a newer release (${releaseLabel(release.currentRelease)}) has come out since, and a fresh report would compare with it.`;
}
