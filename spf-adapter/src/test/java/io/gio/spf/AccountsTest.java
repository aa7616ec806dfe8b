package io.gio.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.accounts.PasswordHasher;
import io.gio.spf.accounts.Principal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountsTest {

    @Test
    void hashesAreSaltedAndVerify() {
        PasswordHasher h = new PasswordHasher(1_000);
        String a = h.hash("secret-1");
        String b = h.hash("secret-1");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("pbkdf2-sha256$1000$"));
        assertTrue(h.verify("secret-1", a));
        assertFalse(h.verify("secret-2", a));
        assertFalse(h.verify("secret-1", "garbage"));
    }

    @Test
    void adminAndDemoUsersAuthenticate() {
        try (TestFabric f = new TestFabric(0)) {
            assertEquals(Optional.empty(), f.adapter.accounts().ensureAdmin(Optional.of("another-password")));
            Principal admin = f.adapter.accounts().verify("admin", "admin-password-1").orElseThrow();
            assertTrue(admin.isAdmin());
            assertTrue(f.adapter.accounts().verify("admin", "admin-password-1").isPresent());
            assertTrue(f.adapter.accounts().verify("admin", "wrong").isEmpty());
            Principal alice = f.adapter.accounts().verify("alice@contoso.example", TestFabric.PASSWORD).orElseThrow();
            assertFalse(alice.isAdmin());
            assertTrue(alice.tenantId().isPresent());
            assertTrue(f.adapter.accounts().verify("nobody", "x").isEmpty());
        }
    }
}
