package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlAction;
import org.apache.olingo.commons.api.edm.provider.CsdlComplexType;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationPropertyBinding;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;

/**
 * The OData 4 view of a {@link VmmModel} for Olingo. Types map OData 3 to 4
 * ({@code Edm.DateTime} to {@code Edm.DateTimeOffset}, {@code Edm.Time} to {@code Edm.Duration});
 * the named stream {@code VirtualMachine.VMConnection} stays an {@code Edm.Stream} structural
 * property, which OData 4 allows and Olingo serves as media links.
 *
 * <p>All CSDL objects are built once in the constructor; build one provider per process and
 * share it (and the {@code ServiceMetadata} made from it) across requests.
 */
public final class VmmEdmProvider extends CsdlAbstractEdmProvider {
    private final FullQualifiedName containerName;
    private final Map<FullQualifiedName, CsdlEntityType> entityTypes = new LinkedHashMap<>();
    private final Map<FullQualifiedName, CsdlComplexType> complexTypes = new LinkedHashMap<>();
    private final Map<FullQualifiedName, List<CsdlAction>> actions = new LinkedHashMap<>();
    private final CsdlEntityContainer container;
    private final List<CsdlSchema> schemas = new ArrayList<>();

    public VmmEdmProvider(VmmModel model) {
        this(model, false);
    }

    /**
     * The model for Olingo's URI parser: as published, except that {@code Edm.Byte} properties and
     * parameters are {@code Edm.Int16}. Olingo types an integer literal from 0 to 127 as
     * {@code Edm.SByte}, and refuses to order-compare SByte with Byte ("Incompatible types"), so
     * {@code CPUCount gt 2} would not parse against the published model; every Byte value is an
     * Int16 value, so the widened model parses and checks the same filters otherwise.
     */
    public static VmmEdmProvider forUriParsing(VmmModel model) {
        return new VmmEdmProvider(model, true);
    }

    private final boolean widenBytes;

    private VmmEdmProvider(VmmModel model, boolean widenBytes) {
        requireNonNull(model, "model is null");
        this.widenBytes = widenBytes;
        containerName = new FullQualifiedName(model.namespace(), model.containerName());
        for (SchemaDef schemaDef : model.schemas()) {
            CsdlSchema schema = new CsdlSchema().setNamespace(schemaDef.namespace());
            List<CsdlEntityType> schemaEntityTypes = new ArrayList<>();
            for (EntityTypeDef type : schemaDef.entityTypes()) {
                CsdlEntityType csdl = entityType(model, type);
                entityTypes.put(new FullQualifiedName(schemaDef.namespace(), type.name()), csdl);
                schemaEntityTypes.add(csdl);
            }
            List<CsdlComplexType> schemaComplexTypes = new ArrayList<>();
            for (ComplexTypeDef type : schemaDef.complexTypes()) {
                CsdlComplexType csdl = new CsdlComplexType().setName(type.name())
                        .setProperties(type.properties().stream().map(this::property).toList());
                complexTypes.put(new FullQualifiedName(schemaDef.namespace(), type.name()), csdl);
                schemaComplexTypes.add(csdl);
            }
            List<CsdlAction> schemaActions = new ArrayList<>();
            for (ActionDef a : model.actions()) {
                if (a.namespace().equals(schemaDef.namespace()) && model.entityType(a.bindingType()).isPresent()) {
                    CsdlAction csdl = action(a);
                    actions.computeIfAbsent(new FullQualifiedName(a.namespace(), a.name()), k -> new ArrayList<>())
                            .add(csdl);
                    schemaActions.add(csdl);
                }
            }
            schema.setEntityTypes(schemaEntityTypes).setComplexTypes(schemaComplexTypes).setActions(schemaActions);
            schemas.add(schema);
        }
        container = new CsdlEntityContainer().setName(model.containerName())
                .setEntitySets(model.entitySets().stream().map(s -> entitySet(model, s)).toList());
        schemas.get(0).setEntityContainer(container);
    }

    /**
     * The OData 4 name of an OData 3 type name: {@code Edm.DateTime} becomes
     * {@code Edm.DateTimeOffset}, {@code Edm.Time} becomes {@code Edm.Duration}, collections keep
     * {@code Collection(...)}, every other name is unchanged.
     */
    public static String v4TypeName(String v3Type) {
        requireNonNull(v3Type, "v3Type is null");
        if (v3Type.startsWith("Collection(") && v3Type.endsWith(")")) {
            return "Collection(" + v4TypeName(v3Type.substring("Collection(".length(), v3Type.length() - 1)) + ")";
        }
        return switch (v3Type) {
            case "Edm.DateTime" -> "Edm.DateTimeOffset";
            case "Edm.Time" -> "Edm.Duration";
            default -> v3Type;
        };
    }

    @Override
    public CsdlEntityType getEntityType(FullQualifiedName name) {
        return entityTypes.get(name);
    }

    @Override
    public CsdlComplexType getComplexType(FullQualifiedName name) {
        return complexTypes.get(name);
    }

    @Override
    public List<CsdlAction> getActions(FullQualifiedName name) {
        return actions.get(name);
    }

    @Override
    public CsdlEntitySet getEntitySet(FullQualifiedName entityContainer, String entitySetName) {
        if (entityContainer != null && !containerName.equals(entityContainer)) {
            return null;
        }
        return container.getEntitySet(entitySetName);
    }

    @Override
    public CsdlEntityContainer getEntityContainer() {
        return container;
    }

    @Override
    public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName entityContainerName) {
        if (entityContainerName == null || containerName.equals(entityContainerName)) {
            return new CsdlEntityContainerInfo().setContainerName(containerName);
        }
        return null;
    }

    @Override
    public List<CsdlSchema> getSchemas() {
        return schemas;
    }

    private CsdlEntityType entityType(VmmModel model, EntityTypeDef type) {
        List<CsdlNavigationProperty> navigations = new ArrayList<>();
        for (NavigationDef nav : type.navigations()) {
            navigations.add(new CsdlNavigationProperty().setName(nav.name())
                    .setType(new FullQualifiedName(model.qualifiedTarget(type, nav)))
                    .setCollection(nav.collection()));
        }
        return new CsdlEntityType().setName(type.name())
                .setKey(type.key().stream().map(k -> new CsdlPropertyRef().setName(k)).toList())
                .setProperties(type.properties().stream().map(this::property).toList())
                .setNavigationProperties(navigations);
    }

    /** A bound action: the binding parameter first, then the body's parameters. */
    private CsdlAction action(ActionDef a) {
        List<CsdlParameter> parameters = new ArrayList<>();
        parameters.add(new CsdlParameter().setName(a.bindingParameter()).setType(new FullQualifiedName(a.bindingType()))
                .setNullable(false));
        for (PropertyDef p : a.parameters()) {
            parameters.add(new CsdlParameter().setName(p.name()).setType(new FullQualifiedName(typeName(p.type())))
                    .setNullable(p.nullable()));
        }
        return new CsdlAction().setName(a.name()).setBound(true).setParameters(parameters);
    }

    private String typeName(String v3Type) {
        String v4 = v4TypeName(v3Type);
        return widenBytes ? v4.replace("Edm.Byte", "Edm.Int16") : v4;
    }

    private CsdlProperty property(PropertyDef p) {
        return new CsdlProperty().setName(p.name())
                .setType(new FullQualifiedName(typeName(p.elementType())))
                .setCollection(p.isCollection())
                .setNullable(p.nullable());
    }

    private static CsdlEntitySet entitySet(VmmModel model, EntitySetDef set) {
        EntityTypeDef type = model.entityTypeOfSet(set.name()).orElseThrow();
        List<CsdlNavigationPropertyBinding> bindings = new ArrayList<>();
        for (NavigationDef nav : type.navigations()) {
            model.entitySetOfType(model.qualifiedTarget(type, nav)).ifPresent(target -> bindings.add(
                    new CsdlNavigationPropertyBinding().setPath(nav.name()).setTarget(target.name())));
        }
        return new CsdlEntitySet().setName(set.name())
                .setType(new FullQualifiedName(set.entityType()))
                .setNavigationPropertyBindings(bindings);
    }
}
