package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SPF VMM entity model (OData 3 view, original type names), immutable and thread-safe.
 *
 * <p>The model is a list of schemas; the first is the main schema ({@code VMM}) and owns the
 * entity container. Unqualified type names resolve in the main schema; qualified names
 * ({@code VMM.VirtualMachine}, {@code Ext.Thing}) resolve in their own schema.
 */
public final class VmmModel {
    public static final String VMM_NAMESPACE = "VMM";
    public static final String VMM_CONTAINER = "VMMContainer";
    /** Namespace of the gateway's own types (screenshots, backups, QoS), beside {@code VMM}. */
    public static final String EXTENSIONS_NAMESPACE = "GIO";
    static final String RESOURCE = "/io/gio/odata/model/spf-vmm-model.json";
    static final String EXTENSIONS_RESOURCE = "/io/gio/odata/model/gio-extensions-model.json";

    /** Valid OData 3 primitive type names. */
    static final Set<String> EDM_PRIMITIVES = Set.of(
            "Edm.Binary", "Edm.Boolean", "Edm.Byte", "Edm.DateTime", "Edm.DateTimeOffset",
            "Edm.Decimal", "Edm.Double", "Edm.Guid", "Edm.Int16", "Edm.Int32", "Edm.Int64",
            "Edm.SByte", "Edm.Single", "Edm.String", "Edm.Time", "Edm.Stream");

    private final String containerName;
    private final List<SchemaDef> schemas;
    private final List<EntitySetDef> entitySets;
    private final List<EntityTypeDef> entityTypes;
    private final List<ComplexTypeDef> complexTypes;
    private final Map<String, EntityTypeDef> entityTypesByName = new LinkedHashMap<>();
    private final Map<String, ComplexTypeDef> complexTypesByName = new LinkedHashMap<>();
    private final Map<Object, String> namespaceOfType = new IdentityHashMap<>();
    private final Map<String, EntitySetDef> setsByName = new LinkedHashMap<>();
    private final Map<String, EntitySetDef> setsByTypeName = new LinkedHashMap<>();

    /**
     * Builds and validates a model.
     *
     * @param containerName the entity container name
     * @param schemas the schemas, the main one first
     * @param entitySets the entity sets of the container, in order
     * @throws IllegalArgumentException when a reference does not resolve or a name repeats
     */
    public VmmModel(String containerName, List<SchemaDef> schemas, List<EntitySetDef> entitySets) {
        this.containerName = requireNonNull(containerName, "containerName is null");
        this.schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
        this.entitySets = List.copyOf(requireNonNull(entitySets, "entitySets is null"));
        if (this.schemas.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one schema");
        }
        Names.requireUnique(this.schemas.stream().map(SchemaDef::namespace).toList(), "schema namespace");
        for (SchemaDef schema : this.schemas) {
            for (EntityTypeDef t : schema.entityTypes()) {
                entityTypesByName.put(schema.namespace() + "." + t.name(), t);
                namespaceOfType.put(t, schema.namespace());
            }
            for (ComplexTypeDef t : schema.complexTypes()) {
                complexTypesByName.put(schema.namespace() + "." + t.name(), t);
                namespaceOfType.put(t, schema.namespace());
            }
        }
        for (EntitySetDef set : this.entitySets) {
            if (setsByName.put(set.name(), set) != null) {
                throw new IllegalArgumentException("duplicate entity set " + set.name());
            }
            EntityTypeDef type = entityTypesByName.get(set.entityType());
            if (type == null) {
                throw new IllegalArgumentException(
                        "entity set " + set.name() + " names unknown type " + set.entityType());
            }
            if (!type.entitySet().equals(set.name()) || setsByTypeName.put(set.entityType(), set) != null) {
                throw new IllegalArgumentException("entity type " + set.entityType()
                        + " declares entity set " + type.entitySet() + " but set " + set.name() + " holds it");
            }
        }
        this.entityTypes = List.copyOf(entityTypesByName.values());
        this.complexTypes = List.copyOf(complexTypesByName.values());
        new ModelValidator(this).validate();
    }

    /**
     * The VMM model read from the bundled JSON, with the {@code GIO} extension schema; read once,
     * then shared (the model is immutable).
     */
    public static VmmModel load() {
        return Holder.MODEL;
    }

    private static final class Holder {
        static final VmmModel MODEL = ModelJsonReader.readResources(RESOURCE, EXTENSIONS_RESOURCE);
    }

    /**
     * SPF's bound actions: {@code Expand} of a {@code VirtualDiskDrive} grows its virtual hard disk
     * to {@code VirtualHardDiskSizeGB} (WAP's SPF SDK, VMM's {@code Expand-SCVirtualDiskDrive}).
     */
    private static final List<ActionDef> ACTIONS = List.of(new ActionDef("Expand", "VirtualDiskDrive",
            VMM_NAMESPACE + ".VirtualDiskDrive", List.of(new PropertyDef("VirtualHardDiskSizeGB", "Edm.Int32", false))));

    /** The bound actions of the service. */
    public List<ActionDef> actions() {
        return ACTIONS;
    }

    /** The action bound to the entity set's type that a URL segment names, if any. */
    public Optional<ActionDef> action(String entitySet, String segment) {
        return entitySet(entitySet).flatMap(set -> ACTIONS.stream()
                .filter(a -> a.bindingType().equals(set.entityType()) && a.isNamedBy(segment, containerName))
                .findFirst());
    }

    /** The main namespace, {@code VMM}. */
    public String namespace() {
        return schemas.get(0).namespace();
    }

    public String containerName() {
        return containerName;
    }

    public List<SchemaDef> schemas() {
        return schemas;
    }

    /** All entity types of all schemas, in model order. */
    public List<EntityTypeDef> entityTypes() {
        return entityTypes;
    }

    /** All complex types of all schemas, in model order. */
    public List<ComplexTypeDef> complexTypes() {
        return complexTypes;
    }

    /** The entity sets of the container, in model order. */
    public List<EntitySetDef> entitySets() {
        return entitySets;
    }

    public Optional<EntitySetDef> entitySet(String name) {
        return Optional.ofNullable(setsByName.get(name));
    }

    public Optional<EntityTypeDef> entityTypeOfSet(String setName) {
        return entitySet(setName).map(s -> entityTypesByName.get(s.entityType()));
    }

    /** The entity set holding a type (qualified or unqualified name). */
    public Optional<EntitySetDef> entitySetOfType(String typeName) {
        return Optional.ofNullable(setsByTypeName.get(qualify(typeName, namespace())));
    }

    /** An entity type by qualified name, or by unqualified name in the main namespace. */
    public Optional<EntityTypeDef> entityType(String name) {
        return Optional.ofNullable(entityTypesByName.get(qualify(name, namespace())));
    }

    /** A complex type by qualified name, or by unqualified name in the main namespace. */
    public Optional<ComplexTypeDef> complexType(String name) {
        return Optional.ofNullable(complexTypesByName.get(qualify(name, namespace())));
    }

    /** The qualified name of an entity type of this model, e.g. {@code VMM.VirtualMachine}. */
    public String qualifiedName(EntityTypeDef type) {
        return namespaceOf(type) + "." + type.name();
    }

    /** The qualified name of a complex type of this model, e.g. {@code VMM.ErrorInfo}. */
    public String qualifiedName(ComplexTypeDef type) {
        return namespaceOf(type) + "." + type.name();
    }

    /** The qualified target type name of a navigation declared on {@code source}. */
    public String qualifiedTarget(EntityTypeDef source, NavigationDef navigation) {
        return qualify(navigation.targetType(), namespaceOf(source));
    }

    /** The target entity type of a navigation declared on {@code source}. */
    public EntityTypeDef navigationTarget(EntityTypeDef source, NavigationDef navigation) {
        EntityTypeDef target = entityTypesByName.get(qualifiedTarget(source, navigation));
        if (target == null) {
            throw new IllegalArgumentException("navigation " + source.name() + "." + navigation.name()
                    + " targets unknown type " + navigation.targetType());
        }
        return target;
    }

    Map<String, EntityTypeDef> entityTypesByQualifiedName() {
        return Collections.unmodifiableMap(entityTypesByName);
    }

    Map<String, ComplexTypeDef> complexTypesByQualifiedName() {
        return Collections.unmodifiableMap(complexTypesByName);
    }

    private String namespaceOf(Object type) {
        String ns = namespaceOfType.get(type);
        if (ns == null) {
            throw new IllegalArgumentException("type is not part of this model: " + type);
        }
        return ns;
    }

    private String qualify(String name, String defaultNamespace) {
        String ns = Names.namespaceOf(name);
        if (!ns.isEmpty() && schemas.stream().anyMatch(s -> s.namespace().equals(ns))) {
            return name;
        }
        return defaultNamespace + "." + name;
    }

    @Override
    public String toString() {
        List<String> namespaces = new ArrayList<>();
        schemas.forEach(s -> namespaces.add(s.namespace()));
        return "VmmModel" + namespaces + "(" + entityTypesByName.size() + " entity types, "
                + complexTypesByName.size() + " complex types, " + entitySets.size() + " entity sets)";
    }
}
