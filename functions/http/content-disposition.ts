/** The Content-Disposition of a download (RFC 6266): an ASCII `filename`, and a UTF-8 `filename*` when the name needs it. */
import type { ReportFileName } from '../core/report-model';

/** RFC 5987 value characters: everything else percent-encoded as UTF-8. */
const encodeValue = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `filename*` only when the UTF-8 name differs from the ASCII one. */
export function contentDisposition(name: ReportFileName): string {
  const plain = `attachment; filename="${name.ascii}"`;
  return name.unicode === name.ascii ? plain : `${plain}; filename*=UTF-8''${encodeValue(name.unicode)}`;
}
