import { useEffect, useState } from 'react';
import type { Answer, Question } from './api';

export interface QuestionProps {
  question: Question;
  answer: Answer | undefined;
  error?: string;
  /** `delayMs` > 0 for typing, so a save is not sent per key. */
  onChange: (answer: Answer | null, delayMs?: number) => void;
  onCommit: () => void;
}

export const questionDomId = (questionId: string) => `q-${questionId}`;

/** One question: a radio group, checkboxes, a number or a text box, with its help and error. */
export function QuestionField(props: QuestionProps) {
  const { question, error } = props;
  const base = questionDomId(question.id);
  const describedBy = [question.help ? `${base}-help` : '', error ? `${base}-error` : ''].filter(Boolean).join(' ') || undefined;
  const optional = question.required === false ? <span className="optional"> (optional)</span> : null;
  const help = question.help ? <p className="hint" id={`${base}-help`}>{question.help}</p> : null;
  const errorText = error ? <p className="field-error" id={`${base}-error`}>{error}</p> : null;

  if (question.type === 'number' || question.type === 'text') {
    return (
      <div className={`question${error ? ' has-error' : ''}`} id={base}>
        <label htmlFor={`${base}-input`} className="prompt">
          {question.prompt}
          {question.type === 'number' && question.unit ? ` (${question.unit})` : ''}
          {optional}
        </label>
        {help}
        {errorText}
        {question.type === 'number' ? (
          <NumberInput {...props} id={`${base}-input`} describedBy={describedBy} />
        ) : (
          <TextInput {...props} id={`${base}-input`} describedBy={describedBy} />
        )}
      </div>
    );
  }

  const multi = question.type === 'multi';
  const value = props.answer?.value;
  const selected = new Set(Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);
  const choose = (optionId: string, checked: boolean) => {
    if (!multi) return props.onChange({ value: optionId });
    const next = new Set(selected);
    if (checked) next.add(optionId);
    else next.delete(optionId);
    const ordered = (question.options ?? []).map((o) => o.id).filter((id) => next.has(id));
    props.onChange(ordered.length ? { value: ordered } : null);
  };

  return (
    <fieldset
      className={`question${error ? ' has-error' : ''}${question.type === 'yesno' ? ' inline-options' : ''}`}
      id={base}
      aria-describedby={describedBy}
      aria-required={!multi && question.required !== false ? true : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="prompt">
        {question.prompt}
        {optional}
      </legend>
      {help}
      {errorText}
      {multi ? <p className="hint">Select all that apply.</p> : null}
      <div className="options">
        {(question.options ?? []).map((option) => (
          <label key={option.id} className="option">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={base}
              value={option.id}
              checked={selected.has(option.id)}
              onChange={(e) => choose(option.id, e.target.checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type InputProps = QuestionProps & { id: string; describedBy: string | undefined };

function NumberInput({ question, answer, onChange, onCommit, id, describedBy, error }: InputProps) {
  const stored = typeof answer?.value === 'number' ? String(answer.value) : '';
  const [text, setText] = useState(stored);
  const [local, setLocal] = useState<string | null>(null);
  // Follow the stored answer (a reload, a conflict) without undoing what is being typed.
  useEffect(() => setText((t) => (t.trim() !== '' && Number(t) === answer?.value ? t : stored)), [stored]);

  const update = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setLocal(null);
      onChange(null, 600);
      return;
    }
    const n = Number(next);
    const min = question.min ?? -Infinity;
    const max = question.max ?? Infinity;
    if (!Number.isFinite(n) || n < min || n > max) {
      setLocal(`Enter a number from ${question.min ?? ''} to ${question.max ?? ''}.`);
      return;
    }
    setLocal(null);
    onChange({ value: n }, 600);
  };

  return (
    <>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={question.min}
        max={question.max}
        value={text}
        aria-invalid={error || local ? true : undefined}
        aria-describedby={[describedBy, local ? `${id}-local` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => update(e.target.value)}
        onBlur={onCommit}
      />
      {local ? <p className="field-error" id={`${id}-local`}>{local}</p> : null}
    </>
  );
}

function TextInput({ question, answer, onChange, onCommit, id, describedBy, error }: InputProps) {
  const stored = typeof answer?.value === 'string' ? answer.value : '';
  const [text, setText] = useState(stored);
  useEffect(() => setText((t) => (t.trim() === stored.trim() ? t : stored)), [stored]);
  return (
    <textarea
      id={id}
      rows={3}
      maxLength={question.maxLength ?? 2000}
      value={text}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.trim() ? { value: e.target.value } : null, 800);
      }}
      onBlur={onCommit}
    />
  );
}
