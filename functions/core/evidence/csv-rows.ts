/**
 * The checks every CSV inventory shares, row by row, without the file: the caller (a CSV
 * tokenizer outside the core, functions/adapters/csv/evidence-csv.ts) pushes each record's fields
 * as it reads them, and gets back the identity, if the row holds one. Nothing is kept but the
 * header, a row count and the problems found, so memory stays bounded whatever the file's size.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1. Cells are plain text: a
 * cell starting with `=`, `+`, `-` or `@` is read as the characters it holds, never evaluated.
 */
import type { ImportProblem, InventoryIdentity } from './inventory';
import { secretInField } from './secret-guard';

export interface CsvLimits {
  /** Data rows (the header not counted) before the file is refused. */
  maxRows: number;
  /** Characters in one field. */
  maxFieldLength: number;
  /** Problems collected before reading stops (the first ones are enough to fix a file). */
  maxProblems: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxRows: 200_000, maxFieldLength: 4096, maxProblems: 100 };

/** One data row, by column name (names as the format lists them), with its row number. */
export interface CsvRow {
  row: number;
  get(column: string): string;
}

/** A CSV format: the columns it needs and how a checked row becomes an identity. */
export interface CsvFormat {
  name: string;
  columns: readonly string[];
  /** Columns that may be missing from the header (read as empty). */
  optionalColumns?: readonly string[];
  /** An identity, or the problems of the row (each naming its column). */
  read(row: CsvRow): InventoryIdentity | ImportProblem[];
}

/** A file that cannot be imported, with every problem found (at most `maxProblems`). */
export class EvidenceImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `the file cannot be imported: ${problems.slice(0, 3).map(describeProblem).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
    );
    this.name = 'EvidenceImportError';
  }
}

export function describeProblem(problem: ImportProblem): string {
  const at = 'pointer' in problem.at ? `at ${problem.at.pointer || '/'}` : `row ${problem.at.row}${problem.at.column ? `, column ${problem.at.column}` : ''}`;
  return `${at}: ${problem.message}`;
}

const normaliseHeader = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/**
 * Reads one CSV file's records in order. `push` returns the row's identity, or null for the
 * header, a blank row or a row with problems; it throws EvidenceImportError at once when the
 * file cannot go on (a bad header, too many rows, too many problems). `end` throws when any
 * problem was found: a file imports whole or not at all.
 */
export class CsvRowReader {
  private index: Map<string, number> | null = null;
  private width = 0;
  private rows = 0;
  readonly problems: ImportProblem[] = [];

  constructor(
    private readonly format: CsvFormat,
    private readonly limits: CsvLimits = DEFAULT_CSV_LIMITS,
  ) {}

  /** The row number the next record will have. */
  get nextRow(): number {
    return this.rows + 1;
  }

  push(fields: readonly string[]): InventoryIdentity | null {
    this.rows += 1;
    const row = this.rows;
    if (!this.index) {
      this.readHeader(fields);
      return null;
    }
    if (fields.length === 1 && fields[0]?.trim() === '') return null; // a blank line
    if (row - 1 > this.limits.maxRows) {
      this.fail({ at: { row }, message: `the file has more than ${this.limits.maxRows} data rows; split it and import each part` });
    }
    // Every field is checked, even in a row of the wrong width: a secret is always reported as one.
    const header = this.headerNames;
    let bad = false;
    for (let i = 0; i < fields.length; i++) {
      const column = header[i] ?? `#${i + 1}`;
      const field = fields[i] ?? '';
      if (field.length > this.limits.maxFieldLength) {
        this.add({ at: { row, column }, message: `is longer than ${this.limits.maxFieldLength} characters` });
        bad = true;
      }
      const secret = secretInField(field, row, column);
      if (secret) {
        this.add(secret);
        bad = true;
      }
    }
    if (fields.length !== this.width) {
      this.add({ at: { row }, message: `has ${fields.length} fields where the header has ${this.width}` });
      return null;
    }
    if (bad) return null;
    const index = this.index;
    const result = this.format.read({
      row,
      get: (column) => {
        const at = index.get(column);
        return at === undefined ? '' : (fields[at] ?? '').trim();
      },
    });
    if (Array.isArray(result)) {
      for (const problem of result) this.add(problem);
      return null;
    }
    return result;
  }

  /** Call after the last record: throws EvidenceImportError if the file had any problem, or no header. */
  end(): void {
    if (!this.index) this.fail({ at: { row: 1 }, message: `the file is empty: a ${this.format.name} starts with its header row` });
    if (this.problems.length) throw new EvidenceImportError(this.problems);
  }

  /** A problem that stops reading (a tokenizer error, a limit): thrown with those found before it. */
  fail(problem: ImportProblem): never {
    this.problems.push(problem);
    throw new EvidenceImportError(this.problems);
  }

  private headerNames: string[] = [];

  private readHeader(fields: readonly string[]) {
    const names = fields.map(normaliseHeader);
    const index = new Map<string, number>();
    const duplicates = new Set<string>();
    names.forEach((name, i) => {
      if (index.has(name)) duplicates.add(name);
      else index.set(name, i);
    });
    const optional = new Set(this.format.optionalColumns ?? []);
    const missing = this.format.columns.filter((c) => !index.has(c) && !optional.has(c));
    const problems: ImportProblem[] = [];
    if (missing.length) {
      problems.push({
        at: { row: 1 },
        message: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of a ${this.format.name}`,
      });
    }
    for (const name of duplicates) problems.push({ at: { row: 1, column: name }, message: 'appears more than once in the header' });
    names.forEach((name, i) => {
      if (name.length > this.limits.maxFieldLength) problems.push({ at: { row: 1, column: `#${i + 1}` }, message: 'is not a column name (too long)' });
      else {
        const secret = secretInField(fields[i] ?? '', 1, `#${i + 1}`);
        if (secret) problems.push(secret);
      }
    });
    if (problems.length) {
      this.problems.push(...problems);
      throw new EvidenceImportError(this.problems);
    }
    this.index = index;
    this.width = fields.length;
    // Columns the format does not know are named by position, so a problem never echoes their text.
    this.headerNames = names.map((name, i) => (this.format.columns.includes(name) ? name : `#${i + 1}`));
  }

  private add(problem: ImportProblem) {
    this.problems.push(problem);
    if (this.problems.length >= this.limits.maxProblems) {
      throw new EvidenceImportError(this.problems);
    }
  }
}

/** The fields of an ISO 8601 instant with a zone (what AWS writes), or null. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant normalised to UTC (`…Z`), or null when the text is not one. */
export function parseInstant(text: string): string | null {
  if (!ISO_INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString();
}

/** A calendar date YYYY-MM-DD that exists, as the instant of its midnight UTC, or null. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date.getUTCFullYear() !== Number(m[1]) || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) return null;
  return date.toISOString();
}
