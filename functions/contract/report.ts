/** Reports: the model a PDF is laid out from, and the check that a copy matches its data. */
import { z } from 'zod';
import { ReportModelSchema } from '../core/report-model/schema';

export const ReportModelContract = ReportModelSchema.meta({ id: 'ReportModel' });

export const ReportVerificationSchema = z
  .object({
    reportId: z.string(),
    assessmentId: z.string(),
    generatedAt: z.string(),
    sha256Matches: z.boolean().describe('the digest given is the one recorded when the report was generated'),
    answersMatch: z.boolean().describe('the stored submission still hashes to the answers the report was made of'),
    verified: z.boolean().describe('both: the copy matches its data'),
  })
  .meta({ id: 'ReportVerification' });

export type { ReportModel } from '../core/report-model/types';
export type ReportVerification = z.infer<typeof ReportVerificationSchema>;
