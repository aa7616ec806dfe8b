package io.gio.odata.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.odata.model.VmmEdmProvider;
import io.gio.odata.model.VmmModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.queryoption.expression.Binary;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Method;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.junit.jupiter.api.Test;

class V3UrlTranslatorTest {
    private static final String V = "38c9c3b9-9288-4d7a-82fa-501cd4eb9ecb";
    private static final String S = "d70c1a9b-c241-48f5-880a-b6c36071e653";
    private static final OData ODATA = OData.newInstance();
    private static final Parser PARSER = new Parser(
            ODATA.createServiceMetadata(VmmEdmProvider.forUriParsing(VmmModel.load()), List.of()).getEdm(), ODATA);

    private final V3UrlTranslator translator = new V3UrlTranslator();

    private V3TranslatedUrl translate(String path, String query) throws V3SyntaxException {
        return translator.translate(path, query);
    }

    private static UriInfo parse(V3TranslatedUrl url) throws Exception {
        return PARSER.parseUri(url.path(), url.query(), null, "https://spf:8090/SC2012R2/VMM/Microsoft.Management.Odata.svc/");
    }

    @Test
    void compositeGuidKeysInAnyPrefixCase() throws Exception {
        V3TranslatedUrl url = translate("VirtualMachines(ID=guid'" + V + "',StampId=Guid'" + S + "')", "");
        assertEquals("VirtualMachines(ID=" + V + ",StampId=" + S + ")", url.path());
        assertEquals("", url.query());
        UriResourceEntitySet set = (UriResourceEntitySet) parse(url).getUriResourceParts().get(0);
        assertEquals(V, set.getKeyPredicates().get(0).getText());
        assertEquals("VMCheckPoints(ID=" + V + ",StampId=" + S + ")",
                translate("VMCheckPoints(ID=GUID'" + V + "',StampId=Guid'" + S + "')", "").path());
    }

    @Test
    void conformanceCasesParseInOlingo() throws Exception {
        String vm = "VirtualMachines(ID=guid'" + V + "',StampId=guid'" + S + "')";
        List<String[]> cases = List.of(
                new String[] {"Clouds", ""},
                new String[] {"Clouds()", ""},
                new String[] {"VMTemplates()", ""},
                new String[] {vm, ""},
                new String[] {"VirtualMachines", "$filter=ID+eq+guid'" + V + "'&$expand=VirtualNetworkAdapters,"
                        + "VMCheckpoints,VirtualSCSIAdapters,VirtualHardDisks,VirtualDVDDrives,VirtualDiskDrives"},
                new String[] {"VirtualMachines", "$filter=Name%20eq%20'web01'"},
                new String[] {vm + "/VirtualNetworkAdapters", ""},
                new String[] {vm, "RunAsynchronously=1"},
                new String[] {"Jobs", "$filter=ID eq guid'" + V + "'"},
                new String[] {"Jobs(ID=guid'" + V + "',StampId=guid'" + S + "')", ""},
                new String[] {"VirtualMachines(StampId=guid'" + S + "',ID=guid'" + V + "')", "$expand=VirtualDiskDrives"},
                new String[] {"VMCheckPoints(ID=Guid'" + V + "',StampId=Guid'" + S + "')", ""},
                new String[] {"VMSubnets()", "$filter=StampId%20eq%20guid'" + S + "'%20and%20VMNetworkId%20eq%20guid'" + V + "'"},
                new String[] {"VMNetworks(ID=guid'" + V + "',StampId=guid'" + S + "')", ""});
        for (String[] c : cases) {
            UriInfo info = parse(translate(c[0], c[1]));
            String set = ((UriResourceEntitySet) info.getUriResourceParts().get(0)).getEntitySet().getName();
            assertTrue(c[0].startsWith(set), c[0] + " parsed as " + set);
        }
        UriInfo expanded = parse(translate("VirtualMachines", "$filter=ID eq guid'" + V + "'&$expand=VirtualNetworkAdapters,"
                + "VMCheckpoints,VirtualSCSIAdapters,VirtualHardDisks,VirtualDVDDrives,VirtualDiskDrives"));
        assertEquals(6, expanded.getExpandOption().getExpandItems().size());
    }

    @Test
    void emptyParenthesesOnlyOnUnqualifiedSegments() throws Exception {
        assertEquals("Clouds", translate("Clouds()", "").path());
        assertEquals("/Clouds", translate("/Clouds()", "").path());
        assertEquals("NS.Func()", translate("NS.Func()", "").path());
        assertEquals("", translate("", "").path());
    }

    @Test
    void linksBecomeRef() throws Exception {
        V3TranslatedUrl url = translate("VirtualMachines(ID=guid'" + V + "',StampId=guid'" + S + "')/$links/VirtualNetworkAdapters", "");
        assertTrue(url.path().endsWith("/VirtualNetworkAdapters/$ref"), url.path());
        parse(url);
        assertThrows(V3SyntaxException.class, () -> translate("VirtualMachines/$links", ""));
    }

    @Test
    void dateTimeLiterals() throws Exception {
        assertEquals("AddedTime gt 2014-01-01T00:00:00Z", filter("AddedTime gt datetime'2014-01-01T00:00'"));
        assertEquals("AddedTime gt 2014-01-01T10:20:30Z", filter("AddedTime gt datetime'2014-01-01T10:20:30'"));
        assertEquals("AddedTime gt 2014-01-01T10:20:30.123Z", filter("AddedTime gt datetime'2014-01-01T10:20:30.123'"));
        assertEquals("AddedTime gt 2014-01-01T10:20:30.1234567Z", filter("AddedTime gt DateTime'2014-01-01T10:20:30.1234567'"));
        assertEquals("AddedTime gt 2014-01-01T10:20:00+01:00", filter("AddedTime gt datetimeoffset'2014-01-01T10:20%2B01:00'"));
        assertEquals("$filter=AddedTime%20gt%202014-01-01T10:20:00%2B01:00",
                translate("VirtualMachines", "$filter=AddedTime+gt+datetimeoffset'2014-01-01T10:20+01:00'").query(),
                "an unencoded '+' decodes to a space and is restored before the offset");
        assertEquals("AddedTime gt 2014-01-01T10:20:00Z", filter("AddedTime gt datetimeoffset'2014-01-01T10:20Z'"));
        for (String q : List.of("$filter=AddedTime gt datetime'2014-01-01T00:00'",
                "$filter=AddedTime lt datetimeoffset'2014-01-01T10:20:30.5-05:00'")) {
            parse(translate("VirtualMachines", q));
        }
        assertSyntaxError("$filter=AddedTime gt datetime'2014-13-01T00:00'", "Invalid datetime literal");
        assertSyntaxError("$filter=AddedTime gt datetime'yesterday'", "Invalid datetime literal");
        assertSyntaxError("$filter=AddedTime gt datetimeoffset'2014-01-01T00:00'", "Invalid datetimeoffset literal");
    }

    @Test
    void guidTimeBinaryAndNumberLiterals() throws Exception {
        assertEquals("ID eq " + V, filter("ID eq guid'" + V + "'"));
        assertSyntaxError("$filter=ID eq guid'not-a-guid'", "Invalid guid literal 'not-a-guid'");
        assertEquals("duration'PT1H' eq duration'PT1H30M'", filter("time'PT1H' eq time'PT1H30M'"));
        assertSyntaxError("$filter=time'1 hour' eq time'PT1H'", "Invalid time literal");
        assertEquals("binary'ChsA_w==' eq binary'ChsA_w=='", filter("X'0A1B00FF' eq binary'0a1b00ff'"));
        assertSyntaxError("$filter=X'0A1' eq X'00'", "Invalid binary literal");
        assertEquals("TotalSize eq 12 and Memory eq -3 and CPUMax eq 1.5 and DiskIO eq 2.5 and CPUUtilization eq 1e5",
                filter("TotalSize eq 12L and Memory eq -3l and CPUMax eq 1.5M and DiskIO eq 2.5d and CPUUtilization eq 1e5f"));
        assertEquals("CPUMax eq 1.5 and DiskIO eq 2 and Memory eq 7", filter("CPUMax eq 1.5m and DiskIO eq 2D and Memory eq 7F"));
        parse(translate("VirtualMachines", "$filter=TotalSize eq 12L and CPUCount eq 2"));
        parse(translate("VirtualMachines", "$filter=X'0A1B' eq binary'0A1B'"));
        parse(translate("VirtualMachines", "$filter=time'PT1H' eq time'PT1H'"));
    }

    @Test
    void substringofSwapsItsArguments() throws Exception {
        assertEquals("contains(Name,'web')", filter("substringof('web',Name)"));
        assertEquals("contains(Name,'web') eq true", filter("substringof( 'web' , Name ) eq true"));
        assertEquals("contains(tolower(Name),concat('a,b','(c'))",
                filter("substringof(concat('a,b','(c'),tolower(Name))"));
        assertEquals("contains(Name,'x') and contains(Description,contains(Name,'y'))",
                filter("substringof('x',Name) and substringof(substringof('y',Name),Description)"));
        parse(translate("VirtualMachines", "$filter=substringof('web',Name) and startswith(Name,'w')"));
        assertSyntaxError("$filter=substringof('web')", "substringof");
        assertSyntaxError("$filter=substringof('a',Name,'b')", "substringof");
    }

    @Test
    void notWithoutASpaceIsTheOperator() throws Exception {
        assertEquals("not (Name eq 'web01')", filter("not(Name eq 'web01')"));
        assertEquals("not (Name eq 'web01')", filter("not (Name eq 'web01')"));
        assertEquals("Name eq 'not(x)'", filter("Name eq 'not(x)'"));
        Expression not = parse(translate("VirtualMachines", "$filter=not(Name%20eq%20'web01')")).getFilterOption()
                .getExpression();
        assertEquals(org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind.NOT,
                ((org.apache.olingo.server.api.uri.queryoption.expression.Unary) not).getOperator());
    }

    @Test
    void byteValuedPropertiesCompareWithSmallIntegers() throws Exception {
        // Olingo types 2 as Edm.SByte and would not order-compare it with an Edm.Byte property
        for (String f : List.of("CPUCount gt 2", "CPUCount ge 2", "2 lt CPUCount", "CPUCount le 200",
                "CPUCount gt 2L", "CPUCount lt 4 and CPUCount ne 0")) {
            assertNotNull(parse(translate("VirtualMachines", "$filter=" + f.replace(" ", "%20"))).getFilterOption(), f);
        }
        assertThrows(org.apache.olingo.server.core.uri.parser.UriParserException.class,
                () -> parse(translate("VirtualMachines", "$filter=CPUCount%20gt%20'two'")));
    }

    @Test
    void stringLiteralsAreNeverRewritten() throws Exception {
        assertEquals("Name eq 'guid''" + V + "'' substringof(a,b) 12L X''0A'''",
                filter("Name eq 'guid''" + V + "'' substringof(a,b) 12L X''0A'''"));
        V3TranslatedUrl url = translate("VirtualMachines", "$filter=Name+eq+'a%2Bb+c'");
        assertEquals("$filter=Name%20eq%20'a%2Bb%20c'", url.query());
        Binary eq = (Binary) parse(url).getFilterOption().getExpression();
        assertEquals("'a+b c'", ((Literal) eq.getRightOperand()).getText());
        assertEquals("Name eq 'datetime''2014-01-01T00:00'''", filter("Name eq 'datetime''2014-01-01T00:00'''"));
    }

    @Test
    void nonAsciiTextSurvives() throws Exception {
        V3TranslatedUrl encoded = translate("VirtualMachines", "$filter=Name eq '%C3%9Cml%C3%A4ut %F0%9F%98%80'");
        V3TranslatedUrl raw = translate("VirtualMachines", "$filter=Name eq '\u00dcml\u00e4ut \ud83d\ude00'");
        assertEquals(encoded, raw);
        assertEquals("$filter=Name%20eq%20'%C3%9Cml%C3%A4ut%20%F0%9F%98%80'", raw.query());
        Binary eq = (Binary) parse(raw).getFilterOption().getExpression();
        assertEquals("'\u00dcml\u00e4ut \ud83d\ude00'", ((Literal) eq.getRightOperand()).getText());
    }

    @Test
    void stringKeysKeepTheirContent() throws Exception {
        V3TranslatedUrl url = translate("VMRoleSizeProfiles(Name='a%2Fb%20c''s',StampId=guid'" + S + "')", "");
        assertEquals("VMRoleSizeProfiles(Name='a%2Fb%20c''s',StampId=" + S + ")", url.path());
        UriResourceEntitySet set = (UriResourceEntitySet) parse(url).getUriResourceParts().get(0);
        assertEquals("'a/b c''s'", set.getKeyPredicates().get(0).getText());
    }

    @Test
    void inlineCount() throws Exception {
        V3TranslatedUrl all = translate("VirtualMachines", "$inlinecount=allpages&$top=5");
        assertEquals("$count=true&$top=5", all.query());
        assertTrue(parse(all).getCountOption().getValue());
        assertEquals("$top=5", translate("VirtualMachines", "$inlinecount=none&$top=5").query());
        assertSyntaxError("$inlinecount=some", "Invalid $inlinecount value 'some'");
    }

    @Test
    void formatAndCustomOptionsAreTakenOut() throws Exception {
        V3TranslatedUrl url = translate("VirtualMachines", "RunAsynchronously=1&$format=json&$top=1&x=a+b&x=second&flag");
        assertEquals(Optional.of("json"), url.format());
        assertEquals(Map.of("RunAsynchronously", "1", "x", "a b", "flag", ""), url.customOptions());
        assertEquals(List.of("RunAsynchronously", "x", "flag"), List.copyOf(url.customOptions().keySet()));
        assertEquals("$top=1", url.query());
        assertTrue(parse(url).getCustomQueryOptions().isEmpty());
        assertEquals(Optional.of("application/json;odata=fullmetadata"),
                translate("Clouds", "?$format=application%2Fjson%3Bodata%3Dfullmetadata").format());
        assertEquals(Optional.empty(), translate("Clouds", "").format());
    }

    @Test
    void expandPathsNestAndSelectFollows() throws Exception {
        assertEquals("$expand=VirtualNetworkAdapters,VirtualDVDDrives($expand=ISO($expand=LibraryShare))",
                decodedQuery("$expand=VirtualNetworkAdapters, VirtualDVDDrives/ISO/LibraryShare,VirtualDVDDrives"));
        assertEquals("$expand=VirtualNetworkAdapters($select=Name,ID)&$select=Name,VirtualNetworkAdapters",
                decodedQuery("$select=Name,VirtualNetworkAdapters/Name,VirtualNetworkAdapters/ID&$expand=VirtualNetworkAdapters"));
        assertEquals("$expand=VirtualDVDDrives($select=ISO;$expand=ISO($select=*))&$select=VirtualDVDDrives",
                decodedQuery("$expand=VirtualDVDDrives/ISO&$select=VirtualDVDDrives/ISO/*"));
        assertEquals("$select=*", decodedQuery("$select=*"));
        parse(translate("VirtualMachines", "$select=Name,VirtualNetworkAdapters/Name&$expand=VirtualNetworkAdapters"));
        parse(translate("VirtualMachines", "$expand=VirtualDVDDrives/ISO/LibraryShare&$select=VirtualDVDDrives/ISO/*"));
        assertSyntaxError("$select=VirtualNetworkAdapters/Name", "not in $expand");
        assertSyntaxError("$expand=VirtualNetworkAdapters,,Cloud", "Empty item in $expand");
        assertSyntaxError("$expand=VMM.VirtualMachine/Cloud", "type casts are not supported");
    }

    @Test
    void orderbyKeepsDirectionsAndTranslatesLiterals() throws Exception {
        V3TranslatedUrl url = translate("VirtualMachines", "$orderby=Name desc,AddedTime&$skip=2&$skiptoken=abc");
        assertEquals("$orderby=Name%20desc,AddedTime&$skip=2&$skiptoken=abc", url.query());
        assertEquals(2, parse(url).getOrderByOption().getOrders().size());
    }

    @Test
    void malformedInputIsASyntaxError() {
        assertSyntaxError("$filter=Name eq 'abc", "Unterminated literal starting at position 8");
        assertSyntaxError("$filter=(Name eq 'a'", "Unbalanced parentheses");
        assertSyntaxError("$filter=Name eq 'a')", "unexpected ')'");
        assertSyntaxError("$filter=Name eq guid'" + V, "Unterminated literal");
        assertSyntaxError("$filter=Name eq %ZZ", "Malformed percent-encoding");
        assertSyntaxError("$top=1&$top=2", "more than once");
        assertSyntaxError("$format=json&$format=atom", "more than once");
        assertSyntaxError("$count=true", "Unsupported system query option '$count'");
        V3SyntaxException e = assertThrows(V3SyntaxException.class,
                () -> translate("VirtualMachines(ID=guid'" + V + "',StampId=guid'" + S + "'", ""));
        assertTrue(e.getMessage().contains("Unbalanced"), e.getMessage());
        assertThrows(V3SyntaxException.class, () -> translate("VirtualMachines(ID=guid'abc')", ""));
    }

    @Test
    void bareGuidsAndIdentifiersWithDigitsStayIntact() throws Exception {
        assertEquals("ID eq 12345678-1234-1234-1234-123456789abc", filter("ID eq 12345678-1234-1234-1234-123456789abc"));
        assertEquals("IPv4Addresses eq 'x' and VLanId eq 4", filter("IPv4Addresses eq 'x' and VLanId eq 4L"));
        Method m = (Method) parse(translate("VirtualMachines", "$filter=substringof('x',Name)")).getFilterOption().getExpression();
        assertEquals(MethodKind.CONTAINS, m.getMethod());
    }

    private String filter(String v3) throws V3SyntaxException {
        String query = translate("VirtualMachines", "$filter=" + v3.replace("+", "%2B")).query();
        return decode(query.substring("$filter=".length()));
    }

    private String decodedQuery(String v3) throws V3SyntaxException {
        return decode(translate("VirtualMachines", v3).query());
    }

    private static String decode(String s) {
        try {
            return UriEncoding.decode(s, false);
        } catch (V3SyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private void assertSyntaxError(String query, String messagePart) {
        V3SyntaxException e = assertThrows(V3SyntaxException.class, () -> translate("VirtualMachines", query));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
