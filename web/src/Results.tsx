import { useId, useState } from 'react';
import { api, levelName, type Assessment, type QuestionnaireVersion } from './api';
import { ProblemNotice } from './ProblemNotice';

interface Props {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  onAuthError: (e: unknown) => boolean;
}

export function Results({ assessment, questionnaire, onAuthError }: Props) {
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const scores = assessment.scores;

  async function download() {
    setDownloading(true);
    setError(null);
    try {
      const blob = await api.reportPdf(assessment.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `aim-report-${assessment.id}.pdf`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      if (!onAuthError(e)) setError(e);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>Your results</h1>
      <p className="lead">
        {questionnaire.title}, version {questionnaire.version}
        {assessment.submittedAt ? `, submitted ${new Date(assessment.submittedAt).toLocaleString()}` : ''}.
      </p>
      {scores ? (
        <>
          <section className="card overall" aria-labelledby={`${id}-overall`}>
            <h2 id={`${id}-overall`}>Overall maturity</h2>
            <p className="overall-score">
              <span className="level-number">Level {scores.overall.level}</span>{' '}
              <span className="level-name">{levelName(scores.overall.level)}</span>
            </p>
            <p>Score {scores.overall.score.toFixed(2)} out of 5</p>
          </section>
          <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
            <table>
              <caption id={`${id}-caption`}>Maturity by domain</caption>
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col" className="num">Score</th>
                  <th scope="col">Level</th>
                </tr>
              </thead>
              <tbody>
                {questionnaire.domains.map((d) => {
                  const s = scores.domains[d.id];
                  return (
                    <tr key={d.id}>
                      <th scope="row">{d.title}</th>
                      <td className="num">{s ? s.score.toFixed(2) : '–'}</td>
                      <td>{s ? `${s.level} ${levelName(s.level)}` : 'Not scored'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>Scores are not available for this assessment.</p>
      )}
      <ProblemNotice error={error} />
      <div className="actions">
        <button type="button" onClick={download} disabled={downloading} aria-describedby={`${id}-pdf`}>
          {downloading ? 'Preparing report…' : 'Download PDF report'}
        </button>
        <a href="#/">Back to your assessments</a>
      </div>
      <p className="hint" id={`${id}-pdf`}>A PDF of these results to share with your team.</p>
    </>
  );
}
