/**
 * The content checks of issue 17, one mistake at a time on the demo questionnaire:
 * exclusive "none" options, ordered option levels (errors), double-barrelled prompts
 * and leading help texts (warnings), and the known findings of locked versions.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireInput } from '../model';
import { demoV1 } from '../versioning-fixture';
import { reviewQuestionnaires, type AuthoringReview, type SourceFile } from './index';
import { separateKnown } from './known-findings';
import { secondQuestion } from './wording-checks';

const FILE = 'demo/1.0.0.json';
const source = (doc: QuestionnaireInput, path = FILE): SourceFile => {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  return { path, text, sha256: createHash('sha256').update(text).digest('hex') };
};
const locked = (...files: SourceFile[]) => JSON.stringify({ algorithm: 'sha256', versions: Object.fromEntries(files.map((f) => [f.path, f.sha256])) });

/** Reviews the demo 1.0.0 after one change, locked as published. */
function review(change: (doc: QuestionnaireInput) => void): AuthoringReview {
  const doc = demoV1();
  change(doc);
  const file = source(doc);
  return reviewQuestionnaires([file], locked(file));
}
const question = (doc: QuestionnaireInput, id: string) => doc.questions.find((q) => q.id === id)! as Record<string, any>;
const found = (findings: { code: string; pointer: string }[]) => findings.map((f) => `${f.code} ${f.pointer}`);

describe('the unchanged demo', () => {
  it('has no error, warning or known finding', () => {
    expect(review(() => {})).toEqual({ errors: [], warnings: [], known: [] });
  });
});

describe('exclusive_option', () => {
  const withNone = (option: Record<string, unknown>) => (d: QuestionnaireInput) => {
    question(d, 'b-multi').options[0] = { level: 1, ...option };
  };

  it('finds a multi-select option that means "none" but can be ticked with others, by id or by label', () => {
    const byId = review(withNone({ id: 'none-prepared', label: 'Not a single one' }));
    expect(found(byId.errors)).toEqual(['exclusive_option /questions/4/options/0']);
    expect(byId.errors[0]!.fix).toContain('"exclusive": true');
    expect(found(review(withNone({ id: 'm1', label: 'Nothing yet' })).errors)).toEqual(['exclusive_option /questions/4/options/0']);
    expect(found(review(withNone({ id: 'no', label: 'No' })).errors)).toEqual(['exclusive_option /questions/4/options/0']);
  });

  it('accepts the option once declared exclusive, or declared not exclusive when the heuristic is wrong', () => {
    expect(review(withNone({ id: 'none', label: 'None', exclusive: true })).errors).toEqual([]);
    expect(review(withNone({ id: 'nothing-to-declare', label: 'Nothing to declare', exclusive: false })).errors).toEqual([]);
  });

  it('does not mistake "non-human" or "notify" for none', () => {
    expect(review(withNone({ id: 'notify', label: 'Non-human identities notified' })).errors).toEqual([]);
  });

  it('refuses "exclusive" on a question that is not a multi-select', () => {
    const errors = review((d) => (question(d, 'a-choice').options[0].exclusive = true)).errors;
    expect(found(errors)).toEqual(['exclusive_option /questions/0/options/0/exclusive']);
  });
});

describe('option_order and shared_level (single choice and scale)', () => {
  it('finds an option whose level is lower than the option before it', () => {
    const errors = review((d) => {
      question(d, 'a-split').options = [
        { id: 'none', label: 'Neither', level: 1 },
        { id: 'both', label: 'Both', level: 5 },
        { id: 'first-only', label: 'Only the first', level: 2 },
      ];
    }).errors;
    expect(found(errors)).toEqual(['option_order /questions/1/options/2/level']);
    expect(errors[0]!.message).toContain('first-only of a-split (level 2) comes after both (level 5)');
  });

  it('finds two options at the same level unless the later declares sharesLevel', () => {
    const same = (sharesLevel?: boolean) => (d: QuestionnaireInput) => {
      const options = question(d, 'a-choice').options;
      options[1] = { ...options[1], level: 1, ...(sharesLevel === undefined ? {} : { sharesLevel }) };
    };
    expect(found(review(same()).errors)).toEqual(['shared_level /questions/0/options/1/level']);
    expect(found(review(same(false)).errors)).toEqual(['shared_level /questions/0/options/1/level']);
    expect(review(same(true)).errors).toEqual([]);
  });

  it('finds a sharesLevel declaration that shares nothing', () => {
    const first = review((d) => (question(d, 'a-choice').options[0].sharesLevel = true)).errors;
    expect(found(first)).toEqual(['shared_level /questions/0/options/0/sharesLevel']);
    const differs = review((d) => (question(d, 'a-choice').options[3].sharesLevel = true)).errors;
    expect(found(differs)).toEqual(['shared_level /questions/0/options/3/sharesLevel']);
  });

  it('applies to scale questions, not to multi-selects, yes/no gates or weight-0 questions', () => {
    const scale = review((d) => {
      const q = question(d, 'a-choice');
      q.type = 'scale';
      q.options[2].level = 1;
    }).errors;
    expect(found(scale)).toEqual(['option_order /questions/0/options/2/level']);
    // b-multi's options are any set; the a-gate yes/no shows level 1 for both answers.
    expect(review((d) => question(d, 'b-multi').options.reverse()).errors).toEqual([]);
    const weightless = review((d) => {
      const q = question(d, 'a-follow-up');
      q.weight = 0;
      q.options[1].level = 1;
    }).errors;
    expect(weightless.filter((e) => e.code === 'shared_level' || e.code === 'option_order')).toEqual([]);
  });
});

describe('double_barrelled_prompt (a warning)', () => {
  it.each([
    'Is one identity ever shared by several agents, or used by the same agent in several environments (development, test, production)?',
    'Do agents log their actions, or do they rely on the tools to log them?',
    'Are keys rotated, or can they live for ever?',
    'Is the register complete, or is it kept by hand?',
    'Is the approval recorded, or they just say yes in chat?',
  ])('flags %j', (prompt) => {
    expect(secondQuestion(prompt)).toMatch(/^or /);
  });

  it.each([
    'If a record in a business system was changed, could you tell whether a person or a particular agent changed it?',
    "Do any of your agents act on behalf of individual users, for example an assistant that reads a user's mail or edits their files?",
    'Roughly what share of your agents hold administrator, wildcard or write-everything permissions?',
    'Who can approve: the requester, another person, or both?',
    'Which logs are kept centrally, or none?',
  ])('does not flag %j', (prompt) => {
    expect(secondQuestion(prompt)).toBeUndefined();
  });

  it('is reported as a warning at the prompt, never as an error', () => {
    const result = review((d) => (question(d, 'a-choice').prompt = 'Is one identity shared by several agents, or used in several environments?'));
    expect(result.errors).toEqual([]);
    expect(found(result.warnings)).toEqual(['double_barrelled_prompt /questions/0/prompt']);
    expect(result.warnings[0]!.message).toContain('or used in several environments');
  });
});

describe('leading_help (a warning)', () => {
  it.each([
    ['In a 2026 survey, 68% of respondents could not tell.', '68%'],
    ['Only 21 per cent had a process.', '21 per cent'],
    ['About 4.5 percent do.', '4.5 percent'],
  ])('flags a help text quoting a percentage: %j', (help, figure) => {
    const result = review((d) => (question(d, 'a-choice').help = help));
    expect(result.errors).toEqual([]);
    expect(found(result.warnings)).toEqual(['leading_help /questions/0/help']);
    expect(result.warnings[0]!.message).toContain(figure);
  });

  it('does not flag a help text without a figure, or with numbers that are not percentages', () => {
    const result = review((d) => (question(d, 'a-choice').help = 'An estimate is enough. Count the 10 largest systems; a percentage is not needed.'));
    expect(result.warnings).toEqual([]);
  });
});

describe('known findings of locked published versions', () => {
  const doc = demoV1();
  question(doc, 'b-multi').options[0] = { id: 'none', label: 'None', level: 1 };
  const file = source(doc);
  const entries = [{ file: FILE, code: 'exclusive_option' as const, pointer: '/questions/4/options/0', why: 'fixed in 1.1.0' }];
  const lockOf = (...files: SourceFile[]) => ({ algorithm: 'sha256' as const, versions: Object.fromEntries(files.map((f) => [f.path, f.sha256])) });
  const errors = [{ code: 'exclusive_option' as const, file: FILE, pointer: '/questions/4/options/0', message: 'm', fix: 'f' }];

  it('are excused by exact file, code and pointer while the file hashes to its lock entry', () => {
    const { open, known } = separateKnown(errors, [file], lockOf(file), entries);
    expect(open).toEqual([]);
    expect(known).toEqual([{ finding: errors[0], why: 'fixed in 1.1.0' }]);
  });

  it('are errors again in a draft (not locked) or a changed file', () => {
    expect(separateKnown(errors, [file], { algorithm: 'sha256', versions: {} }, entries).open).toEqual(errors);
    expect(separateKnown(errors, [file], lockOf({ ...file, sha256: '0'.repeat(64) }), entries).open).toEqual(errors);
  });

  it('are matched by pointer: another finding in the same locked file still fails', () => {
    const elsewhere = [{ ...errors[0]!, pointer: '/questions/4/options/1' }];
    expect(separateKnown(elsewhere, [file], lockOf(file), entries).open).toEqual(elsewhere);
  });
});
