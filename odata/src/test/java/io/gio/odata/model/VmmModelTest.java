package io.gio.odata.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VmmModelTest {
    private final VmmModel model = VmmModel.load();

    @Test
    void loadsTheVmmSchemaOnce() {
        assertSame(model, VmmModel.load());
        assertEquals("VMM", model.namespace());
        assertEquals("VMMContainer", model.containerName());
        assertEquals(41 + 6, model.entityTypes().size());
        assertEquals(23, model.complexTypes().size());
        assertEquals(41 + 6, model.entitySets().size());
        assertEquals(List.of("VMM", "GIO"), model.schemas().stream().map(SchemaDef::namespace).toList());
    }

    @Test
    void theExtensionsLiveInTheirOwnNamespace() {
        EntityTypeDef screenshot = model.entityTypeOfSet("VMScreenshots").orElseThrow();
        assertEquals("GIO.VMScreenshot", model.qualifiedName(screenshot));
        assertEquals(List.of("Image"), screenshot.namedStreams());
        assertEquals("GIO.VMBackup", model.qualifiedName(model.entityTypeOfSet("VMBackups").orElseThrow()));
        assertTrue(model.entityType("VMBackup").isEmpty(), "unqualified names resolve in VMM only");
        assertEquals(List.of("VMScreenshots", "VMBackups", "VirtualNetworkAdapterQoS", "VirtualHardDiskQoS",
                "Migrations", "MigrationEvents"),
                model.entitySets().subList(41, 47).stream().map(EntitySetDef::name).toList());
        EntityTypeDef migration = model.entityTypeOfSet("Migrations").orElseThrow();
        assertEquals("GIO.MigrationEvent", model.qualifiedTarget(migration, migration.navigation("Events").orElseThrow()));
    }

    @Test
    void keepsModelOrder() {
        assertEquals("VirtualDiskDrives", model.entitySets().get(0).name());
        assertEquals("VMRoleSizeProfiles", model.entitySets().get(40).name());
        EntityTypeDef vm = model.entityType("VirtualMachine").orElseThrow();
        assertEquals("AddedTime", vm.properties().get(0).name());
        assertEquals(List.of("Cloud", "MostRecentTask", "FailedJob", "VirtualNetworkAdapters", "VMCheckpoints",
                "VirtualSCSIAdapters", "VirtualHardDisks", "VirtualDVDDrives", "VirtualDiskDrives"),
                vm.navigations().stream().map(NavigationDef::name).toList());
    }

    @Test
    void describesVirtualMachine() {
        EntityTypeDef vm = model.entityTypeOfSet("VirtualMachines").orElseThrow();
        assertEquals("VirtualMachine", vm.name());
        assertEquals("VirtualMachines", vm.entitySet());
        assertEquals(List.of("ID", "StampId"), vm.key());
        assertEquals(List.of("VMConnection"), vm.namedStreams());
        assertEquals(131, vm.properties().size());
        PropertyDef id = vm.property("ID").orElseThrow();
        assertEquals(new PropertyDef("ID", "Edm.Guid", false), id);
        assertTrue(id.isPrimitive());
        assertEquals("Edm.DateTime", vm.property("AddedTime").orElseThrow().type());
        assertTrue(vm.property("VMConnection").orElseThrow().isStream());
        assertFalse(vm.property("VMConnection").orElseThrow().isPrimitive());
        PropertyDef granted = vm.property("GrantedToList").orElseThrow();
        assertTrue(granted.isCollection());
        assertEquals("VMM.UserAndRole", granted.elementType());
        assertTrue(granted.hasComplexElements());
        assertTrue(vm.property("Owner").orElseThrow().isComplex());
        NavigationDef nics = vm.navigation("VirtualNetworkAdapters").orElseThrow();
        assertTrue(nics.collection());
        assertEquals("VMM.VirtualNetworkAdapter", model.qualifiedTarget(vm, nics));
        assertEquals("VirtualNetworkAdapter", model.navigationTarget(vm, nics).name());
        assertEquals("VMM.VirtualMachine", model.qualifiedName(vm));
    }

    @Test
    void looksUpByQualifiedAndUnqualifiedNames() {
        assertTrue(model.entityType("VMM.Job").isPresent());
        assertTrue(model.complexType("VMM.ErrorInfo").isPresent());
        assertTrue(model.complexType("ErrorInfo").isPresent());
        assertEquals("VMM.ErrorInfo", model.qualifiedName(model.complexType("ErrorInfo").orElseThrow()));
        assertEquals("Jobs", model.entitySetOfType("VMM.Job").orElseThrow().name());
        assertEquals("VMM.Job", model.entitySet("Jobs").orElseThrow().entityType());
        assertTrue(model.entityType("Nope").isEmpty());
        assertTrue(model.entityType("Other.Job").isEmpty());
        assertTrue(model.entitySet("Nope").isEmpty());
        assertTrue(model.entityTypeOfSet("Nope").isEmpty());
        assertTrue(model.complexType("VirtualMachine").isEmpty());
    }

    @Test
    void everyKeyIsANonNullableProperty() {
        assertEquals(List.of("ID"), model.entityType("UserRole").orElseThrow().key());
        assertEquals(List.of("Name", "StampId"), model.entityType("VMRoleSizeProfile").orElseThrow().key());
        for (EntityTypeDef type : model.entityTypes()) {
            type.keyProperties().forEach(p -> assertFalse(p.nullable(), type.name() + "." + p.name()));
        }
    }

    @Test
    void acceptsASecondSchema() {
        EntityTypeDef thing = new EntityTypeDef("Thing", List.of("ID"),
                List.of(new PropertyDef("ID", "Edm.Guid", false), new PropertyDef("Err", "VMM.ErrorInfo", true)),
                List.of(new NavigationDef("Vm", "VMM.VirtualMachine", false)), "Things", List.of());
        SchemaDef vmm = model.schemas().get(0);
        List<EntitySetDef> sets = new java.util.ArrayList<>(model.entitySets().subList(0, 41));
        sets.add(new EntitySetDef("Things", "Ext.Thing"));
        VmmModel extended = new VmmModel("VMMContainer",
                List.of(vmm, new SchemaDef("Ext", List.of(thing), List.of())), sets);
        assertEquals("Ext.Thing", extended.qualifiedName(extended.entityTypeOfSet("Things").orElseThrow()));
        assertEquals("VirtualMachine", extended.navigationTarget(thing, thing.navigations().get(0)).name());
        assertTrue(extended.entityType("Thing").isEmpty(), "unqualified names resolve in VMM only");
        assertEquals(42, extended.entityTypes().size());
    }

    @Test
    void rejectsBrokenReferences() {
        EntityTypeDef bad = new EntityTypeDef("Bad", List.of("ID"),
                List.of(new PropertyDef("ID", "Edm.Guid", false), new PropertyDef("X", "VMM.Missing", true)),
                List.of(), "Bads", List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VmmModel("C",
                List.of(new SchemaDef("VMM", List.of(bad), List.of())), List.of(new EntitySetDef("Bads", "VMM.Bad"))));
        assertTrue(e.getMessage().contains("VMM.Missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EntityTypeDef("T", List.of("K"),
                List.of(new PropertyDef("ID", "Edm.Guid", false)), List.of(), "Ts", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PropertyDef("P", "Collection(Edm.String", true));
    }

    @Test
    void propertyTypeHelpers() {
        PropertyDef strings = new PropertyDef("Tags", "Collection(Edm.String)", false);
        assertTrue(strings.isCollection());
        assertEquals("Edm.String", strings.elementType());
        assertFalse(strings.isPrimitive());
        assertFalse(strings.isComplex());
        assertFalse(strings.hasComplexElements());
        PropertyDef complex = new PropertyDef("Err", "VMM.ErrorInfo", true);
        assertTrue(complex.isComplex());
        assertEquals("VMM.ErrorInfo", complex.elementType());
    }
}
