package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.Scope;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.server.api.ServiceMetadata;

/** What the OData 4 processors of one request need. */
record V4Context(SpfAdapter adapter, EntityUpdates updates, Principal principal, Scope scope, int pageSize,
        V4JsonWriter json, ServiceMetadata published) {

    /**
     * The published form of a type of the parsing model (see {@code VmmEdmProvider.forUriParsing}):
     * what Olingo's serializers are given, so that type annotations name the types {@code $metadata} declares.
     */
    EdmEntityType published(EdmEntityType parsed) {
        return published.getEdm().getEntityType(parsed.getFullQualifiedName());
    }

    /** The reader of this request's scope. */
    EntityReader reader() {
        return adapter.reader(scope);
    }
}
