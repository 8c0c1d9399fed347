package newsgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Starts an embedded Neo4j (Community) DBMS with only the Bolt connector, bound to 127.0.0.1.
 * No HTTP connector is included in the embedded artifact.
 *
 * <pre>
 * java -Xmx1g -jar target/neo4j-launcher.jar --home DIR [--port 7687] [--pagecache 256m] [--config FILE]
 * </pre>
 *
 * Auth is disabled unless the environment variable NEO4J_PASSWORD is set; then auth is enabled
 * and the password of the built-in user "neo4j" is set to that value (min. 8 characters, as with
 * the official Docker image). Prints "neo4j ready bolt://127.0.0.1:PORT" once the default database
 * is available; shuts down cleanly on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {

    private static final String HOST = "127.0.0.1";

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of("data");
        int port = 7687;
        long pageCache = parseBytes("256m");
        Path configFile = null;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--home" -> home = Path.of(need(args, ++i, a));
                case "--port" -> port = Integer.parseInt(need(args, ++i, a));
                case "--pagecache" -> pageCache = parseBytes(need(args, ++i, a));
                case "--config" -> configFile = Path.of(need(args, ++i, a));
                case "-h", "--help" -> {
                    System.out.println("usage: Neo4jLauncher --home DIR [--port 7687] [--pagecache 256m] [--config neo4j.conf]");
                    return;
                }
                default -> die("unknown argument: " + a);
            }
        }

        home = home.toAbsolutePath().normalize();
        Files.createDirectories(home);
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        if (auth && password.length() < 8) {
            // Neo4j's default dbms.security.auth_minimum_password_length (same rule as the Docker image)
            die("NEO4J_PASSWORD must be at least 8 characters");
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (configFile != null) {
            // neo4j.conf-style "key=value" file; explicit settings below take precedence.
            builder.loadPropertiesFromFile(configFile.toAbsolutePath());
        }
        builder.setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.udc_enabled, false); // no usage-data phone-home

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j shutting down");
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                System.out.println("neo4j stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            awaitReady(dbms, auth ? password : null);
        } catch (Throwable t) {
            System.err.println("neo4j failed to become ready:");
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook
        }

        System.out.printf(Locale.ROOT, "neo4j ready bolt://%s:%d (auth %s, home %s, started in %.1fs)%n",
                HOST, port, auth ? "enabled, user neo4j" : "disabled", home, (System.nanoTime() - t0) / 1e9);
        System.out.flush();

        stopped.await();
    }

    private static void awaitReady(DatabaseManagementService dbms, String password) {
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        while (!db.isAvailable(TimeUnit.SECONDS.toMillis(5))) {
            System.out.println("waiting for database '" + db.databaseName() + "' to become available ...");
        }

        if (password != null) {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        }
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            die("missing value for " + flag);
        }
        return args[i];
    }

    /** Parses sizes like "256m", "1g", "512k" or a plain byte count. */
    static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = v.charAt(v.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> { }
        }
        if (mult != 1) {
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * mult;
    }

    private static void die(String msg) {
        System.err.println("Neo4jLauncher: " + msg);
        System.exit(2);
    }
}
