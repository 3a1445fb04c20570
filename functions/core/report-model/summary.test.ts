/** Quick wins come from the roadmap's first 30 days, so none comes before a prerequisite still to do. */
import { describe, expect, it } from 'vitest';
import { fixtureInput, fixtureQuestionnaire } from '../../../test/fixtures/report-model';
import type { Questionnaire } from '../questionnaire/model';
import { buildReportModel } from './build';
import { executiveSummary } from './summary';

describe('quick wins', () => {
  it('are the first three controls of the 30-day window, in its order', () => {
    const model = buildReportModel(fixtureInput());
    expect(model.summary.quickWinIds).toEqual(model.roadmap[0]!.controlIds.slice(0, 3));
  });

  it('never put a control before its prerequisite, where the highest gain per effort alone would', () => {
    // The vault gains most per effort (0.50), but here it builds on a named owner per agent (0.16):
    // ranked by gain per effort alone the vault was the first quick win and the owner not one at all.
    const questionnaire: Questionnaire = {
      ...fixtureQuestionnaire,
      controls: fixtureQuestionnaire.controls.map((c) => ({ ...c, prerequisites: c.id === 'vault' ? ['named-owner'] : [] })),
    };
    const model = buildReportModel(fixtureInput({ questionnaire }));
    const vault = model.recommendations.find((c) => c.id === 'vault')!;
    expect(vault).toMatchObject({ gainPerEffort: 0.5, prerequisites: ['named-owner'], window: 60 });
    expect(Math.max(...model.recommendations.map((c) => c.gainPerEffort))).toBe(0.5);
    expect(model.summary.quickWinIds).toEqual(['central-logging', 'rotate-secrets', 'least-privilege']);
    expect(model.summary.quickWinIds).not.toContain('vault');
    expect(model.roadmap[0]!.controlIds).toContain('named-owner');
  });

  it('leave out controls that would not raise the score, and may be fewer than three', () => {
    const model = buildReportModel(fixtureInput({ roadmapCapacity: 3 }));
    // 30 days at capacity 3: vault (0.50), central-logging (0.33), named-owner (0.16).
    expect(model.roadmap[0]!.controlIds).toEqual(['vault', 'central-logging', 'named-owner']);
    expect(model.summary.quickWinIds).toEqual(['vault', 'central-logging', 'named-owner']);
    // A control that would not raise the score is no quick win, even first in the window.
    const plan = model.roadmap.map((w) => (w.days === 30 ? { ...w, controlIds: ['nothing-gained', ...w.controlIds] } : w));
    const controls = [...model.recommendations, { ...model.recommendations[0]!, id: 'nothing-gained', scoreGain: 0, gainPerEffort: 0 }];
    expect(executiveSummary(model.domains, controls, plan).quickWinIds).toEqual(['vault', 'central-logging', 'named-owner']);
    const short = model.roadmap.map((w) => (w.days === 30 ? { ...w, controlIds: ['nothing-gained', 'vault'] } : w));
    expect(executiveSummary(model.domains, controls, short).quickWinIds).toEqual(['vault']);
  });
});
