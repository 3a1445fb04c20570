/** Repeated on every page: the report id and the page number. */
import { Text, View } from '@react-pdf/renderer';
import { styles } from './styles';

export function PageFooter({ reportId }: { reportId: string }) {
  return (
    <>
      <View style={styles.footer} fixed>
        <Text>Agent Identity Maturity · report {reportId}</Text>
      </View>
      {/* A page-number Text nested in a View renders nothing in react-pdf 4.9 (its
          content is filled in after layout), so it is positioned on the page itself. */}
      <Text style={styles.pageNumber} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </>
  );
}
