import { describe, expect, it } from 'vitest';
import { secretAtPointer, secretInField, secretKindsIn } from './secret-guard';

// Built at run time, so the repository's own secret scan does not flag this file.
const ACCESS_KEY_ID = `AKIA${'Q'.repeat(4)}${'7'.repeat(12)}`;
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const ENTRA = `abc8Q~${'x7Y-'.repeat(8)}zz`;

describe('the evidence secret guard', () => {
  it('finds the shared patterns and the inventory ones', () => {
    expect(secretKindsIn(`key ${ACCESS_KEY_ID}`)).toEqual(['AWS access key id']);
    expect(secretKindsIn(`aws_secret_access_key = ${SECRET_ACCESS_KEY}`)).toEqual(['AWS secret access key']);
    expect(secretKindsIn(`{"SecretAccessKey": "${SECRET_ACCESS_KEY}"}`)).toEqual(['AWS secret access key']);
    expect(secretKindsIn(SECRET_ACCESS_KEY)).toEqual(['AWS secret access key']);
    expect(secretKindsIn(`token ${GITHUB}`)).toEqual(['GitHub token']);
    expect(secretKindsIn(ENTRA)).toEqual(['Microsoft Entra client secret']);
    expect(secretKindsIn(`OPENAI_API_KEY=sk-proj-${'Ab3d'.repeat(10)}`)).toEqual(['model provider API key']);
    expect(secretKindsIn(`Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.${'s'.repeat(20)}`)).toEqual(['bearer token (JWT)']);
    expect(secretKindsIn(`-----BEGIN ${'PRIVATE'} KEY-----`)).toEqual(['PEM private key']);
  });

  it('leaves alone what an inventory legitimately holds', () => {
    for (const text of [
      'arn:aws:iam::123456789012:user/engineering/platform/agents/billing',
      'engineering/platform/agents/billingRepor', // 40 characters of the alphabet, but no digit
      'svc-agent-invoice-triage-17',
      'sk-learn-model-training-pipeline-agent-01',
      '2026-01-02T03:04:05+00:00',
      '=HYPERLINK("https://example.com","x")',
      'the secret sauce: none',
    ]) {
      expect(secretKindsIn(text), text).toEqual([]);
    }
  });

  it('names the row and column, or the pointer, never the value', () => {
    const problem = secretInField(`aws_secret_access_key=${SECRET_ACCESS_KEY}`, 7, 'purpose');
    expect(problem?.at).toEqual({ row: 7, column: 'purpose' });
    expect(problem?.message).toMatch(/AWS secret access key/);
    expect(problem?.message).not.toContain(SECRET_ACCESS_KEY);
    expect(secretAtPointer(ACCESS_KEY_ID, '/Users/3/Tags/0/Value')?.at).toEqual({ pointer: '/Users/3/Tags/0/Value' });
    expect(secretInField('nothing here', 2, 'owner')).toBeNull();
  });
});
