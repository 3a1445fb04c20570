/**
 * The whole report: a cover page, then a wrapping page sequence per section that starts on
 * a new page (summary and chart, each domain, roadmap, method, appendix), numbered through.
 */
import { Document, Page, View } from '@react-pdf/renderer';
import type { ComponentProps, ReactNode } from 'react';
import type { ReportModel } from '../../core/report-model';
import { AnswerAssurance, showsAssurance } from './answer-assurance';
import { Appendix } from './appendix';
import { CohortChart } from './cohort-chart';
import { Cover } from './cover';
import { DomainPage } from './domain-page';
import { ExecutiveSummary } from './executive-summary';
import { PageFooter, PageHeader } from './page-frame';
import type { PageNumbering } from './page-numbering';
import { ImprovementPlan } from './plan-page';
import { planElsewhereText } from './plan-text';
import { intervalLabel } from './peer-figures';
import { Provenance } from './provenance';
import { Roadmap } from './roadmap';
import { styles } from './styles';
import { Trend } from './trend';

/**
 * A section that starts on a new page: its own wrapping Page with the header and footer.
 * One Page per section, not one Page for the whole report with `break` between sections:
 * react-pdf 4.9 lays out everything after a page break again at every break of a Page, so
 * one long Page costs time that grows with the square of its length.
 */
function SectionPage({
  style,
  organisation,
  questionnaire,
  reportId,
  numbering,
  fontFamily,
  children,
}: {
  style: ComponentProps<typeof Page>['style'];
  organisation: string;
  questionnaire: string;
  reportId: string;
  numbering: PageNumbering;
  fontFamily: string;
  children: ReactNode;
}) {
  return (
    <Page size="A4" style={style} wrap>
      <PageHeader organisation={organisation} questionnaire={questionnaire} />
      <PageFooter reportId={reportId} numbering={numbering} fontFamily={fontFamily} />
      {children}
    </Page>
  );
}

/**
 * `unprintedCharacters`: how many characters the embedded fonts cannot draw (printed as □).
 * `numbering`: this document's page numbers, checked by the caller after the render.
 */
export function ReportDocument({
  model,
  fontFamily,
  numbering,
  unprintedCharacters = 0,
}: {
  model: ReportModel;
  fontFamily: string;
  numbering: PageNumbering;
  unprintedCharacters?: number;
}) {
  const org = model.cover.organisation.name;
  const questionnaire = `${model.cover.questionnaire.title} ${model.cover.questionnaire.version}`;
  const interval = intervalLabel(model.cover.cohort);
  // Figures from a release carry an interval; synthetic demo figures are exact.
  const noisy = model.cover.cohort.status === 'available' && model.cover.cohort.release !== undefined;
  const controls = new Map(model.recommendations.map((c) => [c.id, c]));
  const titles = new Map(model.recommendations.map((c) => [c.id, c.title]));
  const pageStyle = [styles.page, { fontFamily }];
  return (
    <Document
      title={`Agent identity maturity report: ${org}`}
      author="AIM"
      subject={questionnaire}
      keywords={`report ${model.reportId} sha256 ${model.provenance.sha256}`}
      creator="AIM"
      producer="AIM"
      language="en-GB"
      creationDate={new Date(model.generatedAt)}
      modificationDate={new Date(model.generatedAt)}
    >
      <Page size="A4" style={[styles.coverPage, { fontFamily }]}>
        <PageFooter reportId={model.reportId} numbering={numbering} fontFamily={fontFamily} selfNumbered />
        <Cover model={model} />
      </Page>
      <SectionPage style={pageStyle} organisation={org} questionnaire={questionnaire} reportId={model.reportId} numbering={numbering} fontFamily={fontFamily}>
        <ExecutiveSummary model={model} controls={controls} />
        <CohortChart domains={model.domains} interval={noisy ? interval : undefined} targets={model.targets} />
      </SectionPage>
      {model.domains.map((domain, i) => (
        <SectionPage
          key={domain.id}
          style={pageStyle}
          organisation={org}
          questionnaire={questionnaire}
          reportId={model.reportId}
          numbering={numbering}
          fontFamily={fontFamily}
        >
          <DomainPage
            domain={domain}
            index={i}
            total={model.domains.length}
            controls={domain.controlIds.map((id) => controls.get(id)!).filter(Boolean)}
            titles={titles}
            interval={interval}
          />
        </SectionPage>
      ))}
      <SectionPage style={pageStyle} organisation={org} questionnaire={questionnaire} reportId={model.reportId} numbering={numbering} fontFamily={fontFamily}>
        {/* The plan replaces the roadmap it grew from when it follows this submission (docs/reports.md). */}
        {model.plan ? (
          <ImprovementPlan plan={model.plan} />
        ) : (
          <Roadmap windows={model.roadmap} controls={controls} planNote={model.planElsewhere ? planElsewhereText(model.planElsewhere) : undefined} />
        )}
        <View>
          <Trend trend={model.trend} domains={model.domains} interval={noisy ? interval : undefined} />
        </View>
        <AnswerAssurance assurance={model.assurance} />
      </SectionPage>
      <SectionPage style={pageStyle} organisation={org} questionnaire={questionnaire} reportId={model.reportId} numbering={numbering} fontFamily={fontFamily}>
        <Provenance provenance={model.provenance} cohort={model.cover.cohort} reportId={model.reportId} unprintedCharacters={unprintedCharacters} />
      </SectionPage>
      <SectionPage style={pageStyle} organisation={org} questionnaire={questionnaire} reportId={model.reportId} numbering={numbering} fontFamily={fontFamily}>
        <Appendix domains={model.appendix} assurance={showsAssurance(model.assurance)} />
      </SectionPage>
    </Document>
  );
}
