/**
 * Report download (issue 21): a report is rendered once, off the stream, when its assessment
 * is submitted, and a download serves the stored bytes. Runs the platform in process (as
 * bench/load.ts does, its own in-memory DynamoDB Local, reports in a temporary directory),
 * submits one assessment, waits for the stream to render its report, then alternates
 * `GET /v1/assessments/{id}` and `GET /v1/assessments/{id}/report.pdf` (the stored, current
 * report) and compares their medians. Target: download ≤ 2× the assessment read.
 * Writes its section of bench/RESULTS.md.
 */
import '../functions/local/quiet-warnings';
import { cpus } from 'node:os';
import { startPlatform } from '../functions/local/platform';
import { completeAnswers, type ServedQuestionnaire } from '../test/support/answering';
import { writeResultsSection } from './results-section';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
/** Reports the stream renders for a submission (services/reports.ts renderSubmitted): two cohorts. */
const SUBMISSION_RENDERS = 2;
/** Before issue 21 every download rendered the whole report (bench:report, the full report's median render). */
const WAS = 'every download rendered the report: full report median render 1.7–2.1 s (issue 21), 4286 ms in the last bench:report run on a loaded machine';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  let renders = 0;
  const platform = await startPlatform({
    port: 0,
    webDir: 'web/dist',
    // The key goes to the API itself, as the API tests' keys do (both sides of the ratio alike).
    env: { AIM_STATIC_KEYS_ON_API: 'accepted' },
    renderer: {
      render: async (model) => {
        renders += 1;
        return (await import('../functions/adapters/pdf')).renderReportPdf(model);
      },
    },
  });
  try {
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${platform.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${new TextDecoder().decode(bytes)}`);
      return { res, bytes };
    };
    const json = async (method: string, path: string, token?: string, body?: unknown) =>
      JSON.parse(new TextDecoder().decode((await call(method, path, token, body)).bytes));
    const org = await json('POST', '/v1/organisations', undefined, {
      name: 'Download Bench Ltd',
      industry: 'technology',
      sizeBand: '50-249',
      region: 'europe',
    });
    const token: string = org.token.secret;
    const questionnaire: ServedQuestionnaire = await json('GET', '/v1/questionnaires/agent-identity/versions/1.0.0');
    const { id } = await json('POST', '/v1/assessments', token, { questionnaireId: 'agent-identity', version: '1.0.0' });
    await json('PATCH', `/v1/assessments/${id}/answers`, token, { revision: 0, answers: completeAnswers(questionnaire, (n) => n - 1) });
    await json('POST', `/v1/assessments/${id}/submit`, token);
    console.log('waiting for the stream to render the report…');
    await platform.drainStream();
    // One report per cohort rendered on submission: the organisation's own industry (the web app's first) and every organisation (this one).
    if (renders !== SUBMISSION_RENDERS) throw new Error(`expected the stream to render ${SUBMISSION_RENDERS} reports, rendered ${renders}`);

    const read: number[] = [];
    const download: number[] = [];
    let size = 0;
    // Warm-up, then alternate so that both see the same machine load.
    for (let i = 0; i < 20; i++) {
      await call('GET', `/v1/assessments/${id}`, token);
      await call('GET', `/v1/assessments/${id}/report.pdf`, token);
    }
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      await call('GET', `/v1/assessments/${id}`, token);
      read.push(performance.now() - t);
      t = performance.now();
      const { res, bytes } = await call('GET', `/v1/assessments/${id}/report.pdf`, token);
      download.push(performance.now() - t);
      size = bytes.byteLength;
      if (res.headers.get('aim-report-current') !== 'true') throw new Error('the stored report is not current');
    }
    if (renders !== SUBMISSION_RENDERS) throw new Error(`downloads rendered again (${renders - SUBMISSION_RENDERS} renders)`);
    const readMs = median(read);
    const downloadMs = median(download);
    const ratio = downloadMs / readMs;
    const date = new Date().toISOString().slice(0, 10);
    console.log(
      `GET assessment median ${readMs.toFixed(2)} ms; stored report download median ${downloadMs.toFixed(2)} ms (${(size / 1024).toFixed(1)} kB); ratio ${ratio.toFixed(2)}×`,
    );
    writeResultsSection(
      'report-download',
      `<!-- bench:report-download:start -->
## Report download (\`npm run bench:report-download\`)

${date}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}; the platform in process with an in-memory
DynamoDB Local, reports stored in the data directory's stand-in (a temporary directory). One submitted assessment, its reports
rendered once off the stream (two cohorts: the organisation's own industry and every organisation, this one); then ${ROUNDS} rounds alternating \`GET /v1/assessments/{id}\` and \`GET /v1/assessments/{id}/report.pdf\`
(the stored, current report), one request at a time, with a key's bearer token (AIM_STATIC_KEYS_ON_API=accepted). Renders during the downloads: ${renders - SUBMISSION_RENDERS}.
Target: download median ≤ 2× the assessment read.

| figure | this run | was |
| --- | --- | --- |
| GET /v1/assessments/{id}, median | ${readMs.toFixed(2)} ms | |
| GET …/report.pdf (stored, ${(size / 1024).toFixed(1)} kB), median | ${downloadMs.toFixed(2)} ms | ${WAS} |
| **ratio download / assessment read** | **${ratio.toFixed(2)}×** | |
<!-- bench:report-download:end -->`,
    );
  } finally {
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
