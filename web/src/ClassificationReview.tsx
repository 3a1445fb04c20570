/**
 * Reviewing a file's classification before importing it (issue 20, docs/evidence.md,
 * "Reviewing the classification"): the preview lists the file's identities as the
 * organisation's rules classify them (POST …/evidence/preview, nothing stored); each row's
 * kind can be corrected, and "Save corrections and import" writes the corrections into the
 * classification rules (PUT /v1/evidence/classification-rules at the revision just read) and
 * imports. Whoever may not change the rules (a member restricted to one scope) reviews and
 * imports without changes. The tag key and naming rules are edited in the form below the table.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, ApiError, type ClassificationRules, type EvidenceFormat, type EvidenceImport, type EvidencePreview } from './api';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

type Kind = EvidencePreview['identities'][number]['kind'];
type ClassifiedKind = Exclude<Kind, 'unknown'>;
const KINDS: { id: ClassifiedKind; label: string }[] = [
  { id: 'agent', label: 'Agent' },
  { id: 'human', label: 'Person' },
  { id: 'workload', label: 'Other workload' },
];
const KIND_LABELS: Record<Kind, string> = { agent: 'Agent', human: 'Person', workload: 'Other workload', unknown: 'Unclassified' };

interface Props {
  assessmentId: string;
  format: EvidenceFormat;
  file: File;
  onImported: (record: EvidenceImport) => void;
  onClose: () => void;
  onAuthError: (e: unknown) => boolean;
}

/** The conflict message shown when someone else changed the rules since they were read. */
const CONFLICT = 'Someone changed the classification rules while you were reviewing. The latest rules are loaded: check your corrections and save again.';

export function ClassificationReview({ assessmentId, format, file, onImported, onClose, onAuthError }: Props) {
  const id = useId();
  const [preview, setPreview] = useState<EvidencePreview | null>(null);
  const [rules, setRules] = useState<ClassificationRules | null>(null);
  const [mayEdit, setMayEdit] = useState(false);
  const [changes, setChanges] = useState<Record<string, ClassifiedKind>>({});
  const [filter, setFilter] = useState<Kind | 'all'>('all');
  const [message, setMessage] = useState('');
  const loading = useAction({ onAuthError });
  const action = useAction({ onAuthError });
  const { run: runLoad } = loading;

  const loadRules = useCallback(async () => setRules(await api.classificationRules()), []);
  useEffect(() => {
    void runLoad(async () => {
      setPreview(null);
      setChanges({});
      const [previewed, , session] = await Promise.all([api.previewEvidence(assessmentId, format, file), loadRules(), api.signedInSession().catch(() => null)]);
      setPreview(previewed);
      // The rules are the whole organisation's: who may import may change them, unless restricted to one scope.
      const active = session?.active;
      setMayEdit(!!active && roleMay(active.role, 'evidence.import') && !active.scopeId);
    });
  }, [runLoad, assessmentId, format, file, loadRules]);

  const shown = useMemo(
    () => (preview?.identities ?? []).filter((identity) => filter === 'all' || (changes[identity.key] ?? identity.kind) === filter),
    [preview, filter, changes],
  );

  const setKind = (key: string, original: Kind, kind: ClassifiedKind) =>
    setChanges((current) => {
      const next = { ...current };
      if (kind === original) delete next[key];
      else next[key] = kind;
      return next;
    });
  const changed = Object.keys(changes).length;

  const finish = (record: EvidenceImport) => {
    onImported(record);
    onClose();
  };
  const importOnly = () => void action.run(async () => finish(await api.importEvidence(assessmentId, format, file)));
  const saveAndImport = () =>
    void action.run(async () => {
      setMessage('');
      const current = rules ?? (await api.classificationRules());
      const corrections = new Map(current.corrections.map((c) => [c.identity, c.kind]));
      for (const [identity, kind] of Object.entries(changes)) corrections.set(identity, kind);
      try {
        setRules(
          await api.setClassificationRules({
            revision: current.revision,
            tagKey: current.tagKey,
            namingRules: current.namingRules,
            corrections: [...corrections].map(([identity, kind]) => ({ identity, kind })),
          }),
        );
      } catch (e) {
        if (e instanceof ApiError && e.code === 'revision_conflict') {
          await loadRules();
          setMessage(CONFLICT);
          return;
        }
        throw e;
      }
      finish(await api.importEvidence(assessmentId, format, file));
    });

  const counts = preview?.counts;
  return (
    <section className="classification-review" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Review the classification of {file.name}</h3>
      {loading.error ? <ProblemNotice error={loading.error} /> : null}
      {!preview ? (
        loading.error ? null : (
          <p aria-busy="true">Reading the file…</p>
        )
      ) : (
        <>
          <p>
            {preview.total.toLocaleString('en')} identities: {counts!.agent} agents, {counts!.human} people, {counts!.workload} other workloads,{' '}
            {counts!.unknown} unclassified (classification rules revision {preview.rulesRevision}). Only agents are measured. Nothing is stored until you
            import.
          </p>
          {preview.truncated ? (
            <p className="hint">
              The first {preview.identities.length.toLocaleString('en')} identities are listed, agents and unclassified ones first; the counts cover the whole
              file.
            </p>
          ) : null}
          <label htmlFor={`${id}-filter`}>Show</label>
          <select id={`${id}-filter`} value={filter} onChange={(e) => setFilter(e.target.value as Kind | 'all')}>
            <option value="all">All identities</option>
            {(['agent', 'unknown', 'human', 'workload'] as Kind[]).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls sideways on a narrow screen; keyboard users scroll it once it takes focus (axe scrollable-region-focusable) */}
          <section className="table-wrap" aria-label="Identities" tabIndex={0}>
            <table className="classification-table">
              <caption>Identities and their kinds{filter === 'all' ? '' : ` (${KIND_LABELS[filter]}: ${shown.length})`}</caption>
              <thead>
                <tr>
                  <th scope="col">Identity</th>
                  <th scope="col">Detail</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((identity, row) => {
                  const kind = changes[identity.key] ?? identity.kind;
                  const labelId = `${id}-name-${row}`;
                  return (
                    <tr key={identity.key} data-identity={identity.key} data-changed={changes[identity.key] ? 'true' : undefined}>
                      <th scope="row" id={labelId}>
                        {identity.name}
                        {identity.key !== identity.name ? (
                          <>
                            <br />
                            <span className="hint">{identity.key}</span>
                          </>
                        ) : null}
                      </th>
                      <td>{identity.detail}</td>
                      <td>
                        {mayEdit ? (
                          <select
                            aria-label={`Kind of ${identity.name}`}
                            value={kind}
                            onChange={(e) => setKind(identity.key, identity.kind, e.target.value as ClassifiedKind)}
                          >
                            {kind === 'unknown' ? <option value="unknown">Unclassified</option> : null}
                            {KINDS.map((k) => (
                              <option key={k.id} value={k.id}>
                                {k.label}
                              </option>
                            ))}
                          </select>
                        ) : (
                          KIND_LABELS[kind]
                        )}
                      </td>
                      <td>{changes[identity.key] ? 'your correction' : identity.reason}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          {!mayEdit ? <p className="hint">The classification rules are the whole organisation's: an owner changes them.</p> : null}
          <p role="status">{message || (changed ? `${changed} correction${changed === 1 ? '' : 's'} to save.` : '')}</p>
          <div className="actions">
            {mayEdit ? (
              <button type="button" onClick={saveAndImport} disabled={!changed || action.busy}>
                Save corrections and import
              </button>
            ) : null}
            <button type="button" className={mayEdit ? 'secondary' : undefined} onClick={importOnly} disabled={action.busy}>
              Import without changes
            </button>
            <button type="button" className="secondary" onClick={onClose} disabled={action.busy}>
              Cancel
            </button>
          </div>
          {action.error ? <ProblemNotice error={action.error} /> : null}
          {mayEdit && rules ? <ClassificationRulesForm rules={rules} onSaved={setRules} onReload={loadRules} onAuthError={onAuthError} /> : null}
        </>
      )}
    </section>
  );
}

interface FormProps {
  rules: ClassificationRules;
  onSaved: (rules: ClassificationRules) => void;
  onReload: () => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}

/** The tag key and naming rules (one `pattern = kind` a line), saved at the revision read; corrections are kept as they are. */
function ClassificationRulesForm({ rules, onSaved, onReload, onAuthError }: FormProps) {
  const id = useId();
  const [tagKey, setTagKey] = useState(rules.tagKey);
  const [text, setText] = useState(rules.namingRules.map((r) => `${r.pattern} = ${r.kind}`).join('\n'));
  const [message, setMessage] = useState('');
  const action = useAction({ onAuthError });
  useEffect(() => {
    setTagKey(rules.tagKey);
    setText(rules.namingRules.map((r) => `${r.pattern} = ${r.kind}`).join('\n'));
  }, [rules]);

  const save = () =>
    void action.run(async () => {
      setMessage('');
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const namingRules: ClassificationRules['namingRules'] = [];
      for (const [i, line] of lines.entries()) {
        const match = /^(.+?)\s*=\s*(agent|human|workload)$/i.exec(line);
        if (!match) {
          setMessage(`Line ${i + 1}: write a rule as "pattern = agent", "= human" or "= workload".`);
          return;
        }
        namingRules.push({ pattern: match[1]!, kind: match[2]!.toLowerCase() as ClassifiedKind });
      }
      try {
        onSaved(
          await api.setClassificationRules({ revision: rules.revision, tagKey: tagKey.trim() || undefined, namingRules, corrections: rules.corrections }),
        );
        setMessage('Rules saved. Review the file again to see them applied.');
      } catch (e) {
        if (e instanceof ApiError && e.code === 'revision_conflict') {
          await onReload();
          setMessage(CONFLICT);
          return;
        }
        throw e;
      }
    });

  return (
    <details className="classification-rules">
      <summary>Tag and naming rules</summary>
      <label htmlFor={`${id}-tag`}>Tag that names the kind</label>
      <input id={`${id}-tag`} value={tagKey} onChange={(e) => setTagKey(e.target.value)} maxLength={128} />
      <label htmlFor={`${id}-rules`}>Naming rules, one a line, first match wins (for example: svc-agent-* = agent)</label>
      <textarea id={`${id}-rules`} value={text} onChange={(e) => setText(e.target.value)} rows={4} />
      <button type="button" className="secondary" onClick={save} disabled={action.busy}>
        Save rules
      </button>
      <p role="status">{message}</p>
      {action.error ? <ProblemNotice error={action.error} /> : null}
    </details>
  );
}
