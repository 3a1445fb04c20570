/**
 * Stored reports on this machine (issue 21): the data directory's `reports/` (a temporary
 * directory without one), the local stand-in for the S3 report bucket. Each report is
 * `<organisation>/<assessment>/<variant>.pdf` with its metadata beside it in `.json`; both
 * are written to temporary names and renamed into place (the metadata last, so a report
 * is found only once its bytes are complete).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFileStore, StoredReport, StoredReportKey, StoredReportMeta } from '../../services/report-files';

const segment = (text: string) => encodeURIComponent(text).replace(/\./g, '%2E');

export class DirectoryReportFiles implements ReportFileStore {
  constructor(private readonly root: string) {}

  private paths(key: StoredReportKey) {
    const dir = join(this.root, segment(key.organisationId), segment(key.assessmentId));
    return { dir, pdf: join(dir, `${segment(key.variant)}.pdf`), meta: join(dir, `${segment(key.variant)}.json`) };
  }

  async get(key: StoredReportKey): Promise<StoredReport | undefined> {
    const paths = this.paths(key);
    let meta: StoredReportMeta;
    try {
      meta = JSON.parse(await readFile(paths.meta, 'utf8')) as StoredReportMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const pdf = await readFile(paths.pdf);
    return { meta, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  }

  async put(key: StoredReportKey, report: StoredReport): Promise<void> {
    const paths = this.paths(key);
    await mkdir(paths.dir, { recursive: true });
    const write = async (path: string, data: string | Uint8Array) => {
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, data, { mode: 0o600 });
      await rename(temporary, path);
    };
    await write(paths.pdf, report.pdf);
    await write(paths.meta, JSON.stringify(report.meta));
  }
}
