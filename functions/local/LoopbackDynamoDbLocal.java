/*
 * Starts DynamoDB Local listening on one address (the loopback address by default)
 * instead of on every interface. DynamoDB Local has no option for its listening
 * address: its DynamoDBProxyServer builds a Jetty server for a port alone, which binds
 * to all addresses. This launcher builds the same server from the same command-line
 * arguments, sets the host on its connectors before starting it, and refuses to start
 * if there was no connector to restrict.
 *
 * Run with Java's source-file mode (JEP 330), so no compiled class is shipped:
 *   java -Daim.dynamodb.host=127.0.0.1 -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -port 8000 -inMemory
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDbLocal {
    public static void main(String[] args) throws Exception {
        String host = System.getProperty("aim.dynamodb.host", "127.0.0.1");
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        if (proxy == null) {
            System.err.println("DynamoDB Local did not accept its arguments");
            System.exit(2);
        }
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        int restricted = 0;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractNetworkConnector network) {
                network.setHost(host);
                restricted++;
            }
        }
        // Fail closed: never fall back to listening on every interface.
        if (restricted == 0 || restricted != server.getConnectors().length) {
            System.err.println("DynamoDB Local: could not restrict every connector to " + host);
            System.exit(3);
        }
        proxy.start();
        System.err.println("DynamoDB Local listening on " + host);
    }
}
