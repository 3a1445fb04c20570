import { useEffect, useId, useState } from 'react';
import { toggleChoice } from '../../functions/contract/rules';
import { ANSWER_LIMITS, type Answer, optionsOf, type Question, type StoredAnswer } from './api';
import { AssuranceDetail } from './AssuranceBadge';
import { describeAnswer, describeActor, formatDateTime } from './format';
import type { Conflict } from './useSaver';
import { evidenceLink, evidenceProblem } from './visibility';

export interface QuestionProps {
  question: Question;
  answer: Answer | undefined;
  /** The answer as the server holds it: an agent's save is said so (who, for whom, when). */
  stored?: StoredAnswer;
  error?: string;
  readOnly?: boolean;
  conflict?: Conflict;
  /** `delayMs` > 0 for typing, so a save is not sent per key. */
  onChange: (answer: Answer | null, delayMs?: number) => void;
  onCommit: () => void;
  onResolve: (choice: 'mine' | 'theirs') => void;
}

export const questionDomId = (questionId: string) => `q-${questionId}`;

/** Drops empty extras so the saved answer is exactly what the respondent gave. */
export function tidy(answer: Answer): Answer {
  const out: Answer = {};
  if (answer.notApplicable) {
    out.notApplicable = true;
    if (answer.reason !== undefined) out.reason = answer.reason;
  } else if (answer.value !== undefined) out.value = answer.value;
  if (answer.comment?.trim()) out.comment = answer.comment;
  if (answer.evidence?.length) out.evidence = answer.evidence;
  return out;
}

/** One question: its choices, help, "not applicable" with a reason, a comment and evidence links. */
export function QuestionField(props: QuestionProps) {
  const { question, error, readOnly, answer, conflict, stored } = props;
  const base = questionDomId(question.id);
  const notApplicable = !!answer?.notApplicable;
  const describedBy = [error ? `${base}-error` : ''].filter(Boolean).join(' ') || undefined;
  const update = (patch: Partial<Answer>, delayMs = 0) => props.onChange(tidy({ ...answer, ...patch }), delayMs);

  return (
    <div className={`question${error ? ' has-error' : ''}${conflict ? ' has-conflict' : ''}`} id={base}>
      <fieldset
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        disabled={readOnly}
        className={question.type === 'yesno' ? 'inline-options' : undefined}
      >
        <legend className="prompt">
          {question.prompt}
          {question.required === false ? <span className="optional"> (optional)</span> : null}
        </legend>
        {question.help ? (
          <details className="help">
            <summary>About this question</summary>
            <p>{question.help}</p>
          </details>
        ) : null}
        {error ? (
          <p className="field-error" id={`${base}-error`}>
            {error}
          </p>
        ) : null}
        <Choices {...props} disabled={notApplicable} />
        {question.allowNotApplicable ? <NotApplicable {...props} update={update} /> : null}
      </fieldset>
      {stored?.updatedBy.actorType === 'agent' ? (
        <p className="hint saved-by" data-testid="saved-by">
          Saved by {describeActor(stored.updatedBy)}, {formatDateTime(stored.updatedAt)}.
        </p>
      ) : null}
      {/* Issue 20: an answer accepted from imported evidence, or given otherwise with a reason. */}
      {stored && (stored.assurance === 'evidence' || stored.assuranceReason) ? (
        <p className="hint" data-testid="answer-assurance">
          <AssuranceDetail answer={stored} />
        </p>
      ) : null}
      <Extras {...props} update={update} />
      {conflict ? <ConflictChoice question={question} conflict={conflict} onResolve={props.onResolve} /> : null}
    </div>
  );
}

type WithUpdate = QuestionProps & { update: (patch: Partial<Answer>, delayMs?: number) => void };

function Choices({ question, answer, onChange, disabled }: QuestionProps & { disabled: boolean }) {
  const multi = question.type === 'multi';
  const value = answer?.value;
  const selected = new Set(Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);
  const extras = { comment: answer?.comment, evidence: answer?.evidence };
  const choose = (optionId: string, checked: boolean) => {
    if (!multi) return onChange(tidy({ ...extras, value: optionId }));
    // An exclusive option ("none prepared") stands alone, as the server requires.
    const ordered = toggleChoice(optionsOf(question), [...selected], optionId, checked);
    onChange(ordered.length ? tidy({ ...extras, value: ordered }) : null);
  };
  const essentials = essentialHints(question);
  return (
    <>
      {multi ? <p className="hint">Select all that apply.</p> : null}
      {essentials.map((hint) => (
        <p key={hint} className="hint" data-testid="essential-hint">
          {hint}
        </p>
      ))}
      <div className="options">
        {optionsOf(question).map((option) => (
          <label key={option.id} className="option">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={questionDomId(question.id)}
              value={option.id}
              checked={selected.has(option.id)}
              disabled={disabled}
              onChange={(e) => choose(option.id, e.target.checked)}
            />
            <span>
              {option.label}
              {multi && option.essential === true && option.exclusive !== true ? <span className="essential"> (essential)</span> : null}
            </span>
          </label>
        ))}
      </div>
    </>
  );
}

/**
 * What leaving out an essential action costs (scoring method 2, docs/scoring.md): one line per
 * level, e.g. "Leaving out “Revoke…” or “Disable…” holds this answer at level 2 at most."
 */
export function essentialHints(question: Question): string[] {
  if (question.type !== 'multi') return [];
  const byLevel = new Map<number, string[]>();
  for (const o of optionsOf(question))
    if (o.essential === true && o.exclusive !== true) byLevel.set(o.level, [...(byLevel.get(o.level) ?? []), `“${o.label}”`]);
  return [...byLevel]
    .sort(([a], [b]) => a - b)
    .map(([level, labels]) => `Essential: leaving out ${labels.join(' or ')} holds this answer at level ${Math.max(1, level - 1)} at most.`);
}

/** Typing stays local and is saved after a pause; a change from the server (reload, conflict) replaces it. */
function useDraftText(stored: string) {
  const [text, setText] = useState(stored);
  useEffect(() => setText((t) => (t.trim() === stored.trim() ? t : stored)), [stored]);
  return [text, setText] as const;
}

function NotApplicable({ question, answer, update, onCommit, readOnly }: WithUpdate) {
  const base = questionDomId(question.id);
  const checked = !!answer?.notApplicable;
  const [reason, setReason] = useDraftText(answer?.reason ?? '');
  return (
    <div className="not-applicable">
      <label className="option">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) =>
            update(e.target.checked ? { notApplicable: true, value: undefined, reason: reason || undefined } : { notApplicable: false, reason: undefined })
          }
        />
        <span>Not applicable to us</span>
      </label>
      {checked ? (
        <div className="field">
          <label htmlFor={`${base}-reason`}>Why does this not apply?</label>
          <textarea
            id={`${base}-reason`}
            rows={2}
            maxLength={ANSWER_LIMITS.reasonLength}
            value={reason}
            readOnly={readOnly}
            aria-describedby={!reason.trim() ? `${base}-reason-hint` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              update({ notApplicable: true, reason: e.target.value.trim() ? e.target.value : undefined }, 800);
            }}
            onBlur={onCommit}
          />
          {!reason.trim() ? (
            <p className="hint" id={`${base}-reason-hint`}>
              Saved once you give a reason.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Extras({ question, answer, update, onCommit, readOnly }: WithUpdate) {
  const base = questionDomId(question.id);
  const [comment, setComment] = useDraftText(answer?.comment ?? '');
  const [link, setLink] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const evidence = answer?.evidence ?? [];
  const hasAnswer = !!answer && (answer.notApplicable || answer.value !== undefined);
  const count = (answer?.comment?.trim() ? 1 : 0) + evidence.length;

  const addLink = () => {
    const problem = evidenceProblem(link);
    const url = evidenceLink(link);
    if (!problem && evidence.includes(url)) return setLinkError('That link is already listed.');
    if (!problem && evidence.length >= ANSWER_LIMITS.evidenceLinks) return setLinkError(`At most ${ANSWER_LIMITS.evidenceLinks} links per question.`);
    setLinkError(problem);
    if (problem) return;
    update({ evidence: [...evidence, url] });
    setLink('');
  };

  if (readOnly && count === 0) return null;
  return (
    <details className="extras" open={count > 0 || undefined}>
      <summary>Comment and evidence{count ? ` (${count})` : ''}</summary>
      {!hasAnswer && !readOnly ? <p className="hint">Choose an answer first: comments and links are saved with it.</p> : null}
      <div className="field">
        <label htmlFor={`${base}-comment`}>Comment</label>
        <textarea
          id={`${base}-comment`}
          rows={2}
          maxLength={ANSWER_LIMITS.commentLength}
          value={comment}
          readOnly={readOnly}
          onChange={(e) => {
            setComment(e.target.value);
            update({ comment: e.target.value }, 800);
          }}
          onBlur={onCommit}
        />
      </div>
      {evidence.length ? (
        <ul className="evidence" aria-label="Evidence links">
          {evidence.map((url) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noopener noreferrer">
                {url}
              </a>
              {!readOnly ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove link ${url}`}
                  onClick={() => update({ evidence: evidence.filter((u) => u !== url) })}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!readOnly ? (
        <div className="field">
          <label htmlFor={`${base}-link`}>Evidence link</label>
          <div className="inline-field">
            <input
              id={`${base}-link`}
              type="url"
              inputMode="url"
              placeholder="https://"
              value={link}
              aria-invalid={linkError ? true : undefined}
              aria-describedby={linkError ? `${base}-link-error` : undefined}
              onChange={(e) => setLink(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addLink();
                }
              }}
            />
            <button type="button" className="secondary" onClick={addLink}>
              Add link
            </button>
          </div>
          {linkError ? (
            <p className="field-error" id={`${base}-link-error`}>
              {linkError}
            </p>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}

function ConflictChoice({ question, conflict, onResolve }: { question: Question; conflict: Conflict; onResolve: (c: 'mine' | 'theirs') => void }) {
  const id = useId();
  const theirs: StoredAnswer | undefined = conflict.theirs;
  const who = theirs?.updatedBy ? describeActor(theirs.updatedBy) : 'Someone else';
  return (
    <fieldset className="conflict" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="conflict-title">
        <strong>{who}</strong> changed this answer{theirs?.updatedAt ? ` at ${formatDateTime(theirs.updatedAt)}` : ''} while you were editing it.
      </p>
      <dl className="conflict-answers">
        <dt>Their answer</dt>
        <dd data-testid="conflict-theirs">{describeAnswer(question, theirs)}</dd>
        <dt>Your answer</dt>
        <dd data-testid="conflict-mine">{describeAnswer(question, conflict.mine)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => onResolve('mine')}>
          Keep mine
        </button>
        <button type="button" className="secondary" onClick={() => onResolve('theirs')}>
          Take theirs
        </button>
      </div>
    </fieldset>
  );
}
