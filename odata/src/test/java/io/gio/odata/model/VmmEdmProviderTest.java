package io.gio.odata.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.junit.jupiter.api.Test;

class VmmEdmProviderTest {
    private static final VmmModel MODEL = VmmModel.load();
    private static final OData ODATA = OData.newInstance();
    private static final ServiceMetadata METADATA =
            ODATA.createServiceMetadata(new VmmEdmProvider(MODEL), List.of());
    private final Edm edm = METADATA.getEdm();

    @Test
    void virtualMachinesHaveTheCompositeKey() {
        EdmEntitySet set = edm.getEntityContainer().getEntitySet("VirtualMachines");
        EdmEntityType vm = set.getEntityType();
        assertEquals(new FullQualifiedName("VMM", "VirtualMachine"), vm.getFullQualifiedName());
        assertEquals(List.of("ID", "StampId"), vm.getKeyPredicateNames());
        assertEquals("Edm.Guid", vm.getStructuralProperty("ID").getType().getFullQualifiedName()
                .getFullQualifiedNameAsString());
    }

    @Test
    void everySetResolvesWithAllMembers() {
        assertEquals("VMMContainer", edm.getEntityContainer().getName());
        assertEquals(MODEL.entitySets().size(), edm.getEntityContainer().getEntitySets().size());
        for (EntitySetDef def : MODEL.entitySets()) {
            EdmEntitySet set = edm.getEntityContainer().getEntitySet(def.name());
            assertNotNull(set, def.name());
            EntityTypeDef type = MODEL.entityTypeOfSet(def.name()).orElseThrow();
            EdmEntityType edmType = set.getEntityType();
            assertEquals(type.key(), edmType.getKeyPredicateNames());
            assertEquals(type.properties().stream().map(PropertyDef::name).toList(), edmType.getPropertyNames());
            for (PropertyDef p : type.properties()) {
                EdmProperty edmProperty = edmType.getStructuralProperty(p.name());
                assertEquals(p.isCollection(), edmProperty.isCollection(), p.name());
                assertEquals(p.nullable(), edmProperty.isNullable(), p.name());
                edmProperty.getType();
            }
            for (NavigationDef nav : type.navigations()) {
                EdmNavigationProperty edmNav = edmType.getNavigationProperty(nav.name());
                assertEquals(nav.collection(), edmNav.isCollection());
                assertEquals(nav.targetType(), edmNav.getType().getName());
                assertNotNull(set.getRelatedBindingTarget(nav.name()), def.name() + "/" + nav.name());
            }
        }
    }

    @Test
    void mapsOData3TypesToOData4() {
        EdmEntityType vm = edm.getEntityType(new FullQualifiedName("VMM.VirtualMachine"));
        assertEquals("Edm.DateTimeOffset", typeOf(vm.getStructuralProperty("AddedTime")));
        assertEquals("Edm.Stream", typeOf(vm.getStructuralProperty("VMConnection")));
        EdmProperty granted = vm.getStructuralProperty("GrantedToList");
        assertTrue(granted.isCollection());
        assertEquals("VMM.UserAndRole", typeOf(granted));
        assertEquals("Edm.Duration", VmmEdmProvider.v4TypeName("Edm.Time"));
        assertEquals("Collection(Edm.DateTimeOffset)", VmmEdmProvider.v4TypeName("Collection(Edm.DateTime)"));
        assertEquals("Edm.Int64", VmmEdmProvider.v4TypeName("Edm.Int64"));
        assertEquals("VMM.ErrorInfo", VmmEdmProvider.v4TypeName("VMM.ErrorInfo"));
        assertNotNull(edm.getComplexType(new FullQualifiedName("VMM.ErrorInfo")));
        assertEquals(MODEL.complexTypes().size(), edm.getSchema("VMM").getComplexTypes().size());
    }

    @Test
    void answersNullForUnknownNames() throws Exception {
        VmmEdmProvider provider = new VmmEdmProvider(MODEL);
        assertNull(provider.getEntityType(new FullQualifiedName("VMM.Nope")));
        assertNull(provider.getEntitySet(new FullQualifiedName("Other.Container"), "VirtualMachines"));
        assertNull(provider.getEntityContainerInfo(new FullQualifiedName("Other.Container")));
        assertNotNull(provider.getEntityContainerInfo(null));
        assertEquals("VMMContainer", provider.getEntityContainer().getName());
    }

    @Test
    void olingoWritesTheMetadataDocument() throws Exception {
        String xml = serialize(ContentType.APPLICATION_XML);
        assertTrue(xml.contains("<EntitySet Name=\"VirtualMachines\" EntityType=\"VMM.VirtualMachine\">"), xml.substring(0, 200));
        assertTrue(xml.contains("<NavigationPropertyBinding Path=\"VirtualNetworkAdapters\" Target=\"VirtualNetworkAdapters\""));
        String json = serialize(ContentType.APPLICATION_JSON);
        assertTrue(json.contains("\"VMMContainer\""));
    }

    private static String serialize(ContentType type) throws Exception {
        try (InputStream in = ODATA.createSerializer(type).metadataDocument(METADATA).getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String typeOf(EdmProperty p) {
        return p.getType().getFullQualifiedName().getFullQualifiedNameAsString();
    }
}
