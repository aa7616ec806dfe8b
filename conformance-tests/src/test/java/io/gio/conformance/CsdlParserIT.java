package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * {@code $metadata} of both dialects checked by parsers that are not the gateway's: OASIS's
 * {@code odata-csdl} converter and the OASIS CSDL JSON schema ({@code src/test/js/csdl.test.js}),
 * and the OASIS EDMX/EDM 4.0x XML schemas that {@code odata-csdl} ships, applied here by the JDK's
 * XML schema validator to the OData 4 document.
 */
class CsdlParserIT {

    @Test
    void odataCsdlParsesBothDialectsIntoOneValidModel() throws Exception {
        NodeSuite.run(SharedGateway.get(), "csdl.test.js").assertAllPassed(14);
    }

    @Test
    void oasisXmlSchemaValidatesTheOData4Metadata() throws Exception {
        HttpResponse<String> r = SharedGateway.admin().get(SPF + "$metadata", "OData-MaxVersion", "4.0");
        assertEquals(200, r.statusCode(), r.body());
        Validator validator = edmxValidator();
        assertEquals(List.of(), validate(validator, r.body()));
        String broken = r.body().replaceFirst("<Property Name=\"", "<Property Nmae=\"");
        assertFalse(validate(validator, broken).isEmpty(), "the schema must reject a misspelt attribute");
    }

    /** A validator for the OASIS {@code edmx.xsd}, which imports {@code edm.xsd} beside it. */
    private static Validator edmxValidator() throws Exception {
        Path xsd = NodeSuite.installed().resolve("node_modules/odata-csdl/schemas/edmx.xsd");
        if (!Files.isRegularFile(xsd)) {
            throw new IllegalStateException("odata-csdl no longer ships " + xsd);
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        Validator validator = factory.newSchema(xsd.toFile()).newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return validator;
    }

    /** Every warning and error the validator reports, not just the first. */
    private static List<String> validate(Validator validator, String xml) throws Exception {
        List<String> problems = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                problems.add("warning: " + e.getMessage());
            }

            @Override
            public void error(SAXParseException e) {
                problems.add("error at column " + e.getColumnNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add("fatal at column " + e.getColumnNumber() + ": " + e.getMessage());
            }
        });
        validator.validate(new StreamSource(new StringReader(xml)));
        return problems;
    }
}
