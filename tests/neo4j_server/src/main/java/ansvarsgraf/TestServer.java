package ansvarsgraf;

import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts a Neo4j 5 Community server in this JVM with Bolt on a free loopback port,
 * prints "BOLT <uri>" on stdout, and runs until stdin closes or the JVM is signalled.
 *
 * Usage: TestServer WORK_DIR [PASSWORD [FROM_HOME]]. With a password, authentication is on
 * and the user `neo4j` has that password; without, authentication is off. FROM_HOME is a
 * folder holding data/ (e.g. the NEO4J_HOME `neo4j-admin database import` wrote to): the
 * server starts on a copy of its databases. With -Dansvarsgraf.procedures=CLASS,... the
 * server registers those procedure classes (APOC's, for the writer benchmark).
 */
public final class TestServer {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TestServer WORK_DIR [PASSWORD]");
            System.exit(2);
        }
        String password = args.length > 1 && !args[1].isEmpty() ? args[1] : null;
        long t0 = System.nanoTime();
        var builder = Neo4jBuilders.newInProcessBuilder(Path.of(args[0]));
        // Procedure classes to register, e.g. APOC's (its jar then goes on the class path).
        String procedures = System.getProperty("ansvarsgraf.procedures", "");
        for (String name : procedures.split(",")) {
            if (!name.isBlank()) {
                builder = builder.withProcedure(Class.forName(name.strip()));
            }
        }
        if (args.length > 2) {
            builder = builder.copyFrom(Path.of(args[2]));
        }
        Neo4j neo4j = builder
                .withDisabledServer()
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .build();
        if (password != null) {
            neo4j.databaseManagementService().database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED",
                    java.util.Map.of("p", password));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        System.out.printf("BOLT %s started in %.1f s%n", neo4j.boltURI(), (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        // Stop when the parent closes our stdin (it exited or is done with us).
        while (System.in.read() != -1) {
            // ignore input
        }
        neo4j.close();
        System.exit(0);
    }
}
