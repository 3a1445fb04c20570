/**
 * Characters the embedded fonts cannot draw. DejaVu Sans covers Latin, Greek, Cyrillic,
 * Hebrew, Arabic and many symbols, but not CJK. react-pdf 4.9 does not skip such
 * characters: they garble the font subset, and other letters of the document go missing
 * with them (a Japanese name made every "z" vanish). So they are replaced by a visible
 * box before layout, and the rest of the report prints intact.
 */
import { openSync } from 'fontkit';

interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export const MISSING_GLYPH = '□';

const fonts = new Map<string, GlyphSource>();

function open(path: string): GlyphSource {
  let font = fonts.get(path);
  if (!font) {
    font = openSync(path);
    fonts.set(path, font);
  }
  return font;
}

/** Replaces what any of the font files cannot draw; `replaced()` counts what it replaced so far. */
export function printableWith(fontPaths: readonly string[]): ((text: string) => string) & { replaced: () => number } {
  const sources = fontPaths.map(open);
  const known = new Map<number, boolean>();
  const drawable = (cp: number) => {
    let ok = known.get(cp);
    if (ok === undefined) {
      ok = cp < 0x20 || sources.every((f) => f.hasGlyphForCodePoint(cp));
      known.set(cp, ok);
    }
    return ok;
  };
  let replaced = 0;
  const printable = (text: string) => {
    let out = '';
    for (const ch of text) {
      if (drawable(ch.codePointAt(0)!)) out += ch;
      else {
        out += MISSING_GLYPH;
        replaced++;
      }
    }
    return out;
  };
  return Object.assign(printable, { replaced: () => replaced });
}

/** Applies `fn` to every string in plain data (the report model), keeping its shape. */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}
