package io.gio.odata.v4;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ErrorProcessor;
import org.apache.olingo.server.api.serializer.SerializerException;

/**
 * Writes OData 4 errors as Olingo does, with a code always: the OData 4 JSON format has
 * {@code code} as a string, and Olingo leaves it null for the errors its own URI parser and
 * validator raise. Such an error gets the name of its status ({@code BAD_REQUEST}, {@code NOT_FOUND}, ...),
 * the codes this service's own errors carry.
 */
final class V4ErrorProcessor implements ErrorProcessor {

    private OData odata;

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    @Override
    public void processError(ODataRequest request, ODataResponse response, ODataServerError error,
            ContentType format) {
        if (error.getCode() == null || error.getCode().isBlank()) {
            error.setCode(codeOf(error.getStatusCode()));
        }
        try {
            response.setContent(odata.createSerializer(format).error(error).getContent());
        } catch (SerializerException e) {
            response.setContent(null);
        }
        response.setStatusCode(error.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 412 -> "PRECONDITION_FAILED";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "ERROR";
        };
    }
}
