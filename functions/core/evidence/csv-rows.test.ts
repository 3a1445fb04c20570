import { describe, expect, it } from 'vitest';
import { type CsvFormat, CsvRowReader, describeProblem, EvidenceImportError, parseDate, parseInstant } from './csv-rows';
import type { InventoryIdentity } from './inventory';

/** A two-column format whose rows become identities keyed by `name`; `bad` in `note` is a row problem. */
const FORMAT: CsvFormat = {
  name: 'test list',
  columns: ['name', 'note'],
  read: (row) =>
    row.get('note') === 'bad'
      ? [{ at: { row: row.row, column: 'note' }, message: 'is bad' }]
      : ({ key: row.get('name'), name: row.get('name'), tags: { note: row.get('note') } } as unknown as InventoryIdentity),
};

function readAll(records: string[][], limits?: Partial<ConstructorParameters<typeof CsvRowReader>[1]>) {
  const reader = new CsvRowReader(FORMAT, { maxRows: 10, maxFieldLength: 20, maxProblems: 5, ...limits });
  const out: InventoryIdentity[] = [];
  for (const record of records) {
    const identity = reader.push(record);
    if (identity) out.push(identity);
  }
  reader.end();
  return out;
}

const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof EvidenceImportError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be rejected');
};

describe('CsvRowReader', () => {
  it('reads rows by header name, in any column order and case, skipping blank lines', () => {
    const rows = readAll([['\uFEFFNote', ' NAME '], ['hello', 'a'], [''], ['world', 'b']]);
    expect(rows.map((r) => [r.name, r.tags.note])).toEqual([
      ['a', 'hello'],
      ['b', 'world'],
    ]);
  });

  it('names every missing column, and duplicated ones', () => {
    expect(problemsOf(() => readAll([['other', 'thing']]))).toEqual([{ at: { row: 1 }, message: 'the header lacks the columns name, note of a test list' }]);
    expect(problemsOf(() => readAll([['name', 'note', 'name']]))).toEqual([
      { at: { row: 1, column: 'name' }, message: 'appears more than once in the header' },
    ]);
  });

  it('refuses an empty file', () => {
    expect(problemsOf(() => readAll([]))[0]?.message).toMatch(/empty/);
  });

  it('reports a row with the wrong number of fields, a field over the limit and the format’s own problems, each where it is', () => {
    const problems = problemsOf(() => readAll([['name', 'note'], ['a'], ['b', 'x'.repeat(21)], ['c', 'bad'], ['d', 'fine']]));
    expect(problems).toEqual([
      { at: { row: 2 }, message: 'has 1 fields where the header has 2' },
      { at: { row: 3, column: 'note' }, message: 'is longer than 20 characters' },
      { at: { row: 4, column: 'note' }, message: 'is bad' },
    ]);
  });

  it('stops at the row limit', () => {
    const records = [['name', 'note'], ...Array.from({ length: 4 }, (_, i) => [`n${i}`, 'ok'])];
    expect(readAll(records, { maxRows: 4 })).toHaveLength(4);
    expect(problemsOf(() => readAll([...records, ['n5', 'ok']], { maxRows: 4 }))).toEqual([
      { at: { row: 6 }, message: 'the file has more than 4 data rows; split it and import each part' },
    ]);
  });

  it('stops once it has collected the most problems it reports', () => {
    const records = [['name', 'note'], ...Array.from({ length: 9 }, () => ['a'])];
    expect(problemsOf(() => readAll(records))).toHaveLength(5);
  });

  it('rejects a secret in any cell, unknown columns too, naming a column it does not know by position only', () => {
    const secret = `aws_secret_access_key=${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}`;
    const problems = problemsOf(() =>
      readAll(
        [
          ['name', 'note', 'extra'],
          ['a', 'b', secret],
        ],
        { maxFieldLength: 100 },
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.at).toEqual({ row: 2, column: '#3' });
    expect(JSON.stringify(problems)).not.toContain('EXAMPLEKEY');
    // In a row of the wrong width too: the secret is what the person must hear about.
    expect(problemsOf(() => readAll([['name', 'note'], [secret]], { maxFieldLength: 100 })).map((p) => p.at)).toEqual([{ row: 2, column: 'name' }, { row: 2 }]);
    // And in a field too long to read: both are said.
    expect(
      problemsOf(() =>
        readAll([
          ['name', 'note'],
          ['a', secret],
        ]),
      ).map((p) => p.message),
    ).toEqual(['is longer than 20 characters', expect.stringMatching(/AWS secret access key/)]);
  });

  it('reads formula-looking cells as the text they are', () => {
    const rows = readAll([
      ['name', 'note'],
      ['=1+1', '@SUM(A1)'],
      ['+cmd', '-2'],
    ]);
    expect(rows.map((r) => [r.name, r.tags.note])).toEqual([
      ['=1+1', '@SUM(A1)'],
      ['+cmd', '-2'],
    ]);
  });

  it('describes problems by row and column, or pointer', () => {
    expect(describeProblem({ at: { row: 3, column: 'arn' }, message: 'is not an ARN' })).toBe('row 3, column arn: is not an ARN');
    expect(describeProblem({ at: { pointer: '/Roles/0' }, message: 'is odd' })).toBe('at /Roles/0: is odd');
  });
});

describe('dates', () => {
  it('reads ISO 8601 instants with a zone, normalised to UTC, and nothing else', () => {
    expect(parseInstant('2026-01-02T03:04:05+00:00')).toBe('2026-01-02T03:04:05.000Z');
    expect(parseInstant('2026-01-02T03:04:05+02:00')).toBe('2026-01-02T01:04:05.000Z');
    for (const bad of ['2026-01-02', '02/01/2026', '2026-13-02T03:04:05Z', '2026-01-02T03:04:05', 'N/A']) expect(parseInstant(bad)).toBeNull();
  });

  it('reads calendar dates that exist', () => {
    expect(parseDate('2026-02-28')).toBe('2026-02-28T00:00:00.000Z');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('28.02.2026')).toBeNull();
  });
});
