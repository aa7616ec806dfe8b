package io.gio.odata.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.odata.v3.V3MediaType.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class V3MediaTypeTest {
    private static V3MediaType accept(String header) {
        return V3MediaType.negotiate(Optional.empty(), Optional.ofNullable(header)).orElseThrow();
    }

    @Test
    void jsonFlavoursFromAccept() {
        V3MediaType plain = accept("application/json");
        assertEquals(Kind.JSON, plain.kind());
        assertEquals(V3JsonFormat.MINIMAL, plain.jsonFormat());
        assertTrue(plain.jsonRequestedExplicitly());
        assertEquals("application/json; odata=minimalmetadata; streaming=true; charset=utf-8",
                plain.contentType(V3Payload.FEED));
        assertEquals(V3JsonFormat.MINIMAL, accept("application/json;odata=minimalmetadata").jsonFormat());
        assertEquals(V3JsonFormat.FULL, accept("application/json; odata=fullmetadata").jsonFormat());
        assertEquals(V3JsonFormat.NONE, accept("application/json;odata=nometadata;streaming=false").jsonFormat());
        assertEquals(V3JsonFormat.VERBOSE, accept("Application/JSON;odata=verbose").jsonFormat());
        assertEquals("application/json; odata=fullmetadata; streaming=true; charset=utf-8",
                accept("application/json;odata=fullmetadata").contentType(V3Payload.ENTRY));
        assertEquals("application/json; odata=verbose; charset=utf-8",
                accept("application/json;odata=verbose").contentType(V3Payload.ENTRY));
        assertEquals("application/json; odata=nometadata; streaming=true; charset=utf-8",
                accept("application/json;odata=nometadata").contentType(V3Payload.PROPERTY));
    }

    @Test
    void atomIsTheDefault() {
        for (String header : new String[] {null, "", "*/*", "application/*"}) {
            V3MediaType type = accept(header);
            assertEquals(Kind.ATOM, type.kind(), header);
            assertFalse(type.explicit(), header);
            assertFalse(type.jsonRequestedExplicitly());
            assertEquals(V3JsonFormat.MINIMAL, type.jsonFormat());
        }
        V3MediaType atom = accept("application/atom+xml");
        assertTrue(atom.explicit());
        assertEquals("application/atom+xml; type=feed; charset=utf-8", atom.contentType(V3Payload.FEED));
        assertEquals("application/atom+xml; type=entry; charset=utf-8", atom.contentType(V3Payload.ENTRY));
        assertEquals("application/atomsvc+xml; charset=utf-8", atom.contentType(V3Payload.SERVICE_DOCUMENT));
        assertEquals("application/xml; charset=utf-8", atom.contentType(V3Payload.ERROR));
        assertEquals(Kind.ATOM, accept("application/xml").kind());
        assertTrue(accept("application/xml").explicit());
    }

    @Test
    void qualityAndOrderDecide() {
        assertEquals(Kind.JSON, accept("application/atom+xml;q=0.5, application/json").kind());
        assertEquals(Kind.ATOM, accept("application/json;q=0.1, application/atom+xml;q=0.9").kind());
        assertEquals(Kind.JSON, accept("text/html, application/json, */*").kind());
        assertEquals(Kind.ATOM, accept("application/json;q=0, */*;q=0.1").kind());
        assertEquals(V3JsonFormat.FULL, accept("application/json;odata=bogus, application/json;odata=fullmetadata").jsonFormat());
        assertTrue(V3MediaType.negotiate(Optional.empty(), Optional.of("text/html")).isEmpty());
        assertTrue(V3MediaType.negotiate(Optional.empty(), Optional.of("application/json;q=abc")).isEmpty());
    }

    private static V3MediaType negotiate(String accept, String maxDataServiceVersion, boolean serviceDocument) {
        return V3MediaType.negotiate(Optional.empty(), Optional.of(accept), Optional.ofNullable(maxDataServiceVersion),
                serviceDocument).orElseThrow();
    }

    /** datajs 1.0 sends {@code Accept: application/json,application/json;odata=verbose} and {@code MaxDataServiceVersion: 2.0}. */
    @Test
    void plainJsonIsVerboseForClientsBelowVersion3() {
        for (String max : new String[] {"2.0", "1.0;", " 2.0;NetFx", "1.0"}) {
            assertEquals(V3JsonFormat.VERBOSE, negotiate("application/json,application/json;odata=verbose", max, false).jsonFormat(), max);
            assertEquals(V3JsonFormat.VERBOSE, negotiate("application/json", max, true).jsonFormat(), max);
            assertEquals(V3JsonFormat.VERBOSE, V3MediaType.negotiate(Optional.of("json"), Optional.empty(), Optional.of(max), false)
                    .orElseThrow().jsonFormat(), max);
        }
        for (String max : new String[] {"3.0", "3.0;NetFx", "4.0", "garbage", ""}) {
            assertEquals(V3JsonFormat.MINIMAL, negotiate("application/json", max, false).jsonFormat(), max);
        }
        assertEquals(V3JsonFormat.FULL, negotiate("application/json;odata=fullmetadata", "2.0", false).jsonFormat());
        assertEquals(Kind.ATOM, negotiate("application/atom+xml", "2.0", false).kind());
    }

    /** datajs's default handler: {@code application/atomsvc+xml} only selects the service document. */
    @Test
    void atomServiceDocumentTypeOnlyForTheServiceDocument() {
        String datajs = "application/atomsvc+xml;q=0.8, application/json;odata=verbose;q=0.5, */*;q=0.1";
        assertEquals(V3JsonFormat.VERBOSE, negotiate(datajs, "2.0", false).jsonFormat());
        assertEquals(Kind.JSON, negotiate(datajs, "2.0", false).kind());
        V3MediaType serviceDocument = negotiate(datajs, "2.0", true);
        assertEquals(Kind.ATOM, serviceDocument.kind());
        assertEquals("application/atomsvc+xml; charset=utf-8", serviceDocument.contentType(V3Payload.SERVICE_DOCUMENT));
        assertTrue(V3MediaType.negotiate(Optional.empty(), Optional.of("application/atomsvc+xml"), Optional.empty(), false).isEmpty());
    }

    @Test
    void formatWinsOverAccept() {
        Optional<String> json = Optional.of("application/json;odata=fullmetadata");
        assertEquals(Kind.JSON, V3MediaType.negotiate(Optional.of("json"), json.map(x -> "application/atom+xml")).orElseThrow().kind());
        V3MediaType full = V3MediaType.negotiate(json, Optional.of("application/atom+xml")).orElseThrow();
        assertEquals(V3JsonFormat.FULL, full.jsonFormat());
        V3MediaType atom = V3MediaType.negotiate(Optional.of("atom"), Optional.of("application/json")).orElseThrow();
        assertEquals(Kind.ATOM, atom.kind());
        assertTrue(atom.explicit());
        V3MediaType xml = V3MediaType.negotiate(Optional.of("XML"), Optional.empty()).orElseThrow();
        assertEquals(Kind.XML, xml.kind());
        assertEquals("application/xml; charset=utf-8", xml.contentType(V3Payload.FEED));
        assertTrue(V3MediaType.negotiate(Optional.of("csv"), Optional.of("application/json")).isEmpty());
        assertEquals("application/xml; charset=utf-8", full.contentType(V3Payload.METADATA));
    }
}
