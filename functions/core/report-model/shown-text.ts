/**
 * What the report shows of text people typed: the organisation's name, free-text answers,
 * comments and not-applicable reasons. The API refuses control, bidirectional and invisible
 * formatting characters in them (`../display-text.ts`), but answers and names stored before
 * that rule may still hold some: the report (PDF and report.json) shows them neutralised, so
 * a stored `\u202Egnp.exe` prints `gnp.exe`, the order it was typed in, never `exe.png`.
 * The digests in the provenance still cover the answers as stored.
 */
import { neutraliseDisplayText } from '../display-text';

/** A name or label, on one line. */
export const shownName = (name: string): string => neutraliseDisplayText(name, 'name');

/** Free text: tabs and line breaks kept. */
export const shownText = (text: string): string => neutraliseDisplayText(text, 'text');
