package io.gio.spf.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WAP's user update: e-mail, state (a suspended user can neither sign in nor use a token) and password. */
class UserUpdatesTest {

    static final String ALICE = "alice@contoso.example";

    TestFabric fabric;
    Directory directory;
    Accounts accounts;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        directory = fabric.adapter.directory();
        accounts = fabric.adapter.accounts();
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private static SpfErrorCode code(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(SpfException.class, call).code();
    }

    @Test
    void aSuspendedUserCannotSignInUntilReactivated() {
        assertTrue(accounts.verify(ALICE, TestFabric.PASSWORD).isPresent(), "remembered sign-in");
        Directory.User u = directory.updateUser(ALICE, Optional.empty(), Optional.of(UserState.SUSPENDED),
                Optional.empty());
        assertEquals(UserState.SUSPENDED, u.state());
        assertTrue(accounts.verify(ALICE, TestFabric.PASSWORD).isEmpty(), "the remembered sign-in is forgotten");
        assertTrue(accounts.find(ALICE).isEmpty(), "its tokens stop working");
        assertEquals(Optional.of(UserState.SUSPENDED), accounts.state(ALICE));
        directory.updateUser(ALICE, Optional.empty(), Optional.of(UserState.ACTIVE), Optional.empty());
        assertTrue(accounts.verify(ALICE, TestFabric.PASSWORD).isPresent());
        assertTrue(accounts.find(ALICE).isPresent());
    }

    @Test
    void emailAndPasswordChange() {
        assertEquals(ALICE, directory.user(ALICE).orElseThrow().email(), "the name until one is set");
        Directory.User u = directory.updateUser(ALICE, Optional.of(" alice.w@contoso.example "), Optional.empty(),
                Optional.of("new-password-1"));
        assertEquals("alice.w@contoso.example", u.email());
        assertEquals(UserState.ACTIVE, u.state());
        assertTrue(accounts.verify(ALICE, TestFabric.PASSWORD).isEmpty(), "the old password is refused at once");
        assertTrue(accounts.verify(ALICE, "new-password-1").isPresent());
    }

    @Test
    void badUpdatesAreRefusedWithTheReason() {
        assertEquals(SpfErrorCode.NOT_FOUND, code(() -> directory.updateUser("nobody", Optional.empty(),
                Optional.empty(), Optional.empty())));
        assertEquals(SpfErrorCode.BAD_REQUEST, code(() -> directory.updateUser(ALICE, Optional.empty(),
                Optional.empty(), Optional.of("short"))));
        assertEquals(SpfErrorCode.BAD_REQUEST, code(() -> directory.updateUser(ALICE, Optional.of(" "),
                Optional.empty(), Optional.empty())));
        assertEquals(SpfErrorCode.BAD_REQUEST, code(() -> directory.updateUser("admin", Optional.empty(),
                Optional.of(UserState.SUSPENDED), Optional.empty())));
        assertEquals(UserState.SUSPENDED, UserState.settable("2"));
        assertEquals(UserState.ACTIVE, UserState.settable("active"));
        assertTrue(assertThrows(SpfException.class, () -> UserState.settable("0")).getMessage()
                .contains("PendingValidation"));
        assertTrue(assertThrows(SpfException.class, () -> UserState.settable("3")).getMessage().contains("DELETE"));
        assertEquals(SpfErrorCode.BAD_REQUEST, code(() -> UserState.settable("Frozen")));
    }
}
