package io.gio.odata.v4;

import io.gio.odata.ErrorStatus;
import io.gio.spf.SpfException;
import java.util.Locale;
import org.apache.olingo.server.api.ODataApplicationException;

/** Runs processor work, turning adapter errors into Olingo's application errors (OData 4 error bodies). */
final class Failures {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    interface Work {
        void run() throws Exception;
    }

    static void guard(Work work) throws ODataApplicationException {
        try {
            work.run();
        } catch (SpfException e) {
            throw new ODataApplicationException(e.getMessage(), ErrorStatus.of(e.code()), Locale.ROOT, e.code().name());
        } catch (ODataApplicationException e) {
            throw e;
        } catch (RuntimeException e) {
            // a fault of ours: logged whole, answered without internals (no SQL, no class names)
            LOG.error("Unexpected failure in an OData 4 request", e);
            throw new ODataApplicationException("The server failed to process the request.", 500, Locale.ROOT,
                    "INTERNAL");
        } catch (Exception e) {
            throw new ODataApplicationException(e.getMessage() == null ? e.toString() : e.getMessage(), 400,
                    Locale.ROOT, "BAD_REQUEST");
        }
    }

    static ODataApplicationException notAllowed(String what) {
        return new ODataApplicationException(what + " is not allowed on this resource.", 405, Locale.ROOT,
                "METHOD_NOT_ALLOWED");
    }
}
