package io.gio.odata.v4;

import io.gio.spf.query.EntityRow;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.Constants;
import org.apache.olingo.commons.api.data.ComplexValue;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmComplexType;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmStructuredType;
import org.apache.olingo.commons.api.edm.constants.EdmTypeKind;
import org.apache.olingo.server.api.uri.UriHelper;

/** Turns store rows into Olingo entities for the OData 4 serializers. */
final class EntityConverter {

    private final UriHelper uriHelper;

    EntityConverter(UriHelper uriHelper) {
        this.uriHelper = uriHelper;
    }

    Entity entity(EntityRow row, EdmEntitySet set, EdmEntityType type) {
        Entity e = new Entity();
        e.setType(type.getFullQualifiedName().getFullQualifiedNameAsString());
        fill(row.values(), type, e.getProperties());
        for (Map.Entry<String, List<EntityRow>> x : row.expanded().entrySet()) {
            EdmNavigationProperty nav = type.getNavigationProperty(x.getKey());
            EdmEntitySet targetSet = set == null ? null : (EdmEntitySet) set.getRelatedBindingTarget(x.getKey());
            Link link = new Link();
            link.setTitle(x.getKey());
            if (nav.isCollection()) {
                EntityCollection c = new EntityCollection();
                for (EntityRow r : x.getValue()) {
                    c.getEntities().add(entity(r, targetSet, nav.getType()));
                }
                link.setInlineEntitySet(c);
            } else if (!x.getValue().isEmpty()) {
                link.setInlineEntity(entity(x.getValue().get(0), targetSet, nav.getType()));
            }
            e.getNavigationLinks().add(link);
        }
        if (set != null) {
            try {
                e.setId(URI.create(uriHelper.buildCanonicalURL(set, e)));
            } catch (org.apache.olingo.server.api.serializer.SerializerException ex) {
                throw new IllegalStateException("cannot build the id of an entity of " + set.getName(), ex);
            }
            namedStreams(type, e);
        }
        return e;
    }

    /**
     * A named stream ({@code Edm.Stream}, e.g. {@code VMConnection}) gets its media read link as its
     * value. Without one, Olingo's serializer writes a bare {@code "VMConnection@odata.type":"#Stream"}
     * in full metadata, which Olingo's client rejects ("Cannot build a primitive value for Stream").
     */
    private static void namedStreams(EdmEntityType type, Entity e) {
        for (String name : type.getPropertyNames()) {
            EdmProperty p = type.getStructuralProperty(name);
            if (!p.isCollection() && p.getType().getFullQualifiedName()
                    .equals(EdmPrimitiveTypeKind.Stream.getFullQualifiedName())) {
                Link link = new Link();
                link.setRel(Constants.NS_MEDIA_READ_LINK_REL);
                link.setHref(e.getId() + "/" + name);
                e.getProperties().add(new Property(null, name, ValueType.PRIMITIVE, link));
            }
        }
    }

    static void fill(Map<String, Object> values, EdmStructuredType type, List<Property> out) {
        for (Map.Entry<String, Object> v : values.entrySet()) {
            EdmProperty p = type.getStructuralProperty(v.getKey());
            if (p != null && !p.getType().getFullQualifiedName()
                    .equals(EdmPrimitiveTypeKind.Stream.getFullQualifiedName())) {
                out.add(property(p, v.getValue()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Property property(EdmProperty p, Object value) {
        boolean complex = p.getType().getKind() == EdmTypeKind.COMPLEX;
        if (p.isCollection()) {
            List<Object> items = new ArrayList<>();
            for (Object o : value == null ? List.of() : (List<Object>) value) {
                items.add(complex ? complexValue((EdmComplexType) p.getType(), (Map<String, Object>) o) : primitive(o));
            }
            return new Property(null, p.getName(), complex ? ValueType.COLLECTION_COMPLEX : ValueType.COLLECTION_PRIMITIVE, items);
        }
        if (complex) {
            return new Property(null, p.getName(), ValueType.COMPLEX,
                    value == null ? null : complexValue((EdmComplexType) p.getType(), (Map<String, Object>) value));
        }
        return new Property(null, p.getName(), ValueType.PRIMITIVE, primitive(value));
    }

    private static ComplexValue complexValue(EdmComplexType type, Map<String, Object> values) {
        ComplexValue cv = new ComplexValue();
        fill(values, type, cv.getValue());
        return cv;
    }

    static Object primitive(Object v) {
        if (v instanceof Instant i) {
            return Timestamp.from(i);
        }
        return v;
    }
}
