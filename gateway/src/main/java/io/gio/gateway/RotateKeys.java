package io.gio.gateway;

import io.gio.gateway.auth.AuthSettings;
import io.gio.gateway.auth.Authentication;
import io.gio.gateway.auth.KeyRing;
import io.gio.spf.accounts.SigningKeyStore;
import io.gio.spf.store.SpfStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gio-gateway rotate-keys}: adds a new token-signing key to a (stopped) gateway's data
 * directory. The previous key stops signing but keeps verifying until its tokens have expired.
 * A running gateway rotates by itself after {@code signing.rotateAfter}.
 */
@Command(name = "rotate-keys", mixinStandardHelpOptions = true,
        description = "Adds a new token-signing key (run while the gateway is stopped; old tokens stay valid).")
final class RotateKeys implements Callable<Integer> {

    @Option(names = "--data", description = "Data directory of the gateway (default: ${DEFAULT-VALUE}).",
            defaultValue = "data")
    Path data;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            System.err.println("gio-gateway: no data directory " + data);
            return 2;
        }
        try (Database db = Database.open(data)) {
            SpfStore store = SpfStore.open(db.dataSource());
            KeyRing ring = new KeyRing(new SigningKeyStore(store.jdbi()),
                    KeyRing.loadOrCreateKek(data.resolve(Authentication.KEK_FILE)), Clock.systemUTC(),
                    AuthSettings.load(data));
            String kid = ring.rotate("rotate-keys command");
            System.out.println("New token-signing key " + kid + "; the previous key verifies until its tokens expire.");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("gio-gateway: cannot rotate keys (is the gateway still running on " + data + "?): "
                    + e.getMessage());
            return 1;
        }
    }
}
