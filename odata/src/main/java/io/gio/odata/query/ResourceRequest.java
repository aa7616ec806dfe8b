package io.gio.odata.query;

import static java.util.Objects.requireNonNull;

import io.gio.spf.query.EntityQuery;
import java.util.Optional;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;

/**
 * What a parsed OData resource path asks for, independent of the dialect.
 *
 * @param entitySet the set whose entities are addressed (after navigation)
 * @param query the store query that reads them (key, filter, order, paging, select, expand)
 * @param property the property addressed below the entity, if any; for an {@link Kind#ACTION}, the action
 * @param count whether the total count of the collection is requested ($count=true / $inlinecount)
 */
public record ResourceRequest(
        Kind kind,
        EdmEntitySet entitySet,
        EdmEntityType entityType,
        EntityQuery query,
        Optional<String> property,
        boolean count) {

    public enum Kind {
        /** A collection of entities. */
        COLLECTION,
        /** One entity (by key or by a single-valued navigation). */
        ENTITY,
        /** One property of one entity. */
        PROPERTY,
        /** The raw value of a primitive property ({@code /$value}). */
        PROPERTY_VALUE,
        /** The number of entities in a collection ({@code /$count}). */
        COUNT,
        /** The content of a named stream (an {@code Edm.Stream} property) of one entity. */
        STREAM,
        /** A bound action invoked on one entity addressed by its key ({@code POST .../VMM.Expand}). */
        ACTION
    }

    public ResourceRequest {
        requireNonNull(kind, "kind is null");
        requireNonNull(entitySet, "entitySet is null");
        requireNonNull(entityType, "entityType is null");
        requireNonNull(query, "query is null");
        requireNonNull(property, "property is null");
    }

    /** The single entity of {@code collection}'s set with the given key (e.g. one just created). */
    public static ResourceRequest entity(ResourceRequest collection, java.util.Map<String, Object> key) {
        EntityQuery q = new EntityQuery(collection.entitySet().getName(), Optional.empty(), key, Optional.empty(),
                java.util.List.of(), java.util.OptionalInt.empty(), 0, java.util.List.of(), java.util.List.of());
        return new ResourceRequest(Kind.ENTITY, collection.entitySet(), collection.entityType(), q, Optional.empty(), false);
    }

    /** The entity's key values in the order the type declares them. */
    public java.util.Map<String, Object> key() {
        return query.key();
    }
}
