package io.gio.odata.v4;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.MetadataProcessor;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * Serves {@code $metadata} from the published model. Requests are parsed against a model whose
 * Byte properties are widened to Int16 ({@code VmmEdmProvider.forUriParsing}); clients must still
 * read the types SPF declares.
 */
final class V4MetadataProcessor implements MetadataProcessor {

    private final ServiceMetadata published;
    private OData odata;

    V4MetadataProcessor(ServiceMetadata published) {
        this.published = published;
    }

    @Override
    public void init(OData odata, ServiceMetadata parsing) {
        this.odata = odata;
    }

    @Override
    public void readMetadata(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws SerializerException {
        response.setContent(odata.createSerializer(format).metadataDocument(published).getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }
}
