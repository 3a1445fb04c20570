/**
 * The PDF report's file name: `aim-report-<organisation>-<yyyy-mm-dd>.pdf` (docs/reports.md),
 * a slug of the organisation's name and the day the report was generated (UTC). The slug keeps
 * letters and digits only, so no name can break out of a header or a folder; the ASCII form
 * spells out letters beyond ASCII (ü → u, æ → ae) for the `filename` parameter, the UTF-8 form
 * keeps them for `filename*` (RFC 6266).
 */

export interface ReportFileName {
  ascii: string;
  unicode: string;
}

/** Letters that do not decompose into a base letter and a mark. */
const SPELLED: Record<string, string> = { æ: 'ae', ø: 'o', ł: 'l', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', œ: 'oe', ı: 'i', ħ: 'h' };

const MAX_SLUG = 48;

function slug(text: string, keep: RegExp): string {
  return text.toLowerCase().replace(keep, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, MAX_SLUG).replace(/-$/, '');
}

export function reportFileName(organisationName: string, generatedAt: string): ReportFileName {
  const day = generatedAt.slice(0, 10);
  const unicode = slug(organisationName.normalize('NFC'), /[^\p{L}\p{N}]+/gu) || 'organisation';
  const spelled = [...organisationName.normalize('NFKD').toLowerCase()].map((ch) => SPELLED[ch] ?? ch).join('');
  const ascii = slug(spelled.replace(/\p{M}/gu, ''), /[^a-z0-9]+/g) || 'organisation';
  return { ascii: `aim-report-${ascii}-${day}.pdf`, unicode: `aim-report-${unicode}-${day}.pdf` };
}
