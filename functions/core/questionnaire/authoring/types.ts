/** What the authoring checks read and report. */
import type { Questionnaire } from '../model';

/** The classes of authoring error; each has its own fix. */
export type AuthoringErrorCode =
  | 'invalid_json'
  | 'schema'
  | 'option_level'
  | 'missing_wording'
  | 'file_location'
  | 'schema_reference'
  | 'duplicate_id'
  | 'unknown_domain'
  | 'unknown_control'
  | 'unused_control'
  | 'unknown_prerequisite'
  | 'prerequisite_cycle'
  | 'unknown_option'
  | 'show_if_reference'
  | 'show_if_cycle'
  | 'unreachable_level'
  | 'exclusive_option'
  | 'essential_option'
  | 'control_stage'
  | 'option_order'
  | 'shared_level'
  | 'migration_missing'
  | 'migration_reference'
  | 'migration_incomplete'
  | 'id_meaning_changed'
  | 'id_reused'
  | 'lock_invalid'
  | 'lock_missing'
  | 'lock_orphan'
  | 'published_changed';

export interface AuthoringError {
  code: AuthoringErrorCode;
  /** Path relative to the questionnaires folder, e.g. `agent-identity/1.1.0.json`. */
  file: string;
  /** JSON Pointer (RFC 6901) into that file; "" is the whole file. */
  pointer: string;
  message: string;
  /** What to do about it. */
  fix: string;
}

/** Findings that need an author's judgement (heuristics about wording): reported, never failing the check. */
export type AuthoringWarningCode = 'double_barrelled_prompt' | 'leading_help' | 'advanced_without_foundational';

export interface AuthoringWarning extends Omit<AuthoringError, 'code'> {
  code: AuthoringWarningCode;
}

/** A finding in a locked published version, excused because the file cannot change (./known-findings.ts). */
export interface KnownFinding {
  finding: AuthoringError | AuthoringWarning;
  /** Why it stays, and where it is fixed. */
  why: string;
}

/** One questionnaire file as read from disk; the caller hashes it (the core does no I/O). */
export interface SourceFile {
  /** Relative to the questionnaires folder: `<id>/<version>.json`. */
  path: string;
  text: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
}

/** A file that parsed with the model. */
export interface ParsedFile {
  path: string;
  raw: unknown;
  questionnaire: Questionnaire;
}

/** RFC 6901: `~` and `/` inside a token are escaped. */
export const pointer = (...tokens: (string | number)[]): string => tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
