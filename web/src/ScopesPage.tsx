/**
 * Scopes (issue 19): the parts of the organisation assessed on their own (a business unit,
 * a platform, a workload), and the roll-up that puts each one's latest scores beside the
 * whole organisation's. Owners create scopes here; a respondent restricted to a scope sees
 * only that scope's row.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, ApiError, bodyFieldErrors, levelName, type QuestionnaireSummary, type Role, type RollUp, type RollUpRow, type Scope } from './api';
import { formatDate, score2 } from './format';
import { ProblemNotice } from './ProblemNotice';
import { ProgrammeNav } from './ProgrammeNav';
import { SCOPE_KINDS, scopeKindLabel } from './ScopeText';
import { useAction } from './useAction';
import { useMediaQuery } from './useMediaQuery';
import { DataTable } from './DataTable';

const NAME_MAX = 80;
const DESCRIPTION_MAX = 300;

interface Draft {
  name: string;
  kind: string;
  description: string;
}
const EMPTY: Draft = { name: '', kind: '', description: '' };

/** What the form checks before sending, keyed by field; empty when it may be sent. */
function checkDraft(draft: Draft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = 'Enter a name for the scope, for example "Payments".';
  else if (draft.name.trim().length > NAME_MAX) errors.name = `Keep the name to ${NAME_MAX} characters or fewer.`;
  if (!SCOPE_KINDS.some((k) => k.value === draft.kind)) errors.kind = 'Choose what kind of scope it is.';
  if (draft.description.trim().length > DESCRIPTION_MAX) errors.description = `Keep the description to ${DESCRIPTION_MAX} characters or fewer.`;
  return errors;
}

export default function ScopesPage({ role, onAuthError }: { role: Role | null; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const mayCreate = roleMay(role, 'scopes.write');
  const [questionnaires, setQuestionnaires] = useState<QuestionnaireSummary[] | undefined>(undefined);
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [scopes, setScopes] = useState<Scope[] | null>(null);
  /** `undefined` while loading. */
  const [rollUp, setRollUp] = useState<RollUp | undefined>(undefined);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const create = useAction({ onAuthError });

  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setLoadError(e);
    },
    [onAuthError],
  );

  useEffect(() => {
    api.questionnaires().then((r) => {
      setQuestionnaires(r.questionnaires);
      setQuestionnaireId(r.questionnaires[0]?.id ?? '');
    }, fail);
    api.scopes().then((r) => setScopes(r.scopes), fail);
  }, [fail]);

  const loadRollUp = useCallback(
    (questionnaire: string) =>
      api.rollUp(questionnaire).then(
        (r) => setRollUp(r),
        (e: unknown) => fail(e),
      ),
    [fail],
  );

  useEffect(() => {
    if (!questionnaireId) return;
    setRollUp(undefined);
    void loadRollUp(questionnaireId);
  }, [questionnaireId, loadRollUp]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      setStatus('');
      const found = checkDraft(draft);
      setErrors(found);
      const first = Object.keys(found)[0];
      if (first) {
        document.getElementById(`${id}-${first}`)?.focus();
        return;
      }
      const kind = SCOPE_KINDS.find((k) => k.value === draft.kind)!.value;
      const description = draft.description.trim();
      try {
        const scope = await api.createScope({ name: draft.name.trim(), kind, ...(description ? { description } : {}) });
        setDraft(EMPTY);
        setStatus(`Scope "${scope.name}" created. Assessments can now be started for it from the Assessments page.`);
        setScopes((list) => [...(list ?? []), scope].sort((a, b) => a.name.localeCompare(b.name)));
        if (questionnaireId) void loadRollUp(questionnaireId);
      } catch (err) {
        const fields = bodyFieldErrors(err);
        if (err instanceof ApiError && err.code === 'scope_name_taken') {
          fields.name = `There is already a scope named "${draft.name.trim()}" (names are compared without case). Choose another name.`;
        }
        if (Object.keys(fields).length) {
          setErrors(fields);
          document.getElementById(`${id}-${Object.keys(fields)[0]}`)?.focus();
          return;
        }
        throw err;
      }
    });
  };

  const descriptions = Object.fromEntries((scopes ?? []).map((s) => [s.id, s.description]));
  const restrictedTo = rollUp && rollUp.rows.length > 0 && rollUp.rows.every((r) => r.scope) && role === 'respondent' ? rollUp.rows[0]?.scope : null;

  return (
    <>
      <ProgrammeNav current="scopes" />
      <h1 tabIndex={-1}>Scopes</h1>
      <p className="lead">
        Assess a business unit, a platform or a workload on its own, beside the whole organisation. The roll-up shows each one's latest submitted scores side by
        side. Only assessments of the whole organisation count in peer benchmarks.
      </p>
      <ProblemNotice error={loadError} />
      {restrictedTo ? (
        <p className="notice" data-testid="scope-restriction">
          You are restricted to the scope <strong>{restrictedTo.name}</strong>: you see and answer only its assessments.
        </p>
      ) : null}
      {questionnaires === undefined ? (
        loadError ? null : (
          <p aria-busy="true">Loading…</p>
        )
      ) : questionnaires.length === 0 ? (
        <p>No questionnaire is published yet, so there is nothing to roll up.</p>
      ) : (
        <section aria-labelledby={`${id}-rollup-title`}>
          <h2 id={`${id}-rollup-title`}>Roll-up</h2>
          {questionnaires.length > 1 ? (
            <div className="field">
              <label htmlFor={`${id}-questionnaire`}>Questionnaire</label>
              <select id={`${id}-questionnaire`} value={questionnaireId} onChange={(e) => setQuestionnaireId(e.target.value)}>
                {questionnaires.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.title}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="hint">{questionnaires[0]?.title}: the latest submission of each scope, and the drafts under way.</p>
          )}
          {rollUp === undefined ? (
            loadError ? null : (
              <p aria-busy="true">Loading…</p>
            )
          ) : (
            <RollUpTable rollUp={rollUp} descriptions={descriptions} labelledBy={`${id}-rollup-title`} />
          )}
          {rollUp && !restrictedTo && rollUp.rows.length <= 1 ? (
            <p className="hint" data-testid="no-scopes">
              The organisation has no scopes yet.{' '}
              {mayCreate ? 'Create one below to assess part of the organisation on its own.' : 'Owners of the organisation create them.'}
            </p>
          ) : null}
        </section>
      )}
      {mayCreate ? (
        <form className="card scope-form" onSubmit={submit} noValidate aria-labelledby={`${id}-form-title`}>
          <h2 id={`${id}-form-title`}>Create a scope</h2>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              type="text"
              required
              autoComplete="off"
              maxLength={NAME_MAX}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={`${id}-name-hint${errors.name ? ` ${id}-name-error` : ''}`}
            />
            <p className="hint" id={`${id}-name-hint`}>
              For example "Payments", "Agent platform" or "Claims triage agent". Unique in the organisation.
            </p>
            {errors.name ? (
              <p className="field-error" id={`${id}-name-error`}>
                {errors.name}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select
              id={`${id}-kind`}
              required
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value })}
              aria-invalid={errors.kind ? true : undefined}
              aria-describedby={errors.kind ? `${id}-kind-error` : undefined}
            >
              <option value="" disabled>
                Choose…
              </option>
              {SCOPE_KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
            {errors.kind ? (
              <p className="field-error" id={`${id}-kind-error`}>
                {errors.kind}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>
              Description <span className="optional">(optional)</span>
            </label>
            <textarea
              id={`${id}-description`}
              rows={2}
              maxLength={DESCRIPTION_MAX}
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={`${id}-description-hint${errors.description ? ` ${id}-description-error` : ''}`}
            />
            <p className="hint" id={`${id}-description-hint`}>
              What it covers, for those who answer for it. At most {DESCRIPTION_MAX} characters.
            </p>
            {errors.description ? (
              <p className="field-error" id={`${id}-description-error`}>
                {errors.description}
              </p>
            ) : null}
          </div>
          <ProblemNotice error={create.error} />
          <div className="actions">
            <button type="submit" disabled={create.busy}>
              {create.busy ? 'Creating…' : 'Create scope'}
            </button>
          </div>
        </form>
      ) : null}
      <p role="status" className="save-status-line" data-testid="scopes-status">
        {status}
      </p>
    </>
  );
}

const levelText = (s: { level: number; score: number }) => `Level ${s.level} ${levelName(s.level)} (${score2(s.score)})`;

/** A roll-up row's name, and the key its cells are tested by. */
const rowName = (row: RollUpRow) => row.scope?.name ?? 'Whole organisation';
const rowKey = (row: RollUpRow) => row.scope?.name ?? 'organisation';

/** The lines compared across scopes, in order: each a label and the text of one scope's cell. */
function rollUpLines(domains: RollUp['domains']): { key: string; label: string; text: (row: RollUpRow) => string }[] {
  return [
    { key: 'latest', label: 'Latest submission', text: (r) => (r.latest ? formatDate(r.latest.submittedAt) : 'Not assessed yet') },
    { key: 'overall', label: 'Overall', text: (r) => (r.latest ? levelText(r.latest.overall) : '—') },
    ...domains.map((d) => ({
      key: d.id,
      label: d.title,
      text: (r: RollUpRow) => {
        const s = r.latest?.domains[d.id];
        return s ? `${s.level} ${levelName(s.level)}` : '—';
      },
    })),
    { key: 'drafts', label: 'Drafts under way', text: (r) => String(r.drafts) },
  ];
}

/**
 * Side by side: a column per scope (the whole organisation first), a line per score, so
 * that any number of domains reads down the page. On a phone, a card per scope instead.
 */
function RollUpTable({ rollUp, descriptions, labelledBy }: { rollUp: RollUp; descriptions: Record<string, string | null>; labelledBy: string }) {
  const narrow = useMediaQuery('(max-width: 40rem)');
  const lines = rollUpLines(rollUp.domains);
  const described = rollUp.rows.filter((r) => r.scope && descriptions[r.scope.id]);
  return (
    <>
      {narrow ? (
        <ul className="roll-up-cards">
          {rollUp.rows.map((row) => (
            <li key={rowKey(row)} className="card" data-testid={`roll-up-${rowKey(row)}`}>
              <h3 className="roll-up-card-title">
                {rowName(row)}
                {row.scope ? <span className="hint roll-up-kind">{scopeKindLabel(row.scope.kind)}</span> : null}
              </h3>
              <dl className="target-list">
                {/* A scope not assessed yet has no scores to list: its card says so, and its drafts. */}
                {lines
                  .filter((l) => row.latest || l.key === 'latest' || l.key === 'drafts')
                  .map((l) => (
                    <div key={l.key}>
                      <dt>{l.label}</dt>
                      <dd data-testid={`roll-up-${rowKey(row)}-${l.key}`} className={!row.latest && l.key === 'latest' ? 'not-assessed' : undefined}>
                        {l.text(row)}
                      </dd>
                    </div>
                  ))}
              </dl>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable
          className="roll-up"
          labelledBy={labelledBy}
          columns={[
            { label: <span className="visually-hidden">Score</span> },
            ...rollUp.rows.map((row) => ({
              label: (
                <span data-testid={`roll-up-${rowKey(row)}`}>
                  {rowName(row)}
                  {row.scope ? <span className="hint roll-up-kind">{scopeKindLabel(row.scope.kind)}</span> : null}
                </span>
              ),
            })),
          ]}
        >
          <tbody>
            {lines.map((l) => (
              <tr key={l.key}>
                <th scope="row">{l.label}</th>
                {rollUp.rows.map((row) => (
                  <td
                    key={rowKey(row)}
                    data-testid={`roll-up-${rowKey(row)}-${l.key}`}
                    className={!row.latest && l.key === 'latest' ? 'not-assessed' : undefined}
                  >
                    {l.text(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {described.length > 0 ? (
        <dl className="roll-up-descriptions">
          {described.map((r) => (
            <div key={r.scope!.id}>
              <dt>{r.scope!.name}:</dt> <dd>{descriptions[r.scope!.id]}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}
