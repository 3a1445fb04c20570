/**
 * An incremental reader for the JSON inventories (AWS authorization details, Microsoft Graph
 * collections): the file arrives in chunks, and what comes out is one array element at a
 * time with its JSON pointer, so that a file of 50,000 identities is never held whole.
 *
 * Only the outer shape is walked here: a top-level object whose members may be arrays, or a
 * top-level array. Each element is cut out by bracket matching (strings and escapes
 * respected) and handed to JSON.parse, so its content is checked by the platform's own
 * parser; an element that fails is reported and the next one read. A break in the outer
 * shape (a missing bracket, a truncated file, text after the end) ends the scan with a
 * fatal problem. Pure: no Node built-in (TextDecoder is the standard global).
 */
import type { z } from 'zod';
import type { ImportProblem, InventoryIdentity } from './inventory';
import { secretAtPointer } from './secret-guard';

export type JsonChunk = string | Uint8Array;
/** A whole document as text, or its chunks (a file or an upload read piece by piece). */
export type JsonSource = string | Iterable<JsonChunk> | AsyncIterable<JsonChunk>;

/** What to do with a member of the top-level object: stream its array's elements, pass over it, or hand its value over. */
export type MemberMode = 'elements' | 'skip' | 'value';

export interface ScanOptions {
  member(key: string): MemberMode;
  /** The largest element or member value read, in characters (UTF-16 units); larger ones are reported and passed over. */
  maxValueChars?: number;
}

export type ScanEvent =
  | { kind: 'root'; type: 'object' | 'array' }
  /** An element of a member's array (`key`), or of the top-level array (`key` null). */
  | { kind: 'element'; key: string | null; index: number; pointer: string; value: unknown }
  /** A top-level member read whole: one in `value` mode, or one in `elements` mode that is not an array. */
  | { kind: 'member'; key: string; pointer: string; value: unknown }
  | { kind: 'problem'; pointer: string; message: string; fatal: boolean };

export const DEFAULT_MAX_VALUE_CHARS = 4 * 1024 * 1024;
/** Strings are fed to the scanner in slices of this size, so that one batch of events stays small. */
const SLICE = 64 * 1024;

/** RFC 6901: `~` and `/` escaped in each reference token. */
export const pointerToken = (token: string | number): string => String(token).replace(/~/g, '~0').replace(/\//g, '~1');
export const pointerOf = (...tokens: (string | number)[]): string => tokens.map((t) => `/${pointerToken(t)}`).join('');

enum S {
  Root,
  ObjFirstKey,
  ObjKey,
  Key,
  Colon,
  MemberValue,
  ObjNext,
  ArrFirst,
  ArrValue,
  ArrNext,
  Capture,
  End,
}

/** What a value being read is for. */
enum Purpose {
  Element,
  Member,
  Skip,
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

class Scanner {
  private state = S.Root;
  private done = false;
  private sawInput = false;
  // Where we are, for messages.
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  // The outer shape.
  private rootArray = false;
  private key: string | null = null;
  private keyParts: string[] = [];
  private keyLength = 0;
  private keyEscape = false;
  private mode: MemberMode = 'skip';
  private index = 0;
  // The value being read.
  private purpose = Purpose.Skip;
  private stack: number[] = [];
  private inString = false;
  private escape = false;
  private scalar = false;
  private parts: string[] = [];
  private length = 0;
  private tooLarge = false;
  /** The value's first character is still to be stepped over (startValue() has already taken it into account). */
  private opening = false;

  constructor(
    private readonly options: ScanOptions,
    private readonly max: number,
  ) {}

  private where(): string {
    return `line ${this.line}, column ${this.offset - this.lineStart + 1}`;
  }

  /** The nearest pointer to the current position: the element being read, else the member, else the root. */
  private pointer(): string {
    const element = this.state === S.Capture && this.purpose === Purpose.Element;
    if (this.rootArray) return element ? pointerOf(this.index) : '';
    if (this.key === null || this.state === S.Key || this.state === S.End) return '';
    return element ? pointerOf(this.key, this.index) : pointerOf(this.key);
  }

  private fail(out: ScanEvent[], message: string): void {
    out.push({ kind: 'problem', pointer: this.pointer(), message: `${message} (${this.where()})`, fatal: true });
    this.done = true;
  }

  private unexpected(out: ScanEvent[], c: number, expected: string): void {
    this.fail(out, `unexpected ${JSON.stringify(String.fromCharCode(c))} where ${expected} was expected`);
  }

  private startValue(out: ScanEvent[], c: number, purpose: Purpose): boolean {
    // '{', '[', '"', '-', digits, and the first letters of true, false, null.
    const opens = c === 0x7b || c === 0x5b;
    if (!opens && c !== 0x22 && c !== 0x2d && !(c >= 0x30 && c <= 0x39) && c !== 0x74 && c !== 0x66 && c !== 0x6e) {
      this.unexpected(out, c, 'a value');
      return false;
    }
    this.purpose = purpose;
    this.stack.length = 0;
    if (opens) this.stack.push(c);
    this.inString = c === 0x22;
    this.escape = false;
    this.scalar = !opens && c !== 0x22;
    this.parts = [];
    this.length = 0;
    this.tooLarge = false;
    this.opening = true;
    this.state = S.Capture;
    return true;
  }

  private keep(chunk: string, from: number, to: number): void {
    if (this.purpose === Purpose.Skip || this.tooLarge || to <= from) return;
    this.length += to - from;
    if (this.length > this.max) {
      this.tooLarge = true;
      this.parts = [];
      return;
    }
    this.parts.push(chunk.slice(from, to));
  }

  /** The value just read is complete: hand it over and move on in the outer shape. */
  private finishValue(out: ScanEvent[]): void {
    const purpose = this.purpose;
    const text = this.parts.join('');
    this.parts = [];
    if (purpose === Purpose.Element) {
      const key = this.rootArray ? null : this.key;
      const pointer = key === null ? pointerOf(this.index) : pointerOf(key, this.index);
      if (this.tooLarge) out.push({ kind: 'problem', pointer, message: `this element is larger than ${this.max} characters`, fatal: false });
      else {
        const parsed = parse(text);
        if (parsed.ok) out.push({ kind: 'element', key, index: this.index, pointer, value: parsed.value });
        else out.push({ kind: 'problem', pointer, message: `not valid JSON: ${parsed.error}`, fatal: false });
      }
      this.index += 1;
      this.state = S.ArrNext;
      return;
    }
    if (purpose === Purpose.Member) {
      const key = this.key!;
      const pointer = pointerOf(key);
      if (this.tooLarge) out.push({ kind: 'problem', pointer, message: `this value is larger than ${this.max} characters`, fatal: false });
      else {
        const parsed = parse(text);
        if (parsed.ok) out.push({ kind: 'member', key, pointer, value: parsed.value });
        else out.push({ kind: 'problem', pointer, message: `not valid JSON: ${parsed.error}`, fatal: false });
      }
    }
    this.state = S.ObjNext;
  }

  push(chunk: string, out: ScanEvent[]): void {
    const n = chunk.length;
    let i = 0;
    while (i < n && !this.done) {
      const c = chunk.charCodeAt(i);
      if (this.state === S.Capture) {
        i = this.capture(chunk, i, out);
        continue;
      }
      if (this.state === S.Key) {
        // Inside a member name: read up to the closing quote.
        const start = i;
        while (i < n) {
          const k = chunk.charCodeAt(i);
          if (this.keyEscape) this.keyEscape = false;
          else if (k === 0x5c) this.keyEscape = true;
          else if (k === 0x22) break;
          i += 1;
        }
        this.keyParts.push(chunk.slice(start, i));
        this.keyLength += i - start;
        this.advance(chunk, start, i);
        if (this.keyLength > this.max) {
          this.fail(out, 'a member name is too long');
          return;
        }
        if (i < n) {
          const name = parse(`"${this.keyParts.join('')}"`);
          if (!name.ok || typeof name.value !== 'string') {
            this.fail(out, 'a member name is not a valid JSON string');
            return;
          }
          this.key = name.value;
          this.keyParts = [];
          this.keyLength = 0;
          this.state = S.Colon;
          this.advance(chunk, i, i + 1);
          i += 1;
        }
        continue;
      }
      if (isSpace(c)) {
        this.advance(chunk, i, i + 1);
        i += 1;
        continue;
      }
      if (!this.sawInput) {
        this.sawInput = true;
        if (c === 0xfeff) {
          this.advance(chunk, i, i + 1);
          i += 1;
          continue;
        }
      }
      switch (this.state) {
        case S.Root:
          if (c === 0x7b) {
            out.push({ kind: 'root', type: 'object' });
            this.state = S.ObjFirstKey;
          } else if (c === 0x5b) {
            out.push({ kind: 'root', type: 'array' });
            this.rootArray = true;
            this.index = 0;
            this.state = S.ArrFirst;
          } else {
            this.unexpected(out, c, 'an object or an array');
            return;
          }
          break;
        case S.ObjFirstKey:
        case S.ObjKey:
          if (c === 0x22) {
            this.state = S.Key;
            this.keyParts = [];
            this.keyLength = 0;
            this.keyEscape = false;
          } else if (c === 0x7d && this.state === S.ObjFirstKey) this.state = S.End;
          else {
            this.unexpected(out, c, 'a member name');
            return;
          }
          break;
        case S.Colon:
          if (c !== 0x3a) {
            this.unexpected(out, c, "':'");
            return;
          }
          this.mode = this.options.member(this.key!);
          this.state = S.MemberValue;
          break;
        case S.MemberValue:
          if (c === 0x5b && this.mode === 'elements') {
            this.index = 0;
            this.state = S.ArrFirst;
          } else {
            if (!this.startValue(out, c, this.mode === 'skip' ? Purpose.Skip : Purpose.Member)) return;
            continue; // the first character is read by capture()
          }
          break;
        case S.ObjNext:
          if (c === 0x2c) this.state = S.ObjKey;
          else if (c === 0x7d) this.state = S.End;
          else {
            this.unexpected(out, c, "',' or '}'");
            return;
          }
          break;
        case S.ArrFirst:
        case S.ArrValue:
          if (c === 0x5d && this.state === S.ArrFirst) {
            this.state = this.rootArray ? S.End : S.ObjNext;
            break;
          }
          if (!this.startValue(out, c, Purpose.Element)) return;
          continue;
        case S.ArrNext:
          if (c === 0x2c) this.state = S.ArrValue;
          else if (c === 0x5d) this.state = this.rootArray ? S.End : S.ObjNext;
          else {
            this.unexpected(out, c, "',' or ']'");
            return;
          }
          break;
        case S.End: {
          this.fail(out, 'unexpected text after the end of the document');
          return;
        }
      }
      this.advance(chunk, i, i + 1);
      i += 1;
    }
  }

  /** Reads a value from `i` on; returns where it stopped (the end of the chunk, or just after the value). */
  private capture(chunk: string, i: number, out: ScanEvent[]): number {
    const n = chunk.length;
    const start = i;
    const stack = this.stack;
    let inString = this.inString;
    let escaped = this.escape;
    let finished = false;
    if (this.opening) {
      this.opening = false;
      i += 1;
    }
    if (this.scalar) {
      // A number, true, false or null: it ends before a delimiter.
      while (i < n) {
        const c = chunk.charCodeAt(i);
        if (c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c)) {
          finished = true;
          break;
        }
        i += 1;
      }
    } else {
      while (i < n) {
        const c = chunk.charCodeAt(i);
        if (c === 0x0a) {
          this.line += 1;
          this.lineStart = this.offset + (i - start) + 1;
        }
        i += 1;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (stack.length === 0) {
              finished = true;
              break;
            }
          }
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) stack.push(c);
        else if (c === 0x7d || c === 0x5d) {
          const open = stack.pop();
          if (open !== (c === 0x7d ? 0x7b : 0x5b)) {
            this.offset += i - start - 1;
            this.fail(out, `unexpected ${JSON.stringify(String.fromCharCode(c))}: brackets do not match`);
            return n;
          }
          if (stack.length === 0) {
            finished = true;
            break;
          }
        }
      }
    }
    this.inString = inString;
    this.escape = escaped;
    this.keep(chunk, start, i);
    this.offset += i - start;
    if (finished) this.finishValue(out);
    return i;
  }

  /** Moves the position over `chunk[from, to)`, outside values (counts lines). */
  private advance(chunk: string, from: number, to: number): void {
    for (let j = from; j < to; j += 1)
      if (chunk.charCodeAt(j) === 0x0a) {
        this.line += 1;
        this.lineStart = this.offset + (j - from) + 1;
      }
    this.offset += to - from;
  }

  end(out: ScanEvent[]): void {
    if (this.done) return;
    if (!this.sawInput) {
      this.fail(out, 'the file is empty');
      return;
    }
    // A number at the very end of a member's value cannot happen (the object must still close), so a capture here is a truncation.
    if (this.state !== S.End) this.fail(out, 'the document ends early (is the file truncated?)');
  }

  get finished(): boolean {
    return this.done;
  }
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function* chunksOf(source: JsonSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    for (let i = 0; i < source.length; i += SLICE) yield source.slice(i, i + SLICE);
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source as AsyncIterable<JsonChunk>) {
    if (typeof chunk === 'string') {
      for (let i = 0; i < chunk.length; i += SLICE) yield chunk.slice(i, i + SLICE);
    } else yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Reads a JSON document incrementally. Events come in document order; after a fatal problem
 * nothing more is read. The memory held is one element (at most `maxValueChars`) and one
 * chunk, plus the nesting depth of the element being read.
 */
export async function* scanJson(source: JsonSource, options: ScanOptions): AsyncGenerator<ScanEvent> {
  const scanner = new Scanner(options, options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS);
  const out: ScanEvent[] = [];
  try {
    for await (const chunk of chunksOf(source)) {
      scanner.push(chunk, out);
      yield* out;
      out.length = 0;
      if (scanner.finished) return;
    }
  } catch (error) {
    // TextDecoder refuses bytes that are not UTF-8; anything else is not ours to hide.
    if (!(error instanceof TypeError)) throw error;
    yield { kind: 'problem', pointer: '', message: 'the file is not UTF-8 text', fatal: true };
    return;
  }
  scanner.end(out);
  yield* out;
}

// What the JSON readers (./aws-authorization-details.ts, ./entra.ts) share.

/** What a reader yields, in file order: an identity read, or a problem met on the way. */
export type InventoryItem = { identity: InventoryIdentity } | { problem: ImportProblem };

export interface ReadOptions {
  /** The largest element read, in characters (./json-scan.ts). */
  maxValueChars?: number;
}

export function zodProblems(error: z.ZodError, pointer: string): ImportProblem[] {
  return error.issues.slice(0, 5).map((issue) => ({
    at: { pointer: pointer + pointerOf(...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) },
    message: issueMessage(issue),
  }));
}

/** A zod issue in words for people: wrong type, missing, or not accepted. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const detail = issue.message.replace(/^Invalid (?:input|option): /, '');
  if (issue.code !== 'invalid_type') return `not accepted: ${detail}`;
  if (detail.endsWith('received undefined')) return `missing (${detail.replace(/, received undefined$/, '')})`;
  return `wrong type: ${detail}`;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date as the CLI writes it, as an ISO instant (UTC); undefined when it is not one. */
export function instant(value: string): string | undefined {
  if (!INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Reads an optional date field, reporting it when it is not a date. */
export function dateAt(value: string | undefined, pointer: string, problems: ImportProblem[]): string | null {
  if (value === undefined || value === '') return null;
  const at = instant(value);
  if (at === undefined) problems.push({ at: { pointer }, message: 'not an ISO 8601 date' });
  return at ?? null;
}

/** Every string in a value is checked for a secret; the first few found are reported. */
export function secretsIn(value: unknown, pointer: string, problems: ImportProblem[], limit = 3): number {
  let found = 0;
  const walk = (v: unknown, at: string): void => {
    if (found >= limit) return;
    if (typeof v === 'string') {
      const problem = secretAtPointer(v, at);
      if (problem) {
        problems.push(problem);
        found += 1;
      }
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) walk(v[i], `${at}/${i}`);
    } else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, at + pointerOf(k));
  };
  walk(value, pointer);
  return found;
}

/** Tag keys (lower case) whose value lists the environments an identity is used in. */
export const ENVIRONMENT_TAGS: ReadonlySet<string> = new Set(['environment', 'env']);

/** Adds the environments a tag value lists (`prod`, `prod,staging`), lower case, each once. */
export function addEnvironments(value: string, into: string[]): void {
  for (const e of value.split(/[,;\s]+/)) {
    const name = e.toLowerCase();
    if (name && !into.includes(name)) into.push(name);
  }
}
