/**
 * The scan's optional last step (docs/security.md, "Leaked secrets"): with
 * AIM_LEAK_REPORT_URL set to a deployment's API base URL, every AIM key and invitation
 * code the scan found is reported to that deployment's public leak endpoint
 * (POST /v1/credentials/leaked), which revokes the live ones. The scan still fails.
 */
import { LEAK_REPORT_MAX_SECRETS } from '../../functions/contract/leaked-credentials';
import { revocableSecretsOf, type Finding } from './patterns';

/** The AIM keys and invitation codes of the findings, each once. */
export const secretsToReport = (findings: readonly Finding[]): string[] => [...new Set(findings.flatMap(revocableSecretsOf))];

/**
 * Posts the secrets in batches the endpoint takes; how many were sent, and a problem per
 * batch refused (status only: nothing said or printed repeats a value).
 */
export async function reportLeaks(baseUrl: string, secrets: readonly string[]): Promise<{ sent: number; problems: string[] }> {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/v1/credentials/leaked`;
  let sent = 0;
  const problems: string[] = [];
  for (let i = 0; i < secrets.length; i += LEAK_REPORT_MAX_SECRETS) {
    const batch = secrets.slice(i, i + LEAK_REPORT_MAX_SECRETS);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secrets: batch }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 202) sent += batch.length;
      else problems.push(`${endpoint} answered ${response.status} for ${batch.length} secret(s)`);
    } catch (error) {
      problems.push(`${endpoint} could not be reached (${(error as Error).name}) for ${batch.length} secret(s)`);
    }
  }
  return { sent, problems };
}
