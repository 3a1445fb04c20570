/**
 * Evidence imports into a draft (issue 20, docs/evidence.md): upload an inventory file (an AWS
 * credential report or authorization details, a Microsoft Entra export, or AIM's agent inventory
 * template, downloadable here), and read back what AIM measured: identities by kind, facts with
 * their numerator and denominator, the answers they propose, and what changed since the last
 * import. Only those are kept, never the file.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { type Answer, api, type EvidenceFormat, type EvidenceImport, optionsOf, type QuestionnaireVersion, type StoredAnswer } from './api';
import { latestProposals } from './assurance-text';
import { ClassificationReview } from './ClassificationReview';
import { changeLines, readingText } from './evidence-text';
import { formatDateTime, saveFile } from './format';
import { ProblemNotice } from './ProblemNotice';
import { ProposalDecision } from './ProposalDecision';
import { useAction } from './useAction';

const FORMATS: { id: EvidenceFormat; label: string; accept: string }[] = [
  { id: 'aws-credential-report', label: 'AWS IAM credential report (CSV)', accept: '.csv,text/csv' },
  { id: 'aws-authorization-details', label: 'AWS IAM account authorization details (JSON)', accept: '.json,application/json' },
  { id: 'entra', label: 'Microsoft Entra service principals or applications (JSON)', accept: '.json,application/json' },
  { id: 'aim-template', label: 'AIM agent inventory template (CSV)', accept: '.csv,text/csv' },
];

interface Props {
  assessmentId: string;
  questionnaire: QuestionnaireVersion;
  onAuthError: (e: unknown) => boolean;
  /** Deciding on the proposals (issue 20, "Assurance"): the answers the server holds, and a save through the page's saver. */
  decisions?: ProposalDecisions;
}

export interface ProposalDecisions {
  stored: Record<string, StoredAnswer>;
  /** Saves one answer as any change on the page is saved (revision, conflicts); true once saved with no conflict. */
  save: (questionId: string, answer: Answer) => Promise<boolean>;
  /** Saving is impossible for now (a conflict to resolve, no connection). */
  blocked: boolean;
}

/** Files larger than this go through an upload instead of the request body. */
const LARGE_FILE_BYTES = 5 * 1024 * 1024;

export function EvidencePanel({ assessmentId, questionnaire, onAuthError, decisions }: Props) {
  const id = useId();
  const [imports, setImports] = useState<EvidenceImport[] | null>(null);
  const [format, setFormat] = useState<EvidenceFormat>('aws-credential-report');
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState('');
  /** The file under review (ClassificationReview), until it is imported or the review is cancelled. */
  const [reviewing, setReviewing] = useState<{ file: File; format: EvidenceFormat } | null>(null);
  const loading = useAction({ onAuthError });
  const action = useAction({ onAuthError });
  const { run: runLoad } = loading;

  const load = useCallback(() => runLoad(async () => setImports((await api.evidenceImports(assessmentId)).imports)), [runLoad, assessmentId]);
  useEffect(() => {
    void load();
  }, [load]);

  const questions = questionnaire.domains.flatMap((d) => d.questions);
  const describeProposal = (questionId: string, value: string | null) => {
    const question = questions.find((q) => q.id === questionId);
    if (!question) return value ?? questionId;
    if (value === null) return question.prompt;
    return optionsOf(question).find((o) => o.id === value)?.label ?? value;
  };

  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void action.run(async () => {
      setStatus('');
      // Over 5 MB through an upload (the request body limit stops big files; docs/evidence.md, "Large files").
      imported(await (file.size > LARGE_FILE_BYTES ? api.importLargeEvidence : api.importEvidence)(assessmentId, format, file));
    });
  };
  function imported(record: EvidenceImport) {
    setImports((current) => [record, ...(current ?? [])]);
    setStatus(`Imported ${record.fileName}: ${record.identities.agent} agent identities measured.`);
  }
  const downloadTemplate = () =>
    void action.run(async () => {
      const { blob, filename } = await api.evidenceTemplate();
      saveFile(blob, filename ?? 'aim-agent-inventory-template.csv');
    });

  return (
    <section className="evidence" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Evidence from your identity systems</h2>
      <p>
        Import an inventory to measure what can be measured: AIM reads the file as it arrives, keeps only the facts below and the file's SHA-256, never the file
        or its identities, and refuses a file that holds anything like a secret.
      </p>
      <form onSubmit={upload} className="evidence-upload">
        <label htmlFor={`${id}-format`}>What the file is</label>
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as EvidenceFormat)}>
          {FORMATS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-file`}>File</label>
        <input id={`${id}-file`} type="file" accept={FORMATS.find((f) => f.id === format)?.accept} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!file || action.busy}>
          Import
        </button>
        <button type="button" className="secondary" onClick={() => file && setReviewing({ file, format })} disabled={!file || action.busy}>
          Review classification
        </button>
        <button type="button" className="secondary" onClick={downloadTemplate} disabled={action.busy}>
          Download the agent inventory template
        </button>
      </form>
      {reviewing ? (
        <ClassificationReview
          assessmentId={assessmentId}
          format={reviewing.format}
          file={reviewing.file}
          onImported={imported}
          onClose={() => setReviewing(null)}
          onAuthError={onAuthError}
        />
      ) : null}
      <p role="status">{status}</p>
      {action.error ? <ProblemNotice error={action.error} /> : null}
      {loading.error ? <ProblemNotice error={loading.error} /> : null}
      {decisions && imports?.length ? <ProposalDecisionList imports={imports} questions={questions} decisions={decisions} headingId={`${id}-decide`} /> : null}
      {imports === null ? (
        <p aria-busy="true">Loading the imports…</p>
      ) : imports.length === 0 ? (
        <p>No file imported into this assessment yet.</p>
      ) : (
        <ol className="evidence-imports">
          {imports.map((record, index) => (
            <EvidenceImportView key={record.id} record={record} open={index === 0} describeProposal={describeProposal} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** One decision per question some import proposes an answer to, the latest import speaking for it. */
function ProposalDecisionList({
  imports,
  questions,
  decisions,
  headingId,
}: {
  imports: EvidenceImport[];
  questions: QuestionnaireVersion['domains'][number]['questions'];
  decisions: ProposalDecisions;
  headingId: string;
}) {
  const latest = latestProposals(imports).flatMap(({ record, proposal }) => {
    const question = questions.find((q) => q.id === proposal.questionId);
    return question ? [{ record, proposal, question }] : [];
  });
  if (!latest.length) return null;
  return (
    <section className="proposal-decisions" aria-labelledby={headingId}>
      <h3 id={headingId}>Decide on the proposed answers</h3>
      <p className="hint">
        Accept a proposal and the answer is evidence-backed, naming the file behind it. Answer otherwise and it is self-attested, with your reason.
      </p>
      <ul>
        {latest.map(({ record, proposal, question }) => (
          <ProposalDecision
            key={question.id}
            question={question}
            proposal={proposal}
            importId={record.id}
            stored={decisions.stored[question.id]}
            save={(answer) => decisions.save(question.id, answer)}
            disabled={decisions.blocked}
          />
        ))}
      </ul>
    </section>
  );
}

interface ImportProps {
  record: EvidenceImport;
  /** The newest import starts open; earlier ones fold away. */
  open: boolean;
  describeProposal: (questionId: string, value: string | null) => string;
}

function EvidenceImportView({ record, open, describeProposal }: ImportProps) {
  const { agent, human, workload, unknown } = record.identities;
  const factName = (factId: string) => record.facts.find((f) => f.id === factId)?.description ?? factId;
  const changes = record.sinceLastImport;
  return (
    <li className="evidence-import">
      <h3>
        {record.fileName} <span className="hint">({formatDateTime(record.importedAt)})</span>
      </h3>
      <p>
        {agent} agent identities, {human} people's accounts, {workload} other workloads, {unknown} unclassified. SHA-256{' '}
        <code>{record.sha256.slice(0, 12)}</code>.
      </p>
      <details open={open}>
        <summary>Facts, proposed answers and changes</summary>
        <table className="evidence-facts">
          <caption>Facts over the agent identities</caption>
          <thead>
            <tr>
              <th scope="col">Fact</th>
              <th scope="col">Measured</th>
            </tr>
          </thead>
          <tbody>
            {record.facts.map((f) => (
              <tr key={f.id} data-fact={f.id}>
                <th scope="row">{f.description}</th>
                <td>{readingText(f.unit, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {record.proposals.length ? (
          <>
            <h4>Proposed answers</h4>
            <ul className="evidence-proposals">
              {record.proposals.map((p) => (
                <li key={p.questionId} data-question={p.questionId}>
                  <strong>{describeProposal(p.questionId, null)}</strong>: {describeProposal(p.questionId, p.value)}. <span className="hint">{p.evidence}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>No answer can be decided from this file alone.</p>
        )}
        {changes ? (
          <div className="evidence-changes">
            <h4>
              Since {changes.fileName} ({formatDateTime(changes.importedAt)})
            </h4>
            {changes.sameFile ? <p>The same file as then (the same SHA-256).</p> : null}
            {changeLines(changes, factName, describeProposal).length ? (
              <ul>
                {changeLines(changes, factName, describeProposal).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              <p>Nothing measured has changed.</p>
            )}
          </div>
        ) : null}
      </details>
    </li>
  );
}
