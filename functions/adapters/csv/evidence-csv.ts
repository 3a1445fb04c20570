/**
 * Streams a CSV inventory through csv-parse into the core's row reader
 * (functions/core/evidence/csv-rows.ts): chunks in, identities out one at a time, so no more
 * than one record is held at once. The core stays pure (no package but zod), hence this thin
 * layer here; every check and every mapping is the core's.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CREDENTIAL_REPORT_FORMAT } from '../../core/evidence/aws-credential-report';
import { TEMPLATE_FORMAT } from '../../core/evidence/aim-template';
import { type CsvFormat, type CsvLimits, CsvRowReader, DEFAULT_CSV_LIMITS } from '../../core/evidence/csv-rows';
import type { InventoryIdentity } from '../../core/evidence/inventory';

/** Stops a record the size of the file: far above a legitimate row (every field at its limit). */
const maxRecordSize = (limits: CsvLimits) => Math.max(64 * 1024, limits.maxFieldLength * 64);

const TOKENIZER_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote closes a field but more text follows it in the same field',
  CSV_MAX_RECORD_SIZE: 'the row is far too long',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  // csv-parse names this one without its CSV_ prefix.
  INVALID_OPENING_QUOTE: 'a quote opens in the middle of a field',
};

/**
 * The identities of one CSV file, read as it arrives. Throws EvidenceImportError (with the
 * row and, where known, the column) as soon as the file cannot go on, or at the end when any
 * row had a problem: a caller keeps what it derives only once the iteration completes.
 */
export async function* readCsvInventory(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  format: CsvFormat,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): AsyncGenerator<InventoryIdentity> {
  const reader = new CsvRowReader(format, limits);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordSize(limits),
    // Everything stays text: no casting, no comments, no formula handling.
    cast: false,
  });
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const identity = reader.push(record);
      if (identity) yield identity;
    }
  } catch (error) {
    const { code, records } = error as { code?: unknown; records?: unknown };
    if (typeof code === 'string' && (code.startsWith('CSV_') || Object.hasOwn(TOKENIZER_MESSAGES, code))) {
      // csv-parse counts the records it completed; those it had not handed over yet are dropped with the error.
      const row = Math.max(reader.nextRow, typeof records === 'number' ? records + 1 : 0);
      reader.fail({ at: { row }, message: `the file is not valid CSV here: ${TOKENIZER_MESSAGES[code] ?? 'the row cannot be read'}` });
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
  reader.end();
}

export const readCredentialReport = (chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, limits?: CsvLimits) =>
  readCsvInventory(chunks, CREDENTIAL_REPORT_FORMAT, limits);

export const readTemplate = (chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, limits?: CsvLimits) =>
  readCsvInventory(chunks, TEMPLATE_FORMAT, limits);
