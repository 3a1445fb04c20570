/**
 * Read back with pdftotext: the stage of a control split into steps next to its title in
 * the roadmap, and the essential action not ticked that holds a multi-select answer down
 * (docs/reports.md, docs/scoring.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldAnswers, heldInput, heldQuestionnaire } from '../../../test/fixtures/held-report';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import type { Questionnaire } from '../../core/questionnaire/model';
import { scoreAssessment } from '../../core/scoring/score';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-stages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const squash = (s: string) => s.replace(/\s+/g, '');

/** The held fixture with named-owner as the foundational step and rotate-secrets (after it) as the advanced one, and a containment multi-select in audit. */
const staged: Questionnaire = {
  ...heldQuestionnaire,
  controls: heldQuestionnaire.controls.map((c) =>
    c.id === 'named-owner' ? { ...c, stage: 'foundational' } : c.id === 'rotate-secrets' ? { ...c, stage: 'advanced' } : c,
  ),
  questions: [
    ...heldQuestionnaire.questions,
    {
      id: 'containment-actions',
      domain: 'audit',
      type: 'multi',
      prompt: 'Which containment actions can you take on an agent?',
      help: '',
      weight: 1,
      required: true,
      allowNotApplicable: false,
      caps: [],
      recommendations: [],
      options: [
        { id: 'none-prepared', label: 'None prepared', level: 1, exclusive: true },
        { id: 'revoke-tokens', label: "Revoke the agent's tokens", level: 3, essential: true },
        { id: 'pause-fleet', label: 'Pause the whole fleet', level: 4 },
      ],
    },
  ],
};

describe('renderReportPdf, controls split into steps and an essential action not ticked', () => {
  let model: ReportModel;
  let text: string;

  beforeAll(async () => {
    const answers = { ...heldAnswers, 'containment-actions': { value: ['pause-fleet'] } };
    const base = heldInput();
    model = buildReportModel({ ...base, questionnaire: staged, assessment: { ...base.assessment, answers, scores: scoreAssessment(staged, answers) } });
    const file = join(dir, 'stages.pdf');
    writeFileSync(file, await renderReportPdf(model));
    text = execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  });

  it('labels each step next to its title in the roadmap, the advanced step in a later window', () => {
    expect(model.recommendations.find((c) => c.id === 'named-owner')).toMatchObject({ stage: 'foundational', window: 30 });
    expect(model.recommendations.find((c) => c.id === 'rotate-secrets')).toMatchObject({ stage: 'advanced', window: 60 });
    const roadmap = text.split(squash('Roadmap: the next 30, 60 and 90 days')).at(-1)!;
    expect(roadmap).toContain(squash('Name an owner for every agent · Foundational step'));
    expect(roadmap).toContain(squash('Rotate agent secrets automatically · Advanced step'));
    // A control that is not split into steps carries no label.
    expect(roadmap.split('step').length - 1).toBe(2);
  });

  it('says which essential action not ticked holds the answer, where the answers holding a domain back are listed', () => {
    const row = model.domains.find((d) => d.id === 'audit')!.holdingBack.find((r) => r.questionId === 'containment-actions');
    expect(row).toMatchObject({ level: 2, essentialMissing: { unheldLevel: 4, labels: ["Revoke the agent's tokens"] } });
    expect(text).toContain(squash("Held at 2: “Revoke the agent's tokens” not ticked (the highest action ticked shows level 4)"));
  });
});
