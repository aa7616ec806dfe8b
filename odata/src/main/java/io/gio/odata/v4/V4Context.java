package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;

/** What the OData 4 processors of one request need. */
record V4Context(SpfAdapter adapter, EntityUpdates updates, Principal principal, int pageSize, V4JsonWriter json) {}
