/**
 * The whole report as one flowing page sequence: sections follow each other and
 * wrap onto new pages as they grow, so later sections can be added without fixed heights.
 */
import { Document, Page } from '@react-pdf/renderer';
import type { ReportModel } from '../../core/report-model';
import { CoverSummary } from './cover-summary';
import { DomainTable } from './domain-table';
import { PageFooter } from './page-footer';
import { Recommendations } from './recommendations';
import { styles } from './styles';

export function ReportDocument({ model, fontFamily }: { model: ReportModel; fontFamily: string }) {
  const org = model.cover.organisation.name;
  return (
    <Document
      title={`Agent identity maturity report: ${org}`}
      author="AIM"
      subject={`${model.cover.questionnaire.title} ${model.cover.questionnaire.version}`}
      creator="AIM"
      producer="AIM"
      language="en-GB"
      creationDate={new Date(model.generatedAt)}
      modificationDate={new Date(model.generatedAt)}
    >
      <Page size="A4" style={[styles.page, { fontFamily }]} wrap>
        <PageFooter reportId={model.reportId} />
        <CoverSummary model={model} />
        <DomainTable domains={model.domains} />
        <Recommendations controls={model.recommendations} />
      </Page>
    </Document>
  );
}
