package io.gio.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/** Error responses the server itself produces (before the OData service runs), in the OData 3 JSON form. */
public final class ODataErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ODataErrors() {}

    public static Response.ResponseBuilder v3(Response.Status status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("odata.error");
        err.put("code", code);
        ObjectNode msg = err.putObject("message");
        msg.put("lang", "en-US");
        msg.put("value", message);
        return Response.status(status).type("application/json;odata=minimalmetadata;charset=utf-8")
                .header("DataServiceVersion", "3.0;").entity(root.toString());
    }
}
