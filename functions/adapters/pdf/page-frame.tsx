/** Repeated on every page: a header naming the organisation, the report id and the page number. */
import { Text } from '@react-pdf/renderer';
import { styles } from './styles';

export function PageHeader({ organisation, questionnaire }: { organisation: string; questionnaire: string }) {
  return (
    // One Text carrying the header's box and rule: every page lays it out again, so one node, not two.
    // One line whatever the name's length: the cover prints it whole.
    <Text style={styles.header} fixed>
      {organisation} · {questionnaire}
    </Text>
  );
}

export function PageFooter({ reportId }: { reportId: string }) {
  return (
    <>
      <Text style={styles.footer} fixed>
        Agent Identity Maturity · report {reportId}
      </Text>
      {/* A page-number Text nested in a View renders nothing in react-pdf 4.9 (its
          content is filled in after layout), so it is positioned on the page itself. */}
      <Text style={styles.pageNumber} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </>
  );
}
