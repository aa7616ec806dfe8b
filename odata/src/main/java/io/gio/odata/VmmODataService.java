package io.gio.odata;

import io.gio.odata.http.ODataHttpRequest;
import io.gio.odata.http.ODataHttpResponse;
import io.gio.odata.model.VmmEdmProvider;
import io.gio.odata.model.VmmModel;
import io.gio.odata.v3.V3Service;
import io.gio.odata.v4.V4Service;
import io.gio.spf.SpfAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;

/**
 * The VMM OData service, one model served in two dialects: OData 4 (Olingo) when the request
 * names it ({@code OData-Version} or {@code OData-MaxVersion} 4.0, or an OData 4 {@code $format}),
 * and otherwise the OData 3 dialect that WAP and SPF clients speak.
 */
public final class VmmODataService {

    private final V3Service v3;
    private final V4Service v4;

    private VmmODataService(V3Service v3, V4Service v4) {
        this.v3 = v3;
        this.v4 = v4;
    }

    /**
     * @param syncWait how long a synchronous command (no {@code RunAsynchronously=1}) waits for its job
     * @param pageSize the largest OData 4 page; OData 3 clients always get complete result sets
     */
    public static VmmODataService create(SpfAdapter adapter, Duration syncWait, int pageSize) {
        VmmModel model = VmmModel.load();
        OData odata = OData.newInstance();
        ServiceMetadata published = odata.createServiceMetadata(new VmmEdmProvider(model), List.of());
        ServiceMetadata parsing = odata.createServiceMetadata(VmmEdmProvider.forUriParsing(model), List.of());
        EntityUpdates updates = new EntityUpdates(adapter, syncWait);
        return new VmmODataService(new V3Service(odata, parsing.getEdm(), model, adapter, updates),
                new V4Service(odata, parsing, published, adapter, updates, pageSize));
    }

    public ODataHttpResponse handle(ODataHttpRequest request) {
        return isV4(request) ? v4.handle(request) : v3.handle(request);
    }

    static boolean isV4(ODataHttpRequest request) {
        if (request.header("OData-Version").map(VmmODataService::four).orElse(false)
                || request.header("OData-MaxVersion").map(VmmODataService::four).orElse(false)) {
            return true;
        }
        String q = request.rawQuery().toLowerCase(Locale.ROOT);
        return q.contains("odata.metadata%3d") || q.contains("odata.metadata=");
    }

    private static boolean four(String version) {
        return version.trim().startsWith("4");
    }
}
