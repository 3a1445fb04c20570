import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeCodePoint, DisplayName, displayTextChecks, forbiddenCharacters, isForbiddenCodePoint, neutraliseDisplayText } from './display-text';

const Name = DisplayName(200);
const Text = z
  .string()
  .max(4000)
  .check(...displayTextChecks);

const BIDI_CONTROLS = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
const C0_AND_C1 = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
/** Invisible characters refused in names but not in free text. */
const INVISIBLE = [0x00ad, 0x180e, 0x200b, 0x2028, 0x2029, 0x2060, 0x2064, 0xfeff, 0x115f, 0x3164, 0xffa0];

/** Strings mixing ordinary text with every interesting kind of code point. */
const risky = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(
        ...[...BIDI_CONTROLS, ...C0_AND_C1, ...INVISIBLE, 0x200c, 0x200d, 0xd800, 0xdfff, 0xfffe, 0xe0041].map((cp) =>
          String.fromCharCode(...(cp > 0xffff ? [0xdb40, 0xdc41] : [cp])),
        ),
      ),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const codePoints = (text: string) => [...text].map((ch) => ch.codePointAt(0)!);

describe('DisplayName', () => {
  it('refuses a right-to-left override, naming it and where it is', () => {
    const result = Name.safeParse('\u202Egnp.exe');
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        path: [],
        message:
          'contains U+202E RIGHT-TO-LEFT OVERRIDE at position 1, which is not allowed in names and labels (control, bidirectional and invisible formatting characters change how a name reads)',
      }),
    ]);
  });

  it.each(BIDI_CONTROLS)('refuses the bidirectional control U+%s', (cp) => {
    expect(Name.safeParse(`Acme ${String.fromCodePoint(cp)}Ltd`).success).toBe(false);
  });

  it.each(C0_AND_C1)('refuses the control character %i inside a name', (cp) => {
    expect(Name.safeParse(`Ac${String.fromCodePoint(cp)}me`).success).toBe(false);
  });

  it.each(INVISIBLE)('refuses the invisible character %i', (cp) => {
    expect(Name.safeParse(`Ac${String.fromCodePoint(cp)}me`).success).toBe(false);
  });

  it('names controls by their aliases and counts the rest', () => {
    expect(Name.safeParse('A\u0000B\u0007C\u0007').error!.issues[0]!.message).toMatch(/^contains U\+0000 NULL at position 2 \(and 2 more such characters\)/);
    expect(describeCodePoint(0x07)).toBe('U+0007 BELL');
    expect(describeCodePoint(0x9b)).toBe('U+009B (a control character)');
    expect(describeCodePoint(0xe0041)).toBe('U+E0041 (an invisible TAG character)');
    expect(describeCodePoint(0xd800)).toBe('U+D800 (an unpaired surrogate, not a character)');
    expect(describeCodePoint(0xfffe)).toBe('U+FFFE (a noncharacter)');
    expect(describeCodePoint(0x2063)).toBe('U+2063 INVISIBLE SEPARATOR');
  });

  it('trims, normalises to NFC, and keeps the limits', () => {
    expect(Name.parse('  Cafe\u0301 \n')).toBe('Caf\u00E9');
    expect(Name.parse('Z\u00FCrich')).toBe(Name.parse('Zu\u0308rich'));
    expect(Name.safeParse('   ').success).toBe(false);
    expect(Name.safeParse('x'.repeat(201)).success).toBe(false);
    expect(Name.safeParse('x'.repeat(200)).success).toBe(true);
  });

  it('keeps real names in every script, with the joiners some need', () => {
    for (const name of [
      'Zürich Ærø Łódź Ltd',
      'שלום בע״מ',
      'شركة المثال',
      'می\u200Cخواهم',
      'क्\u200Dष',
      'Family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
      '東京株式会社',
      'O\u2019Brien & Co.',
      '\u2764\uFE0F Hearts',
    ])
      expect(Name.parse(name)).toBe(name.normalize('NFC'));
  });

  it('never accepts a string with a refused code point', () => {
    fc.assert(
      fc.property(risky, (input) => {
        const result = Name.safeParse(input);
        if (result.success) expect(codePoints(result.data).filter((cp) => isForbiddenCodePoint(cp, 'name'))).toEqual([]);
        else if (forbiddenCharacters(input.trim().normalize('NFC'), 'name').length)
          expect(result.error.issues.some((i) => /^contains U\+[0-9A-F]{4,6} /.test(i.message))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('free text checks', () => {
  it('keeps tabs and line breaks, turns line and paragraph separators into line feeds', () => {
    expect(Text.parse('one\n\ttwo\r\nthree')).toBe('one\n\ttwo\r\nthree');
    expect(Text.parse('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
    expect(Text.parse('e\u0301')).toBe('\u00E9');
  });

  it('allows invisible characters that scripts use between words', () => {
    expect(Text.parse('ภาษา\u200Bไทย soft\u00ADhyphen')).toBe('ภาษา\u200Bไทย soft\u00ADhyphen');
  });

  it('refuses bidirectional controls and other control characters', () => {
    expect(Text.safeParse('see \u202Efdp.exe').error!.issues[0]!.message).toBe(
      'contains U+202E RIGHT-TO-LEFT OVERRIDE at position 5, which is not allowed in free text (control characters other than tab and line breaks, and bidirectional formatting characters, change how text reads)',
    );
    for (const cp of [...BIDI_CONTROLS, ...C0_AND_C1.filter((c) => c !== 9 && c !== 10 && c !== 13), 0xe0041, 0xfffe])
      expect(Text.safeParse(`a${String.fromCodePoint(cp)}b`).success, describeCodePoint(cp)).toBe(false);
    expect(Text.safeParse('lone \uD800').success).toBe(false);
  });

  it('never accepts a string with a refused code point', () => {
    fc.assert(
      fc.property(risky, (input) => {
        const result = Text.safeParse(input);
        if (result.success) expect(codePoints(result.data).filter((cp) => isForbiddenCodePoint(cp, 'text'))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('neutraliseDisplayText', () => {
  it('shows a stored override in the order it was typed', () => {
    expect(neutraliseDisplayText('\u202Egnp.exe', 'name')).toBe('gnp.exe');
    expect(neutraliseDisplayText('Acme\u0000\u0007 Ltd\nUK', 'name')).toBe('Acme Ltd UK');
    expect(neutraliseDisplayText('a\u202E\n\tb\u0007\u2028c', 'text')).toBe('a\n\tb\nc');
  });

  it('leaves clean text as it is', () => {
    for (const text of ['Zürich Ærø Łódź Ltd', 'שלום בע״מ', 'می\u200Cخواهم', 'plain ascii']) expect(neutraliseDisplayText(text, 'name')).toBe(text);
    expect(neutraliseDisplayText('line one\n\tline two', 'text')).toBe('line one\n\tline two');
  });

  it('always yields what the schemas accept', () => {
    fc.assert(
      fc.property(risky, (input) => {
        const name = neutraliseDisplayText(input, 'name');
        expect(forbiddenCharacters(name, 'name')).toEqual([]);
        if (name) expect(Name.parse(name)).toBe(name);
        expect(forbiddenCharacters(neutraliseDisplayText(input, 'text'), 'text')).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
