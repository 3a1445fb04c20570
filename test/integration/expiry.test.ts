/** Expiry of tokens and invitations, with a clock the test moves forward. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import { freshServices } from '../support/table';

let now = new Date('2026-11-28T10:00:00.000Z');
const clock = { now: () => now };
let ctx: Awaited<ReturnType<typeof freshServices>>;
let owner: Principal;

beforeAll(async () => {
  ctx = await freshServices({}, { clock });
  const { token } = await ctx.services.organisations.register({ name: 'Clockwork Ltd', industry: 'other', sizeBand: '1-49', region: 'europe' });
  owner = await ctx.services.tokens.authenticate(token.secret);
});

describe('expiry', () => {
  it('turns a token away with token_expired once its days are over', async () => {
    const minted = await ctx.services.tokens.mint(owner, { role: 'leader', actorType: 'agent', label: 'short-lived', expiresInDays: 2 });
    await expect(ctx.services.tokens.authenticate(minted.secret)).resolves.toMatchObject({ role: 'leader' });
    now = new Date(now.getTime() + 2 * 86_400_000 + 1000);
    await expect(ctx.services.tokens.authenticate(minted.secret)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses an invitation after it expires, and accepts it before', async () => {
    const early = await ctx.services.invitations.create(owner, { role: 'respondent', actorType: 'agent', label: 'on time', expiresInDays: 1 });
    const late = await ctx.services.invitations.create(owner, { role: 'respondent', actorType: 'agent', label: 'too late', expiresInDays: 1 });
    now = new Date(now.getTime() + 12 * 3_600_000);
    await expect(ctx.services.invitations.accept({ code: early.code })).resolves.toMatchObject({ token: { role: 'respondent' } });
    now = new Date(now.getTime() + 13 * 3_600_000);
    await expect(ctx.services.invitations.accept({ code: late.code })).rejects.toMatchObject({ code: 'not_found' });
    const statuses = Object.fromEntries((await ctx.services.invitations.list(owner)).map((i) => [i.label, i.status]));
    expect(statuses).toEqual({ 'on time': 'accepted', 'too late': 'expired' });
  });

  it('ends a privileged key after an hour, the first owner key of a scripted registration too', async () => {
    const registered = await ctx.services.organisations.register({ name: 'Just In Time Ltd', industry: 'other', sizeBand: '1-49', region: 'europe' });
    const first = registered.token.secret;
    const firstOwner = await ctx.services.tokens.authenticate(first);
    expect(firstOwner).toMatchObject({ role: 'owner', actorType: 'agent' });
    const coOwner = await ctx.services.tokens.mint(firstOwner, {
      role: 'owner',
      actorType: 'agent',
      label: 'setup script',
      exception: 'the setup script invites the owners',
    });
    expect(Date.parse(coOwner.expiresAt!) - Date.parse(coOwner.createdAt)).toBe(3_600_000);
    // Unprivileged keys minted in that hour keep their days.
    const respondent = await ctx.services.tokens.mint(firstOwner, { role: 'respondent', actorType: 'agent', label: 'answering script' });
    now = new Date(now.getTime() + 59 * 60_000);
    await expect(ctx.services.tokens.authenticate(first)).resolves.toMatchObject({ role: 'owner' });
    await expect(ctx.services.tokens.authenticate(coOwner.secret)).resolves.toMatchObject({ role: 'owner' });
    now = new Date(now.getTime() + 60_000);
    await expect(ctx.services.tokens.authenticate(first)).rejects.toMatchObject({ code: 'token_expired' });
    await expect(ctx.services.tokens.authenticate(coOwner.secret)).rejects.toMatchObject({ code: 'token_expired' });
    await expect(ctx.services.tokens.authenticate(respondent.secret)).resolves.toMatchObject({ role: 'respondent' });
  });
});
