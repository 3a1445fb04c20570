/**
 * Deciding on one proposed answer (issue 20, docs/evidence.md, "Assurance"): the question, the
 * option the latest import proposes with its evidence sentence, and the answer held now with its
 * assurance. **Accept** saves the proposal as an evidence-backed answer (`evidenceImportId`);
 * **Answer otherwise** saves another option with a required reason (`assuranceReason`), a
 * self-attested answer. Both go through the assessment page's saver, so the revision and a
 * colleague's conflicting change behave as for any answer.
 */
import { type FormEvent, useId, useState } from 'react';
import { ANSWER_LIMITS, type Answer, type EvidenceImport, optionsOf, type Question, type StoredAnswer } from './api';
import { AssuranceBadge } from './AssuranceBadge';
import { decisionState } from './assurance-text';
import { describeAnswer } from './format';

/** The longest reason for answering otherwise (`assuranceReason`: the not-applicable reason's limit, 500). */
const MAX_ASSURANCE_REASON = ANSWER_LIMITS.reasonLength;

type Proposal = EvidenceImport['proposals'][number];

interface Props {
  question: Question;
  proposal: Proposal;
  importId: string;
  /** The answer the server holds for the question. */
  stored: StoredAnswer | undefined;
  /** Saves one answer through the page's saver; true once it is saved with no conflict. */
  save: (answer: Answer) => Promise<boolean>;
  disabled: boolean;
}

export function ProposalDecision({ question, proposal, importId, stored, save, disabled }: Props) {
  const id = useId();
  const options = optionsOf(question);
  const proposedLabel = options.find((o) => o.id === proposal.value)?.label ?? proposal.value;
  const [otherwise, setOtherwise] = useState(false);
  const [value, setValue] = useState(() => options.find((o) => o.id !== proposal.value)?.id ?? '');
  const [reason, setReason] = useState('');
  /** The last decision sent and how it went; what it says follows the answer the server then holds. */
  const [decided, setDecided] = useState<{ kind: 'accept' | 'otherwise'; outcome: 'saving' | 'saved' | 'failed' } | null>(null);
  const busy = decided?.outcome === 'saving';
  const state = decisionState(stored, proposal, importId);
  const status = statusText(decided, state);

  /** What the respondent already wrote alongside the answer stays with it. */
  const kept = (): Answer => ({
    ...(stored?.comment?.trim() ? { comment: stored.comment } : {}),
    ...(stored?.evidence?.length ? { evidence: stored.evidence } : {}),
  });

  async function decide(kind: 'accept' | 'otherwise', answer: Answer) {
    setDecided({ kind, outcome: 'saving' });
    let saved = false;
    try {
      saved = await save(answer);
    } finally {
      setDecided({ kind, outcome: saved ? 'saved' : 'failed' });
    }
    if (saved) setOtherwise(false);
  }

  const accept = () => void decide('accept', { ...kept(), value: proposal.value, evidenceImportId: importId });
  const submitOtherwise = (e: FormEvent) => {
    e.preventDefault();
    if (!value || !reason.trim()) return;
    void decide('otherwise', { ...kept(), value, assuranceReason: reason.trim() });
  };

  return (
    <li className="proposal-decision" data-question={question.id}>
      <p id={`${id}-prompt`} className="proposal-prompt">
        <strong>{question.prompt}</strong>
      </p>
      <p>
        Proposed: <strong>{proposedLabel}</strong>. <span className="hint">{proposal.evidence}</span>
      </p>
      <p data-testid="current-answer">
        Your answer: {stored ? describeAnswer(question, stored) : 'not answered yet'}
        {stored ? (
          <>
            {' '}
            <AssuranceBadge answer={stored} />
          </>
        ) : null}
        {stored?.assuranceReason ? <span className="hint"> Reason: {stored.assuranceReason}</span> : null}
      </p>
      <div className="actions">
        <button type="button" onClick={accept} disabled={disabled || busy || state === 'accepted'}>
          {state === 'accepted' ? 'Accepted' : 'Accept'}
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={otherwise}
          aria-controls={`${id}-otherwise`}
          onClick={() => setOtherwise((o) => !o)}
          disabled={disabled || busy}
        >
          Answer otherwise
        </button>
      </div>
      {otherwise ? (
        <form id={`${id}-otherwise`} className="proposal-otherwise" onSubmit={submitOtherwise}>
          <label htmlFor={`${id}-value`}>Your answer to “{question.prompt}”</label>
          <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
                {o.id === proposal.value ? ' (proposed)' : ''}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-reason`}>Why the evidence does not decide it (required)</label>
          <textarea
            id={`${id}-reason`}
            required
            maxLength={MAX_ASSURANCE_REASON}
            rows={3}
            value={reason}
            aria-describedby={`${id}-reason-count`}
            onChange={(e) => setReason(e.target.value)}
          />
          <p id={`${id}-reason-count`} className="hint">
            {reason.length} of {MAX_ASSURANCE_REASON} characters. The reason is kept with the answer and in the audit trail.
          </p>
          <div className="actions">
            <button type="submit" disabled={disabled || busy || !value || !reason.trim()}>
              Save this answer
            </button>
            <button type="button" className="secondary" onClick={() => setOtherwise(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <p role="status" className="proposal-status">
        {status}
      </p>
    </li>
  );
}

/** What the status line announces after a decision: what the server now holds, not only that a request went through. */
function statusText(decided: { kind: 'accept' | 'otherwise'; outcome: 'saving' | 'saved' | 'failed' } | null, state: ReturnType<typeof decisionState>): string {
  if (!decided) return '';
  if (decided.outcome === 'saving') return 'Saving…';
  // A decision saved later (a conflict resolved with "Keep mine") reads as saved.
  const held = decided.kind === 'accept' ? state === 'accepted' : state === 'otherwise';
  if (held) return decided.kind === 'accept' ? 'Accepted: evidence-backed.' : 'Answered otherwise: self-attested.';
  if (decided.outcome === 'failed') return 'Not saved: a colleague changed this answer meanwhile, or it could not be saved (see the top of the page).';
  return 'Someone else answered meanwhile: check the answer above and decide again.';
}
