package io.gio.odata.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void noPreferenceMeansTheServersPageOrEverything() {
        Paging v3 = Paging.of(Optional.empty(), Optional.empty(), OptionalInt.empty());
        assertTrue(v3.pageSize().isEmpty());
        assertEquals(Integer.MAX_VALUE, v3.limit(OptionalInt.empty()));
        assertFalse(v3.mayContinue(OptionalInt.empty()));
        Paging v4 = Paging.of(Optional.empty(), Optional.of("return=minimal"), OptionalInt.of(1000));
        assertEquals(1000, v4.limit(OptionalInt.empty()));
        assertTrue(v4.preferenceApplied().isEmpty());
    }

    @Test
    void thePreferenceIsReadAmongOthersAndCappedByTheServer() {
        Paging p = Paging.of(Optional.empty(), Optional.of("return=representation, odata.maxpagesize=25"),
                OptionalInt.of(1000));
        assertEquals(25, p.limit(OptionalInt.empty()));
        assertEquals(Optional.of("odata.maxpagesize=25"), p.preferenceApplied());
        assertEquals(1000, Paging.of(Optional.empty(), Optional.of("maxpagesize=99999"), OptionalInt.of(1000))
                .limit(OptionalInt.empty()));
        assertEquals(Paging.MAX_PAGE, Paging.of(Optional.empty(), Optional.of("odata.maxpagesize=99999"),
                OptionalInt.empty()).limit(OptionalInt.empty()));
        assertTrue(Paging.of(Optional.empty(), Optional.of("odata.maxpagesize=ten"), OptionalInt.empty())
                .pageSize().isEmpty(), "a malformed preference is ignored");
    }

    @Test
    void topBoundsTheLastPage() {
        Paging second = Paging.of(Optional.of("20"), Optional.of("odata.maxpagesize=20"), OptionalInt.empty());
        assertEquals(10, second.limit(OptionalInt.of(30)));
        assertFalse(second.mayContinue(OptionalInt.of(30)));
        assertTrue(second.mayContinue(OptionalInt.of(41)));
        assertEquals(0, Paging.of(Optional.of("40"), Optional.empty(), OptionalInt.empty()).limit(OptionalInt.of(30)));
    }

    @Test
    void theNextLinkReplacesTheSkipToken() {
        Paging p = Paging.of(Optional.of("50"), Optional.of("odata.maxpagesize=50"), OptionalInt.empty());
        assertEquals("http://h/svc/VirtualMachines?$filter=x&$skiptoken=100",
                p.nextLink("http://h/svc/VirtualMachines", "$filter=x&%24skiptoken=50", 50));
        assertEquals("http://h/svc/Clouds?$skiptoken=3", Paging.of(Optional.empty(), Optional.empty(),
                OptionalInt.of(3)).nextLink("http://h/svc/Clouds", "", 3));
    }

    @Test
    void foreignSkipTokensAreRefused() {
        assertThrows(SpfException.class, () -> Paging.of(Optional.of("abc"), Optional.empty(), OptionalInt.empty()));
        assertThrows(SpfException.class, () -> Paging.of(Optional.of("-1"), Optional.empty(), OptionalInt.empty()));
    }
}
