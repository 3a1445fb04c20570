/** The improvement plan (docs/plan.md): read (also as CSV), carry forward, change an item, and whom items may go to. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate, type AppDeps } from '../context';
import { AssigneeListSchema, CarryPlanForwardRequest, PlanItemSchema, PlanSchema, UpdatePlanItemRequest } from '../../contract';
import { planCsv } from '../plan-csv';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;
const questionnaireId = z.string().min(1).max(80).openapi({ description: 'the questionnaire the plan is on, e.g. agent-identity' });
const QuestionnaireParam = z.object({ questionnaireId });
const scopeId = z.string().min(1).max(80).optional().openapi({
  description:
    "the scope whose plan it is (Scope.id); without it, the whole organisation's plan. A respondent restricted to a scope gets that scope's plan by default, and 404 for any other (the whole organisation's too)",
});
const ScopeQuery = z.object({ scopeId });
const ItemParams = z.object({
  questionnaireId,
  controlId: z.string().min(1).max(120).openapi({ description: 'the control the item puts in place (PlanItem.controlId)' }),
});
const Format = z.object({
  scopeId,
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'csv: the items as text/csv, one row each (or send Accept: text/csv)' }),
});

const get = createRoute({
  method: 'get',
  path: '/v1/plans/{questionnaireId}',
  operationId: 'getPlan',
  tags: ['plan'],
  summary: 'The improvement plan on a questionnaire, of the whole organisation or of one scope',
  description:
    "Every item with its owner, due date, status and notes: open items first in the roadmap's order, then done, achieved and won't do; and the counts (overdue: open items due before today, UTC). Owners, leaders and respondents read it. As CSV (`?format=csv` or `Accept: text/csv`) the columns are control_id, title, domains, questions, expected_gain, window, status, owner_type, owner, due_date, completed_at, wont_do_reason, notes, still_recommended, recommended_in, achieved_in; cells that a spreadsheet would take for a formula start with an apostrophe.",
  security,
  request: { params: QuestionnaireParam, query: Format },
  responses: {
    200: {
      content: {
        'application/json': { schema: PlanSchema },
        'text/csv': { schema: z.string().openapi({ description: 'one row per item, in the order of the JSON answer, with a header row' }) },
      },
      description: 'the plan; as CSV a download named aim-plan-<questionnaire>-<date>.csv',
    },
    404: problemContent(
      '`plan_not_found`: no plan is made on this questionnaire (in this scope) yet; `not_found`: no such questionnaire, or a scope that does not exist or the caller may not reach',
    ),
    ...authProblems,
  },
});

const carry = createRoute({
  method: 'post',
  path: '/v1/plans/{questionnaireId}/carry-forward',
  operationId: 'carryPlanForward',
  tags: ['plan'],
  summary: 'Make the plan from a submitted assessment, or carry it forward to a later one',
  description:
    "Owners and leaders. The first time, every control the submission recommends becomes a planned item (its expected gain, roadmap window, questions, domains, prerequisites and frameworks as the report shows them). From a later submission: newly recommended controls are added; items still recommended keep their owner, dates, status and notes; items no longer recommended are marked achieved (unless won't do); achieved items recommended again are planned again. A submit carries an existing plan forward by itself. The same assessment again changes nothing. Audited as `plan.carryForward`.",
  security,
  request: {
    params: QuestionnaireParam,
    query: ScopeQuery,
    body: { required: true, content: { 'application/json': { schema: CarryPlanForwardRequest } } },
  },
  responses: {
    ...bodyProblems,
    200: jsonContent(PlanSchema, 'the plan, carried forward (or unchanged: it already follows this assessment)'),
    201: createdContent(PlanSchema, 'the new plan', '/v1/plans/{questionnaireId}'),
    400: problemContent(
      'invalid body, or an assessment of another questionnaire or of another scope than `scopeId` (the whole organisation when absent) (pointer `/body/assessmentId`)',
    ),
    404: problemContent('no such assessment in the organisation, no such questionnaire, or no such scope'),
    409: problemContent(
      '`assessment_not_submitted`: the assessment is a draft; `plan_newer`: the plan already follows a later submission (the problem holds `basedOn`)',
    ),
    ...authProblems,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/v1/plans/{questionnaireId}/items/{controlId}',
  operationId: 'updatePlanItem',
  tags: ['plan'],
  summary: 'Change one plan item, based on the revision last seen',
  description:
    "Owners and leaders change the owner, due date, status, reason and notes; a respondent changes the status, reason and notes of items they own (403 otherwise). `revision` is the item's revision the caller last saw: when it changed since, nothing is written and the 409 problem carries `currentRevision` and the current item as `current`. won't do needs a reason (sent, or kept from before); a reason with another status is refused; leaving won't do clears it. Done records `completedAt`; leaving done clears it. The owner is a member of the organisation or one of its live agents (GET …/assignees). Audited as `plan.item.update`.",
  security,
  request: { params: ItemParams, query: ScopeQuery, body: { required: true, content: { 'application/json': { schema: UpdatePlanItemRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(PlanItemSchema, 'the item, at its new revision'),
    400: problemContent(
      "invalid body; won't do without a reason or a reason with another status (pointer `/body/wontDoReason`); an owner who is not a member or live agent (pointer `/body/owner/id`)",
    ),
    404: problemContent('`plan_not_found`: no plan on this questionnaire (in this scope); `not_found`: no such item, questionnaire or scope'),
    409: problemContent('`revision_conflict`: the item changed since `revision`; the problem holds `currentRevision` and `current` (the current item)'),
    ...authProblems,
    403: problemContent('the role may not do this; or a respondent changing an item they do not own, or any owner or due date'),
  },
});

const assignees = createRoute({
  method: 'get',
  path: '/v1/plans/{questionnaireId}/assignees',
  operationId: 'listPlanAssignees',
  tags: ['plan'],
  summary: 'Whom plan items may be assigned to',
  description: "The organisation's members (name and role) and its agents that are neither revoked nor expired (label). Owners and leaders.",
  security,
  request: { params: QuestionnaireParam, query: ScopeQuery },
  responses: {
    200: jsonContent(AssigneeListSchema, 'people first, then agents, each by name'),
    404: problemContent('no such questionnaire or scope'),
    ...authProblems,
  },
});

const wantsCsv = (c: Context, format?: string) => format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(c.req.header('accept') ?? ''));

export function registerPlanRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(get, async (c) => {
    const principal = await authenticate(deps, c);
    const { questionnaireId } = c.req.valid('param');
    const query = c.req.valid('query');
    const plan = await deps.plans.get(principal, questionnaireId, query.scopeId);
    if (!wantsCsv(c, query.format)) return c.json(plan, 200);
    const day = new Date().toISOString().slice(0, 10);
    return c.body(planCsv(plan), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="aim-plan-${questionnaireId}-${day}.csv"`,
    }) as never;
  });
  app.openapi(carry, async (c) => {
    const principal = await authenticate(deps, c);
    const { questionnaireId } = c.req.valid('param');
    const { scopeId } = c.req.valid('query');
    const { plan, created } = await deps.plans.carryForward(principal, questionnaireId, c.req.valid('json'), scopeId);
    const location = `/v1/plans/${encodeURIComponent(questionnaireId)}${plan.scopeId ? `?scopeId=${encodeURIComponent(plan.scopeId)}` : ''}`;
    return created ? c.json(plan, 201, { Location: location }) : c.json(plan, 200);
  });
  app.openapi(update, async (c) => {
    const principal = await authenticate(deps, c);
    const { questionnaireId, controlId } = c.req.valid('param');
    return c.json(await deps.plans.updateItem(principal, questionnaireId, controlId, c.req.valid('json'), c.req.valid('query').scopeId), 200);
  });
  app.openapi(assignees, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ assignees: await deps.plans.assignees(principal, c.req.valid('param').questionnaireId, c.req.valid('query').scopeId) }, 200);
  });
}
