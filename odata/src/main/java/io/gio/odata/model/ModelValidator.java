package io.gio.odata.model;

/** Checks that every type reference of a model resolves. */
final class ModelValidator {
    private final VmmModel model;

    ModelValidator(VmmModel model) {
        this.model = model;
    }

    void validate() {
        model.entityTypesByQualifiedName().forEach((qname, type) -> {
            type.properties().forEach(p -> checkPropertyType(qname, p));
            for (NavigationDef nav : type.navigations()) {
                model.navigationTarget(type, nav);
            }
        });
        model.complexTypesByQualifiedName().forEach((qname, type) -> type.properties().forEach(p -> {
            if (p.isStream()) {
                throw new IllegalArgumentException("complex type " + qname + " cannot hold stream " + p.name());
            }
            checkPropertyType(qname, p);
        }));
    }

    private void checkPropertyType(String owner, PropertyDef p) {
        String element = p.elementType();
        if (element.startsWith("Edm.")) {
            if (!VmmModel.EDM_PRIMITIVES.contains(element) || element.equals("Edm.Stream") && p.isCollection()) {
                throw new IllegalArgumentException(
                        "property " + owner + "." + p.name() + " has unsupported type " + p.type());
            }
        } else if (element.indexOf('.') <= 0 || !model.complexTypesByQualifiedName().containsKey(element)) {
            throw new IllegalArgumentException(
                    "property " + owner + "." + p.name() + " refers to unknown complex type " + element);
        }
    }
}
