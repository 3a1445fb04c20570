import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { INTERACTIVE_AGENT_USE_MESSAGE, refuseInteractiveAgentUse } from './interactive-agent-use';

const principal = (actorType: Principal['actorType']): Principal => ({
  tokenId: 't-1',
  label: 'bot',
  role: 'respondent',
  actorType,
  organisationId: 'org-1',
  correlationId: 'req-1',
  decisions: [],
});

/** Runs the check inside a request with these headers: what it logged, recorded and threw. */
async function check(who: Principal, headers: Record<string, string>) {
  const logs: Record<string, unknown>[] = [];
  let thrown: unknown;
  const app = new Hono().get('/', async (c) => {
    try {
      await refuseInteractiveAgentUse(c, who, (entry) => logs.push(entry));
    } catch (error) {
      thrown = error;
    }
    return c.text('ok');
  });
  await app.request('/', { headers });
  return { logs, thrown, decisions: who.decisions };
}

describe('an agent credential used from a browser', () => {
  it('is refused, with the refusal in the decision log and the fixed line the deployment alarms on', async () => {
    const { logs, thrown, decisions } = await check(principal('agent'), { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' });
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('interactive_agent_use');
    expect(decisions).toEqual([{ outcome: 'refused', operation: 'interactive-use', reason: 'interactive_agent_use' }]);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', msg: INTERACTIVE_AGENT_USE_MESSAGE, tokenId: 't-1', correlationId: 'req-1' })]);
  });

  it("passes an agent's own client (Node's fetch sends Sec-Fetch-Mode alone) and a person's key from a browser", async () => {
    for (const [who, headers] of [
      [principal('agent'), { 'sec-fetch-mode': 'cors', 'user-agent': 'node' }],
      [principal('agent'), {}],
      [principal('human'), { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }],
    ] as const) {
      const { logs, thrown, decisions } = await check(who, headers);
      expect({ thrown, logs, decisions }).toEqual({ thrown: undefined, logs: [], decisions: [] });
    }
  });
});
