/**
 * The assessment service against in-memory stores (test/support/memory-stores.ts): what
 * it returns is the domain value, never an HTTP status or body, and its refusals name
 * fields in its own terms (the HTTP layer makes the pointers).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import type { Principal } from '../core/access/principal';
import type { Question } from '../core/questionnaire/model';
import { answerFor, completeAnswers, servedFrom } from '../../test/support/answering';
import { domainErrorOf } from '../../test/support/domain-errors';
import { ManualClock, memoryStores, sequentialIds, type MemoryStores } from '../../test/support/memory-stores';
import { AssessmentService, TokenRecheckNeeded } from './assessments';
import { OrganisationService } from './organisations';
import { TokenService } from './tokens';

const catalogue = loadCatalogue();
const v100 = catalogue.get('agent-identity', '1.0.0');
/** Questions asked whatever the other answers are, with options: answering one never hides another. */
const [first, second, third] = v100.questions.filter((q) => !q.showIf && q.type === 'single') as [Question, Question, Question];
const lowest = (question: Question) => answerFor(question, () => 0);
const highest = (question: Question) => answerFor(question, (n) => n - 1);
const START = { questionnaireId: 'agent-identity', version: '1.0.0' };

let stores: MemoryStores;
let clock: ManualClock;
let tokens: TokenService;
let assessments: AssessmentService;
let owner: Principal;
let ownerSecret: string;

/** Another process on the same table: it remembers nothing of what this one did. */
const anotherProcess = () => new AssessmentService({ ...stores, catalogue, clock, ids: sequentialIds('other') });

beforeEach(async () => {
  stores = memoryStores();
  clock = new ManualClock();
  const ids = sequentialIds();
  tokens = new TokenService({ tokens: stores.tokens, clock, ids });
  const organisations = new OrganisationService({ organisations: stores.organisations, tokenService: tokens, clock, ids });
  assessments = new AssessmentService({ ...stores, catalogue, clock, ids });
  const { token } = await organisations.register({ name: 'Memory Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' });
  ownerSecret = token.secret;
  owner = await tokens.authenticate(ownerSecret);
});

const operations = () => stores.table.events.map((e) => e.operation);

describe('create', () => {
  it('returns the new draft itself, as stored, with its audit event', async () => {
    const draft = await assessments.create(owner, START);
    expect(draft).toMatchObject({ ...START, organisationId: owner.organisationId, status: 'draft', revision: 0, answers: {} });
    expect(draft).not.toHaveProperty('body');
    expect(await assessments.get(owner, draft.id)).toEqual(draft);
    expect(operations()).toEqual(['organisation.register', 'assessment.create']);
  });

  it('replays the first draft for a retry with the same idempotency key, creating nothing more', async () => {
    const created = await assessments.create(owner, START, 'create-1');
    clock.advance(1_000);
    const retried = await assessments.create(owner, START, 'create-1');
    expect(retried).toEqual(created);
    expect(await assessments.list(owner)).toHaveLength(1);
    // Another key is another draft.
    expect((await assessments.create(owner, START, 'create-2')).id).not.toBe(created.id);
    expect(await assessments.list(owner)).toHaveLength(2);
  });

  it('refuses the same key with another input, naming the idempotency key', async () => {
    await assessments.create(owner, START, 'create-1');
    const error = await domainErrorOf(assessments.create(owner, { ...START, version: '1.1.0' }, 'create-1'));
    expect(error.code).toBe('idempotency_key_reused');
    expect(error.errors).toEqual([{ in: 'idempotencyKey', field: [], message: expect.any(String) }]);
  });
});

describe('saveAnswers', () => {
  it('returns the saved draft at its next revision, and lands saves of other questions based on the same revision', async () => {
    const draft = await assessments.create(owner, START);
    const saved = await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: lowest(first) } });
    expect(saved).toMatchObject({ id: draft.id, revision: 1, cleared: [], answers: { [first.id]: { ...lowest(first), revision: 1 } } });
    const merged = await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [second.id]: lowest(second) } });
    expect(merged.revision).toBe(2);
    expect(Object.keys(merged.answers).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses a save of a question changed since its revision, with the current answer', async () => {
    const draft = await assessments.create(owner, START);
    await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: lowest(first) } });
    const error = await domainErrorOf(assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: highest(first) } }));
    expect(error.code).toBe('revision_conflict');
    expect(error.extra).toMatchObject({ currentRevision: 1, conflicts: [{ question: first.id, current: { ...lowest(first), revision: 1 } }] });
    expect((await assessments.get(owner, draft.id)).answers[first.id]).toMatchObject(lowest(first));
    // A revision that does not exist yet is refused too.
    expect((await domainErrorOf(assessments.saveAnswers(owner, draft.id, { revision: 5, answers: { [second.id]: lowest(second) } }))).code).toBe(
      'revision_conflict',
    );
  });

  it('retries on fresh data when another process wrote in between (the store answers conflict)', async () => {
    const draft = await assessments.create(owner, START);
    // This process now remembers the draft at revision 1 ...
    await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: lowest(first) } });
    // ... another moves it to revision 2 ...
    await anotherProcess().saveAnswers(owner, draft.id, { revision: 1, answers: { [second.id]: lowest(second) } });
    // ... so this save's write, on the remembered revision 1, conflicts in the store and is redone on revision 2.
    const saved = await assessments.saveAnswers(owner, draft.id, { revision: 1, answers: { [third.id]: lowest(third) } });
    expect(saved.revision).toBe(3);
    expect(Object.keys((await assessments.get(owner, draft.id)).answers).sort()).toEqual([first.id, second.id, third.id].sort());
    expect(operations().filter((o) => o === 'assessment.answer')).toHaveLength(3);
  });

  it('names invalid answers by their fields in the save, not by where a request carried them', async () => {
    const draft = await assessments.create(owner, START);
    const error = await domainErrorOf(
      assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: { value: 'no-such-option' }, ghost: null } }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.errors.map(({ in: source, field }) => ({ source, field }))).toEqual([
      { source: undefined, field: ['answers', first.id, 'value'] },
      { source: undefined, field: ['answers', 'ghost'] },
    ]);
    expect((await assessments.get(owner, draft.id)).revision).toBe(0);
  });

  it('asks for a new authentication when the token guarding the save was revoked, writing nothing', async () => {
    const draft = await assessments.create(owner, START);
    const { principal, guard } = await tokens.authenticateForWrite(ownerSecret);
    expect(guard).toBeDefined();
    await tokens.revoke(owner, owner.tokenId);
    await expect(assessments.saveAnswers(principal, draft.id, { revision: 0, answers: { [first.id]: lowest(first) } }, guard)).rejects.toBeInstanceOf(
      TokenRecheckNeeded,
    );
    expect((await assessments.get(owner, draft.id)).revision).toBe(0);
  });

  it('refuses a draft that would be too large, naming the answers of the save', async () => {
    const small = new AssessmentService({ ...stores, catalogue, clock, ids: sequentialIds('small'), maxAssessmentBytes: 1_200 });
    const draft = await small.create(owner, START);
    const error = await domainErrorOf(
      small.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: { ...lowest(first), comment: 'c'.repeat(900) }, [second.id]: lowest(second) } }),
    );
    expect(error.code).toBe('assessment_too_large');
    expect(error.errors.slice(0, 2).map((e) => e.field)).toEqual([['answers'], ['answers', first.id]]);
    expect(error.errors.every((e) => e.in === undefined)).toBe(true);
  });
});

describe('submit', () => {
  const complete = () => completeAnswers(servedFrom(v100), () => 1);

  it('refuses an incomplete draft, naming the missing answers as the stored assessment holds them', async () => {
    const draft = await assessments.create(owner, START);
    await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: { [first.id]: lowest(first) } });
    const error = await domainErrorOf(assessments.submit(owner, draft.id));
    expect(error.code).toBe('assessment_incomplete');
    expect(error.errors.length).toBeGreaterThan(0);
    expect(error.errors.every((e) => e.in === 'subject' && e.field[0] === 'answers' && e.field.length === 2)).toBe(true);
    expect(error.errors.map((e) => e.field[1])).toContain(second.id);
    expect(error.errors.map((e) => e.field[1])).not.toContain(first.id);
  });

  it('returns the submitted assessment with its scores; a retry with the key gets the same value, a second submit is refused', async () => {
    const draft = await assessments.create(owner, START);
    await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: complete() });
    const submitted = await assessments.submit(owner, draft.id, 'submit-1');
    expect(submitted).toMatchObject({ id: draft.id, status: 'submitted', revision: 2, scores: { overall: { score: expect.any(Number) } } });
    expect(await assessments.get(owner, draft.id)).toEqual(submitted);
    expect(stores.table.submissions.size).toBe(1);

    clock.advance(60_000);
    expect(await assessments.submit(owner, draft.id, 'submit-1')).toEqual(submitted);
    expect(operations().filter((o) => o === 'assessment.submit')).toHaveLength(1);
    expect((await domainErrorOf(assessments.submit(owner, draft.id))).code).toBe('assessment_not_draft');
    expect((await domainErrorOf(assessments.submit(owner, 'another-assessment', 'submit-1'))).code).toBe('idempotency_key_reused');
  });

  it('refuses a submit whose scored assessment would be too large, naming the stored answers', async () => {
    const draft = await assessments.create(owner, START);
    const saved = await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: complete() });
    const tight = new AssessmentService({ ...stores, catalogue, clock, ids: sequentialIds('tight'), maxAssessmentBytes: JSON.stringify(saved).length / 2 });
    const error = await domainErrorOf(tight.submit(owner, draft.id));
    expect(error.code).toBe('assessment_too_large');
    expect(error.errors[0]).toMatchObject({ in: 'subject', field: ['answers'] });
    expect((await assessments.get(owner, draft.id)).status).toBe('draft');
  });
});

describe('reopen', () => {
  it('starts a new draft from a submitted assessment only, and replays it for the same key', async () => {
    const draft = await assessments.create(owner, START);
    expect((await domainErrorOf(assessments.reopen(owner, draft.id))).code).toBe('assessment_not_submitted');
    await assessments.saveAnswers(owner, draft.id, { revision: 0, answers: completeAnswers(servedFrom(v100), () => 0) });
    const submitted = await assessments.submit(owner, draft.id);

    const reopened = await assessments.reopen(owner, draft.id, 'reopen-1');
    expect(reopened).toMatchObject({ status: 'draft', revision: 0, reopenedFrom: draft.id });
    expect(reopened.id).not.toBe(draft.id);
    expect(Object.keys(reopened.answers).sort()).toEqual(Object.keys(submitted.answers).sort());
    expect(Object.values(reopened.answers).every((a) => a.revision === 0)).toBe(true);

    expect(await assessments.reopen(owner, draft.id, 'reopen-1')).toEqual(reopened);
    expect(await assessments.list(owner)).toHaveLength(2);
    expect(await assessments.get(owner, draft.id)).toEqual(submitted);
  });
});
