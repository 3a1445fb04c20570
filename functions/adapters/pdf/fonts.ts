/**
 * Fonts for reports. The standard PDF fonts cover Latin-1 only ("Łódź" would lose its
 * Ł), so DejaVu Sans is embedded. Files are read from disk; nothing is downloaded.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Font } from '@react-pdf/renderer';

const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

/** The installed npm package's ttf dir; the Lambda bundle passes its own `fonts/` dir instead. */
export function defaultFontDir(): string {
  return dirname(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${REGULAR}`));
}

/** The font files a report embeds, in `fontDir`. */
export const reportFontFiles = (fontDir: string = defaultFontDir()) => [join(fontDir, REGULAR), join(fontDir, BOLD)];

/** Words longer than this may break anywhere; shorter ones only wrap at spaces. */
const LONGEST_UNBROKEN_WORD = 24;
const CHUNK = 12;

/**
 * The built-in English hyphenation splits identifiers such as "AC-6(9)" and inserts
 * hyphens into names. Keep words whole, except very long ones (an organisation name
 * without spaces, a URL), which are cut into pieces so they wrap instead of overflow.
 */
export function hyphenate(word: string): string[] {
  if (word.length <= LONGEST_UNBROKEN_WORD) return [word];
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += CHUNK) parts.push(word.slice(i, i + CHUNK));
  return parts;
}

// react-pdf's font store is process-wide and appends sources on every register() of a
// family, so each font dir is registered once under its own family name.
const families = new Map<string, string>();

/** Registers DejaVu Sans (regular, bold) from `fontDir` and returns the family name to use. */
export function registerReportFonts(fontDir: string = defaultFontDir()): string {
  const known = families.get(fontDir);
  if (known) return known;
  const family = families.size === 0 ? 'DejaVu Sans' : `DejaVu Sans ${families.size + 1}`;
  Font.register({
    family,
    fonts: [
      { src: join(fontDir, REGULAR), fontWeight: 'normal' },
      { src: join(fontDir, BOLD), fontWeight: 'bold' },
    ],
  });
  Font.registerHyphenationCallback(hyphenate);
  families.set(fontDir, family);
  return family;
}

/** Drops the parsed font data of one family; react-pdf parses the files again on its next use. */
export function forgetLoadedFont(family: string) {
  const families = Font.getRegisteredFonts() as unknown as Record<string, { sources: { data: unknown; loadResultPromise: unknown }[] }>;
  for (const source of families[family]?.sources ?? []) {
    source.data = null;
    source.loadResultPromise = null;
  }
}

/** The part of a parsed (fontkit) font that drawing a line of text by hand needs. */
export interface LoadedFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  layout(text: string): { advanceWidth: number };
}

/**
 * The regular font of `family` as react-pdf parsed it for the document being drawn (so text
 * drawn with it lands in the same embedded subset); throws before react-pdf has loaded it.
 */
export function loadedRegularFont(family: string): LoadedFont {
  const data = Font.getFont({ fontFamily: family, fontWeight: 'normal' })?.data as LoadedFont | null | undefined;
  if (!data || typeof data.layout !== 'function') throw new Error(`Font ${family} is not loaded`);
  return data;
}
