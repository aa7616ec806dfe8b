package io.gio.odata.v3;

import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.NavigationDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;

/** Resolves the model side of an entity and checks a row against it. */
final class EntityShape {
    private EntityShape() {
    }

    static EntitySetDef set(VmmModel model, String name) {
        return model.entitySet(name).orElseThrow(() -> new IllegalArgumentException("unknown entity set " + name));
    }

    static EntityTypeDef type(VmmModel model, EntitySetDef set) {
        return model.entityType(set.entityType()).orElseThrow();
    }

    /** The entity set of a navigation's target type; every navigable type needs one for links. */
    static EntitySetDef targetSet(VmmModel model, EntityTypeDef source, NavigationDef nav) {
        String target = model.qualifiedTarget(source, nav);
        return model.entitySetOfType(target).orElseThrow(() -> new IllegalArgumentException(
                "navigation " + source.name() + "." + nav.name() + " targets " + target + ", which has no entity set"));
    }

    /** Fails on row members the type does not declare, so no data is silently dropped. */
    static void check(VmmModel model, EntityTypeDef type, EntityRow row) {
        for (String name : row.values().keySet()) {
            if (type.property(name).isEmpty()) {
                throw new IllegalArgumentException(model.qualifiedName(type) + " has no property " + name);
            }
        }
        for (String name : row.expanded().keySet()) {
            NavigationDef nav = type.navigation(name).orElseThrow(() -> new IllegalArgumentException(
                    model.qualifiedName(type) + " has no navigation property " + name));
            if (!nav.collection() && row.expanded().get(name).size() > 1) {
                throw new IllegalArgumentException("single-valued navigation " + name + " expanded to "
                        + row.expanded().get(name).size() + " rows");
            }
        }
    }
}
