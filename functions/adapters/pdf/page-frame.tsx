/** Repeated on every page: a header naming the organisation, the report id and the page number. */
import { Text, View } from '@react-pdf/renderer';
import { styles } from './styles';

export function PageHeader({ organisation, questionnaire }: { organisation: string; questionnaire: string }) {
  return (
    <View style={styles.header} fixed>
      {/* One line whatever the name's length: the cover prints it whole. */}
      <Text style={{ maxLines: 1, textOverflow: 'ellipsis' }}>
        {organisation} · {questionnaire}
      </Text>
    </View>
  );
}

export function PageFooter({ reportId }: { reportId: string }) {
  return (
    <>
      <View style={styles.footer} fixed>
        <Text style={{ width: '75%', maxLines: 1, textOverflow: 'ellipsis' }}>Agent Identity Maturity · report {reportId}</Text>
      </View>
      {/* A page-number Text nested in a View renders nothing in react-pdf 4.9 (its
          content is filled in after layout), so it is positioned on the page itself. */}
      <Text style={styles.pageNumber} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </>
  );
}
