/** Evidence imports (issue 20, docs/evidence.md): the handlers of the evidence Lambda (and of the local server). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { emptyTemplate } from '../../core/evidence/aim-template';
import { DomainError } from '../../core/errors';
import type { EvidenceFormat } from '../../contract';
import type { EvidenceService } from '../../services/evidence';
import { authenticate, type AppDeps } from '../context';
import {
  evidenceTemplateRoute,
  FILE_TYPES,
  getClassificationRulesRoute,
  importEvidenceRoute,
  listEvidenceRoute,
  previewEvidenceRoute,
  setClassificationRulesRoute,
} from './evidence-routes';
import { bodyChunks } from '../body-chunks';

export type EvidenceAppDeps = AppDeps & { evidence: EvidenceService };

/** Refuses a body whose content type is not the format's (415). */
function assertFileType(format: EvidenceFormat, contentType: string | undefined): void {
  const expected = FILE_TYPES[format]!;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== expected)
    throw new DomainError('unsupported_media_type', `send a ${format} file as ${expected}`, [
      { in: 'subject', field: ['headers', 'content-type'], message: `expected ${expected}` },
    ]);
}

export function registerEvidenceRoutes(app: OpenAPIHono, deps: EvidenceAppDeps) {
  app.openapi(importEvidenceRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { format, fileName } = c.req.valid('query');
    assertFileType(format, c.req.header('content-type'));
    const record = await deps.evidence.import(principal, c.req.valid('param').id, { format, fileName, chunks: bodyChunks(c.req.raw.body) });
    return c.json(record, 201, { Location: `/v1/assessments/${record.assessmentId}/evidence` });
  });
  app.openapi(previewEvidenceRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { format, fileName } = c.req.valid('query');
    assertFileType(format, c.req.header('content-type'));
    return c.json(await deps.evidence.preview(principal, c.req.valid('param').id, { format, fileName, chunks: bodyChunks(c.req.raw.body) }), 200);
  });
  app.openapi(listEvidenceRoute, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ imports: await deps.evidence.list(principal, c.req.valid('param').id) }, 200);
  });
  app.openapi(evidenceTemplateRoute, async (c) => {
    const principal = await authenticate(deps, c);
    deps.evidence.templateAllowed(principal);
    return c.body(emptyTemplate(), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="aim-agent-inventory-template.csv"',
    });
  });
  app.openapi(getClassificationRulesRoute, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.evidence.classificationRules(principal), 200);
  });
  app.openapi(setClassificationRulesRoute, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.evidence.setClassificationRules(principal, c.req.valid('json')), 200);
  });
}
