/**
 * Upgrading drafts between questionnaire versions, against DynamoDB Local: a draft
 * started on agent-identity 1.0.0 moves to 1.1.0 keeping every equivalent answer, the
 * change and its audit event commit together, a stale or concurrent writer never loses
 * an answer, and a submitted assessment is never changed. The newest version, 1.2.0, is
 * reached from either older one in one write, through every migration between.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import type { DomainError } from '../../functions/core/errors';
import type { Answers } from '../../functions/core/questionnaire/answers';
import { completeAnswers, servedFrom, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';
import { domainErrorOf } from '../support/domain-errors';
import { storedAuditEvents } from '../support/audit-trail';

let ctx: Awaited<ReturnType<typeof freshServices>>;
let owner: Principal;
let v100: ServedQuestionnaire;
let v110: ServedQuestionnaire;

const served = (version: string) => servedFrom(ctx.services.catalogue.get('agent-identity', version));

async function auditEvents(assessmentId: string, operation: string) {
  return (await storedAuditEvents(ctx, owner.organisationId!)).filter((e) => e.operation === operation && e.target.id === assessmentId);
}

/** A draft on `version` with `answers` saved. */
async function draftWith(version: string, answers: Answers) {
  const body = await ctx.services.assessments.create(owner, { questionnaireId: 'agent-identity', version });
  if (Object.keys(answers).length === 0) return body;
  return ctx.services.assessments.saveAnswers(owner, body.id, { revision: 0, answers });
}

beforeAll(async () => {
  ctx = await freshServices();
  const { token } = await ctx.services.organisations.register({ name: 'Upgrade Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
  owner = await ctx.services.tokens.authenticate(token.secret);
  v100 = served('1.0.0');
  v110 = served('1.1.0');
});

describe('upgrading a draft from agent-identity 1.0.0 to 1.1.0', () => {
  it('keeps every equivalent answer (who gave it, comment and all), splits approval-binding, and names what needs an answer', async () => {
    const answers = completeAnswers(v100, (levels) => levels - 1);
    answers['agent-inventory'] = { ...answers['agent-inventory']!, comment: 'registry in the CMDB', evidence: ['https://example.org/cmdb'] };
    const draft = await draftWith('1.0.0', answers);

    const { assessment, upgrade } = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0', revision: draft.revision });

    expect(assessment).toMatchObject({ id: draft.id, version: '1.1.0', status: 'draft', revision: draft.revision + 1 });
    for (const [questionId, answer] of Object.entries(answers)) {
      if (questionId === 'approval-binding') continue;
      expect(assessment.answers[questionId], questionId).toMatchObject(answer);
      expect(assessment.answers[questionId]?.updatedBy).toEqual(draft.answers[questionId]!.updatedBy);
    }
    // The highest 1.0.0 answer, "signed", has an equivalent in both halves.
    expect(answers['approval-binding']).toEqual({ value: 'signed' });
    expect(assessment.answers['approval-action-binding']).toMatchObject({ value: 'exact-parameters' });
    expect(assessment.answers['approval-record']).toMatchObject({ value: 'signed' });
    expect(assessment.answers['approval-binding']).toBeUndefined();
    expect(upgrade).toMatchObject({ from: '1.0.0', to: '1.1.0', dropped: [], needsAnswer: ['approved-tool-register'] });
    expect(upgrade.carried).toHaveLength(Object.keys(answers).length + 1);

    // What was returned is what was stored, with its audit event.
    expect(await ctx.services.assessments.get(owner, draft.id)).toEqual(assessment);
    const events = await auditEvents(draft.id, 'assessment.upgrade');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { tokenId: owner.tokenId, role: 'owner' }, beforeHash: expect.any(String), afterHash: expect.any(String) });
  });

  it('drops what has no equivalent and asks for it, and the upgraded draft can then be completed and submitted on 1.1.0', async () => {
    const draft = await draftWith('1.0.0', { 'approval-binding': { value: 'logged' }, 'agent-inventory': { value: 'none' } });
    const { assessment, upgrade } = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' });
    expect(assessment.answers['approval-record']).toMatchObject({ value: 'logged' });
    expect(assessment.answers['approval-action-binding']).toBeUndefined();
    expect(upgrade.dropped).toEqual([{ question: 'approval-binding', to: 'approval-action-binding', reason: expect.stringContaining('logged') }]);
    expect(upgrade.needsAnswer).toContain('approval-action-binding');
    expect(upgrade.needsAnswer).toContain('approved-tool-register');
    expect(upgrade.needsAnswer).not.toContain('agent-inventory');

    const rest = completeAnswers(v110, () => 0);
    const missing = Object.fromEntries(Object.entries(rest).filter(([id]) => !assessment.answers[id]));
    await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: assessment.revision, answers: missing });
    const submitted = await ctx.services.assessments.submit(owner, draft.id);
    expect(submitted).toMatchObject({ status: 'submitted', version: '1.1.0' });
    expect(Object.keys(submitted.scores!.domains)).toHaveLength(7);
  });

  it('never changes a submitted assessment', async () => {
    const draft = await draftWith(
      '1.0.0',
      completeAnswers(v100, () => 1),
    );
    await ctx.services.assessments.submit(owner, draft.id);
    const before = await ctx.services.assessments.get(owner, draft.id);

    const error = await domainErrorOf(ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' }));
    expect(error.code).toBe('assessment_not_draft');
    expect(await ctx.services.assessments.get(owner, draft.id)).toEqual(before);
    expect(await auditEvents(draft.id, 'assessment.upgrade')).toEqual([]);
  });

  it('refuses a stale revision, and a save based on the pre-upgrade revision cannot overwrite a carried answer', async () => {
    const draft = await draftWith('1.0.0', { 'agent-inventory': { value: 'partial-manual' } });
    const stale = await domainErrorOf(ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0', revision: draft.revision - 1 }));
    expect(stale.code).toBe('revision_conflict');
    expect((await ctx.services.assessments.get(owner, draft.id)).version).toBe('1.0.0');

    await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' });
    const overwrite = await domainErrorOf(
      ctx.services.assessments.saveAnswers(owner, draft.id, { revision: draft.revision, answers: { 'agent-inventory': { value: 'none' } } }),
    );
    expect(overwrite.code).toBe('revision_conflict');
    expect((await ctx.services.assessments.get(owner, draft.id)).answers['agent-inventory']).toMatchObject({ value: 'partial-manual' });
  });

  it('loses no answer when a save and an upgrade race', async () => {
    for (let round = 0; round < 3; round++) {
      const draft = await draftWith('1.0.0', { 'agent-inventory': { value: 'partial-manual' } });
      const [saved, upgraded] = await Promise.allSettled([
        ctx.services.assessments.saveAnswers(owner, draft.id, { revision: draft.revision, answers: { 'agent-ownership': { value: 'most' } } }),
        ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' }),
      ]);
      expect(upgraded.status).toBe('fulfilled');
      const final = await ctx.services.assessments.get(owner, draft.id);
      expect(final.version).toBe('1.1.0');
      expect(final.answers['agent-inventory']).toMatchObject({ value: 'partial-manual' });
      // The save either landed (before or after the upgrade) or was refused, never lost silently.
      if (saved.status === 'fulfilled') expect(final.answers['agent-ownership']).toMatchObject({ value: 'most' });
      else expect((saved.reason as DomainError).code).toBe('revision_conflict');
    }
  });

  it('refuses an older version, an unknown version, and answers a repeat upgrade without writing again', async () => {
    const onNew = await draftWith('1.1.0', {});
    const older = await domainErrorOf(ctx.services.upgrades.upgrade(owner, onNew.id, { version: '1.0.0' }));
    expect(older).toMatchObject({ code: 'validation_failed', errors: [{ field: ['version'], message: expect.stringContaining('older') }] });
    const onNewest = await draftWith('1.2.0', {});
    expect((await domainErrorOf(ctx.services.upgrades.upgrade(owner, onNewest.id, { version: '1.1.0' }))).code).toBe('validation_failed');
    expect((await domainErrorOf(ctx.services.upgrades.upgrade(owner, onNew.id, { version: '9.9.9' }))).code).toBe('not_found');

    const draft = await draftWith('1.0.0', { 'agent-inventory': { value: 'none' } });
    const first = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' });
    const again = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.1.0' });
    expect(again.assessment).toEqual(first.assessment);
    expect(await auditEvents(draft.id, 'assessment.upgrade')).toHaveLength(1);
  });
});

describe('upgrading to the newest version, agent-identity 1.2.0', () => {
  it('moves a 1.0.0 draft through 1.1.0 in one write with one audit event, and scores it with method 2 once complete', async () => {
    const answers = completeAnswers(v100, (levels) => Math.floor(levels / 2));
    const draft = await draftWith('1.0.0', answers);
    const { assessment, upgrade } = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.2.0', revision: draft.revision });

    expect(assessment).toMatchObject({ version: '1.2.0', revision: draft.revision + 1 });
    expect(upgrade).toMatchObject({ from: '1.0.0', to: '1.2.0' });
    // Through 1.1.0 (approval-binding split) and 1.2.0 (identity-reuse split): who answered stays.
    expect(assessment.answers['approval-record']?.updatedBy).toEqual(draft.answers['approval-binding']!.updatedBy);
    expect(assessment.answers['identity-shared-across-agents']).toBeUndefined(); // "rarely, documented" is asked again
    expect(upgrade.needsAnswer).toEqual(expect.arrayContaining(['approved-tool-register', 'identity-shared-across-agents', 'audit-log-retention']));
    expect(await ctx.services.assessments.get(owner, draft.id)).toEqual(assessment);
    expect(await auditEvents(draft.id, 'assessment.upgrade')).toHaveLength(1);

    const rest = completeAnswers(served('1.2.0'), () => 0);
    const missing = Object.fromEntries(Object.entries(rest).filter(([id]) => !assessment.answers[id]));
    await ctx.services.assessments.saveAnswers(owner, draft.id, { revision: assessment.revision, answers: missing });
    const submitted = await ctx.services.assessments.submit(owner, draft.id);
    expect(submitted).toMatchObject({ status: 'submitted', version: '1.2.0' });
    expect(Object.keys(submitted.scores!.domains)).toHaveLength(7);
  });

  it('moves a 1.1.0 draft, carrying the renamed questions as declared and asking again what has no equivalent', async () => {
    const draft = await draftWith('1.1.0', {
      'token-audience-binding': { value: 'by-convention', comment: 'audience set, not checked' },
      'agent-inventory': { value: 'reconciled-with-discovery' },
      'log-protection': { value: 'central' },
    });
    const { assessment, upgrade } = await ctx.services.upgrades.upgrade(owner, draft.id, { version: '1.2.0' });
    expect(assessment.answers['token-audience-enforcement']).toMatchObject({ value: 'convention-only', comment: 'audience set, not checked' });
    expect(assessment.answers['log-protection']).toMatchObject({ value: 'central' });
    expect(assessment.answers['agent-inventory-records']).toBeUndefined();
    expect(upgrade.dropped).toEqual([
      { question: 'agent-inventory', to: 'agent-inventory-records', reason: expect.stringContaining('reconciled-with-discovery') },
    ]);
    expect(upgrade.needsAnswer).toContain('agent-inventory-records');
  });
});
