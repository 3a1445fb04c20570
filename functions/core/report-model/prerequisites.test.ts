import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionnaireDocuments } from '../../../questionnaires';
import { checkFolder } from '../../../scripts/check-questionnaires';
import { fixtureQuestionnaire } from '../../../test/fixtures/report-model';
import { QuestionnaireSchema, type Questionnaire } from '../questionnaire/model';
import { prerequisiteAuthoringErrors, prerequisiteProblems } from './prerequisite-check';
import { declaresPrerequisites, PREREQUISITE_TABLES, prerequisitesOf } from './prerequisites';

const published = questionnaireDocuments.map((d) => QuestionnaireSchema.parse(d.content));
const version = (v: string) => published.find((q) => q.version === v)!;

/** The fixture questionnaire with prerequisites declared on some controls. */
const declaring = (prerequisites: Record<string, string[]>): Questionnaire => ({
  ...fixtureQuestionnaire,
  controls: fixtureQuestionnaire.controls.map((c) => (prerequisites[c.id] ? { ...c, prerequisites: prerequisites[c.id] } : c)),
});

describe('the reviewed prerequisite table', () => {
  it('covers exactly the published versions that declare none, and names only their controls, without a cycle', () => {
    // Versions written since the field exists (1.2.0 on) declare their own and need no table.
    const undeclared = published.filter((q) => !declaresPrerequisites(q));
    expect(Object.keys(PREREQUISITE_TABLES).sort()).toEqual(undeclared.map((q) => `${q.id}@${q.version}`).sort());
    for (const q of undeclared) {
      expect(q.controls.some((c) => c.prerequisites !== undefined)).toBe(false);
      expect(
        prerequisiteProblems(
          q.controls.map((c) => c.id),
          prerequisitesOf(q),
        ),
      ).toEqual([]);
    }
  });

  it('puts the foundations first: inventory before automated decommissioning, audit records before baselines and tamper evidence', () => {
    const table = prerequisitesOf(version('1.1.0'));
    expect(table['ctl-automated-decommissioning']).toContain('ctl-agent-inventory');
    expect(table['ctl-tamper-evident-linked-logs']).toContain('ctl-agent-audit-records');
    expect(table['ctl-agent-behaviour-monitoring']).toContain('ctl-agent-audit-records');
    // 1.0.0 has no approved-tool register, so no edge names it.
    expect(JSON.stringify(prerequisitesOf(version('1.0.0')))).not.toContain('ctl-approved-tool-register');
  });

  it('keeps every chain to three steps, so a whole chain fits in 30, 60 and 90 days', () => {
    const table = prerequisitesOf(version('1.1.0'));
    const depth = (id: string): number => 1 + Math.max(0, ...(table[id] ?? []).map(depth));
    for (const id of Object.keys(table)) expect(depth(id), id).toBeLessThanOrEqual(3);
  });
});

describe('prerequisitesOf', () => {
  it("takes a questionnaire's own declarations over the table, and gives none for a version without either", () => {
    const own = { ...declaring({ vault: ['named-owner'] }), version: '1.1.0' };
    expect(prerequisitesOf(own)).toEqual({ vault: ['named-owner'] });
    expect(prerequisitesOf(fixtureQuestionnaire)).toEqual({});
  });
});

describe('prerequisiteProblems', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('accepts a graph without cycles', () => {
    expect(prerequisiteProblems(ids, { c: ['a', 'b'], d: ['c'], b: ['a'] })).toEqual([]);
  });

  it('names unknown controls and unknown prerequisites', () => {
    expect(prerequisiteProblems(ids, { x: ['a'], b: ['a', 'y'] })).toEqual([
      { kind: 'unknown_control', control: 'x' },
      { kind: 'unknown_prerequisite', control: 'b', index: 1, prerequisite: 'y' },
    ]);
  });

  it('finds a control that is its own prerequisite, and longer cycles, with their path', () => {
    expect(prerequisiteProblems(ids, { a: ['a'] })).toEqual([{ kind: 'cycle', control: 'a', cycle: ['a', 'a'] }]);
    expect(prerequisiteProblems(ids, { a: ['b'], b: ['c'], c: ['a'], d: ['a'] })).toEqual([{ kind: 'cycle', control: 'a', cycle: ['a', 'b', 'c', 'a'] }]);
  });
});

describe('the authoring check of prerequisites', () => {
  it('points into the file at a declared unknown id and at a declared cycle', () => {
    const errors = prerequisiteAuthoringErrors({
      path: 'agent-identity/1.2.0.json',
      questionnaire: declaring({ vault: ['rotate-secrets', 'no-such-control'], 'rotate-secrets': ['vault'] }),
    });
    expect(errors.map((e) => [e.code, e.pointer])).toEqual([
      ['unknown_prerequisite', '/controls/2/prerequisites/1'],
      // Found from rotate-secrets, the first control in file order.
      ['prerequisite_cycle', '/controls/0/prerequisites'],
    ]);
    expect(errors[1]?.message).toContain('rotate-secrets → vault → rotate-secrets');
  });

  it('finds nothing in the shipped questionnaires and their table', () => {
    for (const q of published) expect(prerequisiteAuthoringErrors({ path: `${q.id}/${q.version}.json`, questionnaire: q })).toEqual([]);
  });

  it('is part of npm run questionnaires:check: a file declaring a cycle fails the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aim-prerequisites-'));
    try {
      mkdirSync(join(dir, 'agent-identity'));
      const file = { ...declaring({ vault: ['least-privilege'], 'least-privilege': ['vault'] }), status: 'draft', $schema: '../questionnaire.schema.json' };
      writeFileSync(join(dir, 'agent-identity', '1.2.0.json'), JSON.stringify(file, null, 2));
      const errors = checkFolder(dir).filter((e) => e.code === 'prerequisite_cycle' || e.code === 'unknown_prerequisite');
      expect(errors.map((e) => [e.file, e.code, e.pointer])).toEqual([['agent-identity/1.2.0.json', 'prerequisite_cycle', '/controls/2/prerequisites']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
