/**
 * Text that people read back: organisation names, token and invitation labels (shown in
 * the web app, the audit trail and on the PDF cover) and free text that prints in the
 * report (answer comments, not-applicable reasons, free-text answers).
 *
 * A name must read as what it is. Characters that change how the text around them reads,
 * or that cannot be seen at all, are rejected with the code point and its position, so a
 * client learns exactly what to remove (issue 13, finding 8: `\u202Egnp.exe` read
 * `exe.png` on the PDF cover). Rejected, not silently removed, so that what is stored is
 * what the client sent, apart from the normalisation below.
 *
 * Names and labels (`DisplayName`, one line): trimmed, then Unicode NFC (the same name typed
 * on two systems is stored, compared and hashed alike), then refused when they contain:
 * - control characters: C0 U+0000–U+001F, DEL U+007F and C1 U+0080–U+009F (NUL ends C
 *   strings, BEL rings terminals, ESC starts terminal escape sequences, line breaks split
 *   one-line fields in logs and CSV);
 * - the bidirectional controls (Unicode's Bidi_Control property): the embeddings and
 *   overrides U+202A–U+202E, the isolates U+2066–U+2069 and the marks U+200E, U+200F,
 *   U+061C. Overrides reverse what follows; marks and isolates move neutral characters
 *   around them. Hebrew and Arabic names need none of them: the strong letters order
 *   themselves;
 * - the line and paragraph separators U+2028 and U+2029 (a name is one line);
 * - every other invisible format character (general category Cf: U+200B ZERO WIDTH SPACE,
 *   U+2060 WORD JOINER, U+FEFF, U+00AD SOFT HYPHEN, the TAG characters U+E0000–U+E007F
 *   that can smuggle hidden text to an agent reading it, …) and the Hangul fillers (letters
 *   that draw nothing): two names that look the same must be the same, and the owner
 *   must be able to type the name back to confirm a deletion. Except ZERO WIDTH NON-JOINER
 *   U+200C and ZERO WIDTH JOINER U+200D, which Persian and Indic scripts and emoji
 *   sequences need to be written correctly;
 * - unpaired surrogates and noncharacters (not characters; invalid in UTF-8 storage).
 * Leading and trailing whitespace, including a pasted trailing line break, is trimmed away
 * before the check rather than refused.
 *
 * Free text (`displayTextChecks`, many lines): Unicode NFC, U+2028/U+2029 become "\n",
 * and the same controls are refused except tab, line feed and carriage return; the
 * bidirectional controls, unpaired surrogates, noncharacters and TAG characters are
 * refused too. Other invisible characters stay allowed: Thai, Khmer and Burmese text uses
 * U+200B between words, and a soft hyphen or word joiner pasted into a comment misleads
 * nobody. Free text is not trimmed (it is saved while being typed).
 *
 * Data stored before these rules is neutralised where it is shown (`neutraliseDisplayText`,
 * used by the report model and the deletion confirmation).
 */
import { z } from 'zod';

export type DisplayTextKind = 'name' | 'text';

const C0_NAMES = [
  'NULL',
  'START OF HEADING',
  'START OF TEXT',
  'END OF TEXT',
  'END OF TRANSMISSION',
  'ENQUIRY',
  'ACKNOWLEDGE',
  'BELL',
  'BACKSPACE',
  'CHARACTER TABULATION',
  'LINE FEED',
  'LINE TABULATION',
  'FORM FEED',
  'CARRIAGE RETURN',
  'SHIFT OUT',
  'SHIFT IN',
  'DATA LINK ESCAPE',
  'DEVICE CONTROL ONE',
  'DEVICE CONTROL TWO',
  'DEVICE CONTROL THREE',
  'DEVICE CONTROL FOUR',
  'NEGATIVE ACKNOWLEDGE',
  'SYNCHRONOUS IDLE',
  'END OF TRANSMISSION BLOCK',
  'CANCEL',
  'END OF MEDIUM',
  'SUBSTITUTE',
  'ESCAPE',
  'INFORMATION SEPARATOR FOUR',
  'INFORMATION SEPARATOR THREE',
  'INFORMATION SEPARATOR TWO',
  'INFORMATION SEPARATOR ONE',
];

/** Unicode names (or, for controls, their name aliases) of the code points errors name most. */
const NAMES = new Map<number, string>([
  ...C0_NAMES.map((name, cp) => [cp, name] as [number, string]),
  [0x7f, 'DELETE'],
  [0x85, 'NEXT LINE'],
  [0xad, 'SOFT HYPHEN'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x115f, 'HANGUL CHOSEONG FILLER'],
  [0x1160, 'HANGUL JUNGSEONG FILLER'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2061, 'FUNCTION APPLICATION'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2063, 'INVISIBLE SEPARATOR'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0x3164, 'HANGUL FILLER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
  [0xffa0, 'HALFWIDTH HANGUL FILLER'],
]);

/** Unicode's Bidi_Control characters. */
const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
/** Letters that draw nothing. */
const HANGUL_FILLERS = new Set([0x115f, 0x1160, 0x3164, 0xffa0]);
const FORMAT_CHARACTER = /^\p{Cf}$/u;
/** Tab, line feed and carriage return: allowed in free text. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0d]);
const LINE_SEPARATORS = /[\u2028\u2029]/g;
/** Nothing to look at: printable ASCII, plus the text controls for free text. */
const PLAIN = { name: /^[\x20-\x7e]*$/, text: /^[\x20-\x7e\t\n\r]*$/ } as const;

const isControl = (cp: number) => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
const isNoncharacter = (cp: number) => (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;

/** Whether `cp` is refused in a name or label (`name`) or in free text (`text`). */
export function isForbiddenCodePoint(cp: number, kind: DisplayTextKind): boolean {
  if (isControl(cp)) return !(kind === 'text' && TEXT_CONTROLS.has(cp));
  if (BIDI_CONTROLS.has(cp) || isSurrogate(cp) || isNoncharacter(cp) || isTag(cp)) return true;
  if (kind === 'text') return false;
  if (cp === 0x2028 || cp === 0x2029 || HANGUL_FILLERS.has(cp)) return true;
  return cp !== 0x200c && cp !== 0x200d && FORMAT_CHARACTER.test(String.fromCodePoint(cp));
}

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, or the code point with what kind of character it is. */
export function describeCodePoint(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES.get(cp);
  if (name) return `${hex} ${name}`;
  if (isControl(cp)) return `${hex} (a control character)`;
  if (isSurrogate(cp)) return `${hex} (an unpaired surrogate, not a character)`;
  if (isNoncharacter(cp)) return `${hex} (a noncharacter)`;
  if (isTag(cp)) return `${hex} (an invisible TAG character)`;
  return `${hex} (an invisible formatting character)`;
}

export interface ForbiddenCharacter {
  codePoint: number;
  /** 1-based position in code points (what a person counts), in the normalised text. */
  position: number;
}

/** The refused characters of `text`, in order. */
export function forbiddenCharacters(text: string, kind: DisplayTextKind): ForbiddenCharacter[] {
  if (PLAIN[kind].test(text)) return [];
  const found: ForbiddenCharacter[] = [];
  let position = 0;
  // for…of walks code points; an unpaired surrogate comes out on its own.
  for (const ch of text) {
    position++;
    const codePoint = ch.codePointAt(0)!;
    if (isForbiddenCodePoint(codePoint, kind)) found.push({ codePoint, position });
  }
  return found;
}

const WHY: Record<DisplayTextKind, string> = {
  name: 'which is not allowed in names and labels (control, bidirectional and invisible formatting characters change how a name reads)',
  text: 'which is not allowed in free text (control characters other than tab and line breaks, and bidirectional formatting characters, change how text reads)',
};

/** The error message for a text with refused characters, naming the first; undefined when none. */
export function displayTextProblem(text: string, kind: DisplayTextKind): string | undefined {
  const found = forbiddenCharacters(text, kind);
  if (!found.length) return undefined;
  const [first] = found as [ForbiddenCharacter];
  const more = found.length > 1 ? ` (and ${found.length - 1} more such character${found.length > 2 ? 's' : ''})` : '';
  return `contains ${describeCodePoint(first.codePoint)} at position ${first.position}${more}, ${WHY[kind]}`;
}

const refuse = (kind: DisplayTextKind) =>
  z.superRefine<string>((text, ctx) => {
    const message = displayTextProblem(text, kind);
    if (message) ctx.addIssue({ code: 'custom', message, input: text });
  });

/**
 * A name or label: trimmed, NFC, 1 to `max` UTF-16 code units, without control,
 * bidirectional or invisible formatting characters.
 */
export function DisplayName(max: number) {
  return z
    .string()
    .trim()
    .normalize('NFC')
    .check(refuse('name'))
    .min(1)
    .max(max)
    .describe(
      'trimmed and stored in Unicode NFC; control characters, bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and invisible formatting characters are refused',
    );
}

/**
 * The checks for free text, appended to a string schema that keeps its own limits:
 * `z.string().max(4000).check(...displayTextChecks)`. NFC, U+2028/U+2029 as "\n", and no
 * control characters other than tab and line breaks, no bidirectional controls.
 */
export const displayTextChecks = [z.normalize('NFC'), z.overwrite((text: string) => text.replace(LINE_SEPARATORS, '\n')), refuse('text')] as const;

/**
 * What to show for text stored before these rules: refused characters removed (whitespace
 * controls in a name become a space), NFC, names trimmed. Shows a legacy `\u202Egnp.exe`
 * as `gnp.exe`, the order it was typed in. Clean text comes back unchanged.
 */
export function neutraliseDisplayText(text: string, kind: DisplayTextKind): string {
  let out = text.normalize('NFC');
  if (kind === 'text') out = out.replace(LINE_SEPARATORS, '\n');
  if (PLAIN[kind].test(out)) return kind === 'name' ? out.trim() : out;
  let kept = '';
  for (const ch of out) {
    const cp = ch.codePointAt(0)!;
    if (!isForbiddenCodePoint(cp, kind)) kept += ch;
    else if (kind === 'name' && (cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029))
      kept += ' ';
  }
  return kind === 'name' ? kept.trim() : kept;
}
