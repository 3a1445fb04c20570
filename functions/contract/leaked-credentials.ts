/** Leak reports: what secret scanners send AIM, and all AIM answers them (docs/security.md, "Leaked secrets"). */
import { z } from 'zod';

/** At most this many secrets per report (a scanner batches; a large batch is more reports). */
export const LEAK_REPORT_MAX_SECRETS = 20;
/** Longest secret: a 4096-bit RSA private key in PEM or JWK form fits. */
export const LEAK_REPORT_MAX_LENGTH = 4000;

export const LeakedCredentialsReport = z
  .strictObject({
    secrets: z
      .array(z.string().min(1).max(LEAK_REPORT_MAX_LENGTH))
      .min(1)
      .max(LEAK_REPORT_MAX_SECRETS)
      .describe(
        `1 to ${LEAK_REPORT_MAX_SECRETS} strings found leaked, each an AIM key (aim_…), an invitation code (inv_…), an agent's private key (PEM, or a JWK with its d) or the text around one (up to ${LEAK_REPORT_MAX_LENGTH} characters)`,
      ),
  })
  .meta({ id: 'LeakedCredentialsReport' });

export const LeakedCredentialsReceipt = z
  .object({
    received: z.number().int().describe('how many secrets the report held; never which of them were AIM keys'),
  })
  .meta({ id: 'LeakedCredentialsReceipt' });

export type LeakedCredentialsReport = z.infer<typeof LeakedCredentialsReport>;
