/**
 * Feeds the authoring checks broken questionnaire files, one class of mistake at a
 * time, and checks that each is caught with its file, JSON Pointer and a fix.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireInput } from '../model';
import { demoV1, demoV11 } from '../versioning-fixture';
import { checkQuestionnaires, type AuthoringError, type AuthoringErrorCode, type SourceFile } from './index';

type Doc = QuestionnaireInput | Record<string, unknown>;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const source = (path: string, doc: Doc | string): SourceFile => {
  const text = typeof doc === 'string' ? doc : `${JSON.stringify(doc, null, 2)}\n`;
  return { path, text, sha256: sha(text) };
};
const lockFor = (files: SourceFile[], overrides: Record<string, string | undefined> = {}) => {
  const versions: Record<string, string> = {};
  for (const f of files) if (/"status": "(published|retired)"/.test(f.text)) versions[f.path] = f.sha256;
  for (const [path, hash] of Object.entries(overrides)) {
    if (hash === undefined) delete versions[path];
    else versions[path] = hash;
  }
  return JSON.stringify({ algorithm: 'sha256', versions });
};

/** Checks a set of files, with a lock file matching them unless told otherwise. */
function check(docs: Record<string, Doc | string>, lock?: (files: SourceFile[]) => string | undefined): AuthoringError[] {
  const files = Object.entries(docs).map(([path, doc]) => source(path, doc));
  return checkQuestionnaires(files, lock ? lock(files) : lockFor(files));
}

const v1 = (change: (doc: QuestionnaireInput) => void = () => {}) => {
  const doc = demoV1();
  change(doc);
  return doc;
};
const v11 = (change: (doc: QuestionnaireInput) => void = () => {}) => {
  const doc = demoV11();
  change(doc);
  return doc;
};
const question = (doc: QuestionnaireInput, id: string) => doc.questions.find((q) => q.id === id)! as Record<string, any>;

function expectError(errors: AuthoringError[], code: AuthoringErrorCode, file: string, pointer: string) {
  const found = errors.filter((e) => e.code === code && e.file === file && e.pointer === pointer);
  expect(found, `expected ${code} at ${file}#${pointer}; got:\n${errors.map((e) => `${e.code} ${e.file}#${e.pointer} ${e.message}`).join('\n')}`).toHaveLength(
    1,
  );
  expect(found[0]!.message.length).toBeGreaterThan(5);
  expect(found[0]!.fix.length).toBeGreaterThan(5);
}

describe('authoring checks', () => {
  it('accept a sound pair of versions (so every error below comes from its one mistake)', () => {
    expect(check({ 'demo/1.0.0.json': v1(), 'demo/1.1.0.json': v11() })).toEqual([]);
  });

  describe('one file', () => {
    it('invalid JSON', () => {
      const errors = check({ 'demo/1.0.0.json': '{ "id": "demo", }' });
      expectError(errors, 'invalid_json', 'demo/1.0.0.json', '');
    });

    it('a field the model does not know', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'a-choice').colour = 'red')) });
      expectError(errors, 'schema', 'demo/1.0.0.json', '/questions/0');
    });

    it('an option without a level', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => delete question(d, 'a-split').options[1].level) });
      expectError(errors, 'option_level', 'demo/1.0.0.json', '/questions/1/options/1/level');
    });

    it('missing wording: an empty prompt, a blank help text, a blank level description', () => {
      const errors = check({
        'demo/1.0.0.json': v1((d) => {
          question(d, 'a-choice').prompt = '';
        }),
      });
      expectError(errors, 'missing_wording', 'demo/1.0.0.json', '/questions/0/prompt');
      const blank = check({
        'demo/1.0.0.json': v1((d) => {
          question(d, 'a-split').help = '   ';
          d.domains[1]!.levelDescriptions[2] = ' ';
          delete question(d, 'b-text').help;
        }),
      });
      expectError(blank, 'missing_wording', 'demo/1.0.0.json', '/questions/1/help');
      expectError(blank, 'missing_wording', 'demo/1.0.0.json', '/questions/6/help');
      expectError(blank, 'missing_wording', 'demo/1.0.0.json', '/domains/1/levelDescriptions/2');
    });

    it('a file whose id or version does not match where it sits', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (d.version = '1.0.1')) });
      expectError(errors, 'file_location', 'demo/1.0.0.json', '/id');
    });

    it('a missing $schema reference', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => delete d.$schema) });
      expectError(errors, 'schema_reference', 'demo/1.0.0.json', '/$schema');
    });

    it('duplicate question and option ids', () => {
      const errors = check({
        'demo/1.0.0.json': v1((d) => {
          question(d, 'b-text').id = 'b-number';
          question(d, 'a-choice').options[2].id = 'a1';
        }),
      });
      expectError(errors, 'duplicate_id', 'demo/1.0.0.json', '/questions/6/id');
      expectError(errors, 'duplicate_id', 'demo/1.0.0.json', '/questions/0/options/2/id');
    });

    it('a question in an unknown domain', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'b-text').domain = 'gamma')) });
      expectError(errors, 'unknown_domain', 'demo/1.0.0.json', '/questions/6/domain');
    });

    it('a recommendation of a control that does not exist, and a control nobody recommends', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'b-multi').recommendations = [{ control: 'ctl-nope', belowLevel: 3 }])) });
      expectError(errors, 'unknown_control', 'demo/1.0.0.json', '/questions/4/recommendations/0/control');
      expectError(errors, 'unused_control', 'demo/1.0.0.json', '/controls/1/id');
    });

    it('a cap on an option the question does not have', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'a-choice').caps = [{ options: ['a9'], maxLevel: 2, reason: 'because' }])) });
      expectError(errors, 'unknown_option', 'demo/1.0.0.json', '/questions/0/caps/0/options/0');
    });

    it('showIf pointing at a missing question or option', () => {
      const missingQuestion = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'a-follow-up').showIf = { question: 'a-nothing', anyOf: ['yes'] })) });
      expectError(missingQuestion, 'show_if_reference', 'demo/1.0.0.json', '/questions/3/showIf/question');
      const missingOption = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'a-follow-up').showIf = { question: 'a-gate', anyOf: ['maybe'] })) });
      expectError(missingOption, 'show_if_reference', 'demo/1.0.0.json', '/questions/3/showIf/anyOf/0');
    });

    it('showIf conditions that form a cycle', () => {
      const errors = check({ 'demo/1.0.0.json': v1((d) => (question(d, 'a-gate').showIf = { question: 'a-follow-up', anyOf: ['f1'] })) });
      expectError(errors, 'show_if_cycle', 'demo/1.0.0.json', '/questions/2/showIf/question');
      expectError(errors, 'show_if_cycle', 'demo/1.0.0.json', '/questions/3/showIf/question');
    });

    it('a domain that cannot reach every level', () => {
      const errors = check({
        'demo/1.0.0.json': v1((d) => {
          d.domains.push({ id: 'gamma', title: 'Gamma', description: 'All or nothing.', levelDescriptions: ['1', '2', '3', '4', '5'] });
          d.questions.push({
            id: 'g-only',
            domain: 'gamma',
            type: 'yesno',
            prompt: 'All?',
            help: 'Yes or no.',
            options: [
              { id: 'no', label: 'No', level: 1 },
              { id: 'yes', label: 'Yes', level: 5 },
            ],
          });
        }),
      });
      expectError(errors, 'unreachable_level', 'demo/1.0.0.json', '/domains/2');
      expect(errors.find((e) => e.code === 'unreachable_level')?.message).toContain('levels 2, 3, 4');
    });
  });

  describe('versions of one questionnaire', () => {
    const pair = (newer: QuestionnaireInput) => check({ 'demo/1.0.0.json': v1(), 'demo/1.1.0.json': newer });

    it('a newer version without a migration', () => {
      expectError(pair(v11((d) => delete d.migration)), 'migration_missing', 'demo/1.1.0.json', '/migration');
    });

    it('a migration from a version that does not exist', () => {
      expectError(pair(v11((d) => (d.migration!.from = '0.9.0'))), 'migration_reference', 'demo/1.1.0.json', '/migration/from');
    });

    it('migration references to unknown questions and options, and a question receiving two answers', () => {
      const errors = pair(
        v11((d) => {
          d.migration!.questions!.push({ from: 'a-nothing', to: 'a-split-first' });
          d.migration!.questions!.push({ from: 'a-choice', to: 'a-nowhere' });
          d.migration!.questions![0]!.options = { none: 'no', 'not-an-option': 'yes', both: 'perhaps' };
        }),
      );
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/questions/3/from');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/questions/3/to');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/questions/4/to');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/questions/0/options/not-an-option');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/questions/0/options/both');
    });

    it('removed and added lists that contradict the versions', () => {
      const errors = pair(
        v11((d) => {
          d.migration!.removed!.push('a-choice');
          d.migration!.added!.push('b-number', 'b-ghost');
        }),
      );
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/removed/1');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/added/1');
      expectError(errors, 'migration_reference', 'demo/1.1.0.json', '/migration/added/2');
    });

    it('a migration that does not account for a removed or a new question', () => {
      const errors = pair(
        v11((d) => {
          d.migration!.removed = [];
          d.migration!.added = [];
        }),
      );
      expectError(errors, 'migration_incomplete', 'demo/1.1.0.json', '/migration/removed');
      expectError(errors, 'migration_incomplete', 'demo/1.1.0.json', '/questions/8/id');
    });

    it('a kept question id whose domain, type or option level changed', () => {
      const errors = pair(
        v11((d) => {
          question(d, 'b-text').domain = 'alpha';
          question(d, 'a-choice').type = 'scale';
          question(d, 'a-follow-up').options[1].level = 3;
        }),
      );
      expectError(errors, 'id_meaning_changed', 'demo/1.1.0.json', '/questions/7/domain');
      expectError(errors, 'id_meaning_changed', 'demo/1.1.0.json', '/questions/0/type');
      expectError(errors, 'id_meaning_changed', 'demo/1.1.0.json', '/questions/4/options/1/level');
    });

    it('a kept question id whose answers the migration sends elsewhere', () => {
      const errors = pair(
        v11((d) => {
          d.migration!.questions!.push({ from: 'b-text', to: 'b-new' });
          d.migration!.added = [];
        }),
      );
      expectError(errors, 'id_meaning_changed', 'demo/1.1.0.json', '/questions/7/id');
    });

    it('a question id dropped in one version and used again in a later one', () => {
      const v12 = v11((d) => {
        d.version = '1.2.0';
        d.migration = { from: '1.1.0', questions: [], removed: [], added: ['b-gone'] };
        d.questions.push({ ...demoV1().questions.find((q) => q.id === 'b-gone')! });
      });
      const errors = check({ 'demo/1.0.0.json': v1(), 'demo/1.1.0.json': v11(), 'demo/1.2.0.json': v12 });
      expectError(errors, 'id_reused', 'demo/1.2.0.json', '/questions/9/id');
    });
  });

  describe('lock file', () => {
    const files = { 'demo/1.0.0.json': v1(), 'demo/1.1.0.json': v11() };

    it('a missing or unreadable lock file', () => {
      expectError(
        check(files, () => undefined),
        'lock_invalid',
        'questionnaires.lock.json',
        '',
      );
      expectError(
        check(files, () => '{"algorithm":"md5","versions":{}}'),
        'lock_invalid',
        'questionnaires.lock.json',
        '',
      );
    });

    it('a published version with no lock entry', () => {
      expectError(
        check(files, (f) => lockFor(f, { 'demo/1.1.0.json': undefined })),
        'lock_missing',
        'demo/1.1.0.json',
        '/status',
      );
    });

    it('a draft needs no lock entry', () => {
      expect(check({ ...files, 'demo/1.1.0.json': v11((d) => (d.status = 'draft')) }, (f) => lockFor(f, { 'demo/1.1.0.json': undefined }))).toEqual([]);
    });

    it('a published file that changed, even by one character', () => {
      const published = lockFor(Object.entries(files).map(([path, doc]) => source(path, doc)));
      const edited = check({ ...files, 'demo/1.0.0.json': v1((d) => (d.title = 'Demo!')) }, () => published);
      expectError(edited, 'published_changed', 'demo/1.0.0.json', '');
    });

    it('a locked file that was deleted', () => {
      expectError(
        check(files, (f) => lockFor(f, { 'demo/0.9.0.json': 'a'.repeat(64) })),
        'lock_orphan',
        'questionnaires.lock.json',
        '/versions/demo~10.9.0.json',
      );
    });
  });
});
