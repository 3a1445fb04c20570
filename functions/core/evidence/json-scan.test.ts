import { describe, expect, it } from 'vitest';
import { type JsonChunk, type MemberMode, pointerOf, type ScanEvent, scanJson } from './json-scan';

async function collect(source: string | Iterable<JsonChunk> | AsyncIterable<JsonChunk>, member: (key: string) => MemberMode = () => 'elements', max?: number) {
  const events: ScanEvent[] = [];
  for await (const e of scanJson(source, { member, maxValueChars: max })) events.push(e);
  return events;
}

/** The same text cut into pieces of `size` characters, so every boundary falls somewhere awkward. */
const pieces = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

const elements = (events: ScanEvent[]) => events.filter((e) => e.kind === 'element').map((e) => [e.pointer, e.value]);
const problems = (events: ScanEvent[]) => events.filter((e) => e.kind === 'problem');

describe('scanJson', () => {
  const doc = JSON.stringify(
    {
      A: [{ s: 'a ] } [ { " \\" tricky', n: [1, [2, { x: null }]] }, 'one " quote ] then', 42, true, null, -1.5e3],
      'we/ird~key': [{}],
      B: { not: 'an array' },
      Marker: 'abc',
      Empty: [],
    },
    null,
    1,
  );

  it('yields each element with its pointer, whatever the chunk boundaries', async () => {
    const expected = [
      ['/A/0', { s: 'a ] } [ { " \\" tricky', n: [1, [2, { x: null }]] }],
      ['/A/1', 'one " quote ] then'],
      ['/A/2', 42],
      ['/A/3', true],
      ['/A/4', null],
      ['/A/5', -1500],
      ['/we~1ird~0key/0', {}],
    ];
    for (const size of [1, 2, 3, 7, 64, doc.length]) {
      const events = await collect(pieces(doc, size));
      expect(elements(events), `chunks of ${size}`).toEqual(expected);
      expect(problems(events), `chunks of ${size}`).toEqual([]);
      // A member in `elements` mode that is not an array comes whole, for the reader to refuse.
      expect(events.filter((e) => e.kind === 'member')).toEqual([
        { kind: 'member', key: 'B', pointer: '/B', value: { not: 'an array' } },
        { kind: 'member', key: 'Marker', pointer: '/Marker', value: 'abc' },
      ]);
    }
  });

  it('passes over skipped members without reading them, and hands small values over', async () => {
    const events = await collect(doc, (key) => (key === 'A' ? 'skip' : key === 'Marker' ? 'value' : 'elements'));
    expect(elements(events)).toEqual([['/we~1ird~0key/0', {}]]);
    expect(events.some((e) => e.kind === 'member' && e.key === 'Marker')).toBe(true);
  });

  it('reads a top-level array, UTF-8 bytes split inside a character, and a byte order mark', async () => {
    const text = '\uFEFF[{"name":"café ☕ 𝄞"},{"name":"two"}]';
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    const events = await collect(chunks);
    expect(events[0]).toEqual({ kind: 'root', type: 'array' });
    expect(elements(events)).toEqual([
      ['/0', { name: 'café ☕ 𝄞' }],
      ['/1', { name: 'two' }],
    ]);
    expect(elements(await collect(text))).toHaveLength(2);
  });

  it('reports an element that is not valid JSON and reads on', async () => {
    const events = await collect('{"A": [{"ok": 1}, {"bad": tru}, {"ok": 2}]}');
    expect(elements(events)).toEqual([
      ['/A/0', { ok: 1 }],
      ['/A/2', { ok: 2 }],
    ]);
    expect(problems(events)).toEqual([{ kind: 'problem', pointer: '/A/1', message: expect.stringMatching(/^not valid JSON/), fatal: false }]);
  });

  it('refuses an element larger than the limit, without holding it, and reads on', async () => {
    const events = await collect(`{"A": [{"big": "${'x'.repeat(500)}"}, 1]}`, undefined, 100);
    expect(elements(events)).toEqual([['/A/1', 1]]);
    expect(problems(events)).toEqual([{ kind: 'problem', pointer: '/A/0', message: 'this element is larger than 100 characters', fatal: false }]);
  });

  it.each([
    ['', '', /the file is empty/],
    ['   \n ', '', /the file is empty/],
    ['"just a string"', '', /where an object or an array was expected/],
    ['{"A": [{"x": 1}', '/A', /ends early/],
    ['{"A": [{"x": 1', '/A/0', /ends early/],
    ['{"A": [1,]}', '/A', /where a value was expected/],
    ['{"A": [1] "B": 2}', '/A', /where ',' or '}' was expected/],
    ['{"A": [{"x": [1}]}', '/A/0', /brackets do not match/],
    ['{"A": []} extra', '', /after the end of the document/],
    ['{A: []}', '', /where a member name was expected/],
    ['{"A" []}', '/A', /where ':' was expected/],
  ])('ends with a fatal problem for a broken outer shape: %j', async (text, pointer, message) => {
    const events = await collect(text);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ kind: 'problem', pointer, fatal: true });
    expect((last as { message: string }).message).toMatch(message);
    expect(problems(events)).toHaveLength(1);
  });

  it('says where a break is, by line and column', async () => {
    const events = await collect('{\n  "A": [\n    {"x": 1}\n    {"y": 2}\n  ]\n}');
    expect(problems(events)).toEqual([{ kind: 'problem', pointer: '/A', message: expect.stringContaining('(line 4, column 5)'), fatal: true }]);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const events = await collect([new TextEncoder().encode('{"A": ["'), Uint8Array.of(0xff, 0xfe), new TextEncoder().encode('"]}')]);
    expect(problems(events)).toEqual([{ kind: 'problem', pointer: '', message: 'the file is not UTF-8 text', fatal: true }]);
  });

  it('survives deep nesting inside an element', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const events = await collect(`{"A": [${deep}, 1]}`, undefined, 1_000_000);
    // JSON.parse may or may not take this depth; either way the scan reads on to the next element.
    expect(elements(events).at(-1)).toEqual(['/A/1', 1]);
  });

  it('escapes pointer tokens as RFC 6901 says', () => {
    expect(pointerOf('a/b', 'c~d', 3)).toBe('/a~1b/c~0d/3');
  });
});
