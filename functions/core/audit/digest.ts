/**
 * The canonical form of a stored audit event, and its digest. The ledger keeps only this
 * digest (docs/security.md, "The audit ledger"), so the form must not depend on the order
 * in which attributes were written or read back, and must cover every attribute the
 * event item holds except its table keys: fields added to events later are covered too.
 * The SHA-256 itself is passed in (the core uses no Node built-in).
 */

/** SHA-256 of a UTF-8 text, as lowercase hex. */
export type Sha256 = (text: string) => string;

/** Names the form, so that a future change of it can never match an old digest by accident. */
export const AUDIT_EVENT_FORM = 'aim-audit-event/1';

/** The table's keys: where the event is stored, not what it says (the ledger records the sort key itself). */
const TABLE_KEYS = new Set(['PK', 'SK']);

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted (by UTF-16 code unit), absent values dropped, and the
 * DynamoDB types JSON lacks written as tagged objects: a set as its sorted members, binary
 * as hex. Anything else (a function, a non-finite number, a class instance) is refused.
 */
export function canonicalForm(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('a non-finite number has no canonical form');
      // -0 and 0 are the same number to DynamoDB.
      return JSON.stringify(value === 0 ? 0 : value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} has no canonical form`);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalForm(v))).join(',')}]`;
  if (value instanceof Uint8Array) return `{"$binary":${JSON.stringify(hex(value))}}`;
  if (value instanceof Set) return `{"$set":[${[...value].map(canonicalForm).sort(byCodeUnit).join(',')}]}`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError('only plain objects have a canonical form');
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byCodeUnit(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalForm(v)}`).join(',')}}`;
}

/** The text an audit event item's digest is taken of: the form's name, then the item without its table keys. */
export function auditEventCanonicalText(item: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(item).filter(([name]) => !TABLE_KEYS.has(name)));
  return `${AUDIT_EVENT_FORM}\n${canonicalForm(content)}`;
}

/** The digest of an audit event item, as stored (attributes in any order, keys included or not). */
export const auditEventDigest = (item: Record<string, unknown>, sha256: Sha256): string => sha256(auditEventCanonicalText(item));
