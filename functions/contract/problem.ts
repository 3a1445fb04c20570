/** The error document every failing request answers with (RFC 9457, application/problem+json). */
import { z } from 'zod';

export const FieldProblemSchema = z.object({
  pointer: z.string().describe('JSON Pointer (RFC 6901) into the request: /body/name, /query/industry, /headers/idempotency-key'),
  message: z.string(),
});

export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('stable machine-readable error code'),
    detail: z.string(),
    errors: z.array(FieldProblemSchema).optional().describe('the offending fields'),
  })
  .meta({ id: 'Problem' });

export type FieldProblem = z.infer<typeof FieldProblemSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
