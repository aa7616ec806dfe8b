package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.Scope;

/** What the OData 4 processors of one request need. */
record V4Context(SpfAdapter adapter, EntityUpdates updates, Principal principal, Scope scope, int pageSize,
        V4JsonWriter json) {

    /** The reader of this request's scope. */
    EntityReader reader() {
        return adapter.reader(scope);
    }
}
