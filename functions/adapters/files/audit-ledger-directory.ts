/**
 * The audit ledger on this machine: one file per segment under `<dir>/<ledger>/`,
 * written whole to a temporary file (`wx`, read-only), then linked into place, which fails
 * if the segment exists: a segment appears complete or not at all, and a chain cannot fork. It stands in for the S3 bucket with Object Lock; a local
 * file can still be changed by its owner, which the check then reports.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLedgerStore, WriteOutcome } from '../../services/ports';

export const segmentFile = (dir: string, ledger: string, sequence: number) =>
  join(dir, encodeURIComponent(ledger), `${String(sequence).padStart(12, '0')}.json`);

export class DirectoryAuditLedger implements AuditLedgerStore {
  constructor(private readonly dir: string) {}

  async read(ledger: string, sequence: number): Promise<string | undefined> {
    try {
      return await readFile(segmentFile(this.dir, ledger, sequence), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async create(ledger: string, sequence: number, text: string): Promise<WriteOutcome> {
    await mkdir(join(this.dir, encodeURIComponent(ledger)), { recursive: true });
    const temporary = join(this.dir, encodeURIComponent(ledger), `.${randomUUID()}.tmp`);
    await writeFile(temporary, text, { flag: 'wx', mode: 0o444 });
    try {
      await link(temporary, segmentFile(this.dir, ledger, sequence));
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'conflict';
      throw error;
    } finally {
      await unlink(temporary);
    }
  }
}
