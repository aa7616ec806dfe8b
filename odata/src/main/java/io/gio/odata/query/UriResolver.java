package io.gio.odata.query;

import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.ExpandItem;
import io.gio.spf.query.Expr;
import io.gio.spf.query.Navigation;
import io.gio.spf.query.OrderItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmKeyPropertyRef;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;
import org.apache.olingo.server.api.uri.UriResourceCount;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.UriResourceValue;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;

/** Turns a parsed OData URI (either dialect, after translation) into a {@link ResourceRequest}. */
public final class UriResolver {
    private UriResolver() {}

    public static ResourceRequest resolve(UriInfo uri) {
        List<UriResource> parts = uri.getUriResourceParts();
        if (parts.isEmpty() || !(parts.get(0) instanceof UriResourceEntitySet root)) {
            throw SpfException.badRequest("The resource path must start with an entity set.");
        }
        EdmEntitySet set = root.getEntitySet();
        Map<String, Object> key = keys(set.getEntityType(), root.getKeyPredicates());
        Optional<Navigation> via = Optional.empty();
        boolean single = !key.isEmpty();
        int i = 1;
        if (i < parts.size() && parts.get(i) instanceof UriResourceNavigation nav) {
            if (!single) {
                throw SpfException.badRequest("Navigation needs a key: " + set.getName() + "(...)/" + nav.getSegmentValue());
            }
            EdmNavigationProperty np = nav.getProperty();
            via = Optional.of(new Navigation(set.getName(), key, np.getName()));
            EdmEntitySet target = (EdmEntitySet) set.getRelatedBindingTarget(np.getName());
            if (target == null) {
                throw SpfException.badRequest("The navigation property " + np.getName() + " has no entity set.");
            }
            set = target;
            key = keys(set.getEntityType(), nav.getKeyPredicates());
            single = !np.isCollection() || !key.isEmpty();
            i++;
        }
        ResourceRequest.Kind kind = single ? ResourceRequest.Kind.ENTITY : ResourceRequest.Kind.COLLECTION;
        Optional<String> property = Optional.empty();
        if (i < parts.size() && parts.get(i) instanceof UriResourceCount) {
            if (single) {
                throw SpfException.badRequest("$count applies to collections only.");
            }
            kind = ResourceRequest.Kind.COUNT;
            i++;
        } else if (i < parts.size() && parts.get(i) instanceof UriResourceProperty p) {
            if (!single) {
                throw SpfException.badRequest("A property can only be addressed on a single entity.");
            }
            property = Optional.of(p.getProperty().getName());
            kind = ResourceRequest.Kind.PROPERTY;
            i++;
            if ("Edm.Stream".equals(p.getProperty().getType().getFullQualifiedName().getFullQualifiedNameAsString())) {
                if (via.isPresent()) {
                    throw SpfException.badRequest("Address the entity by its key to read its stream "
                            + p.getProperty().getName() + ".");
                }
                kind = ResourceRequest.Kind.STREAM;
            }
            if (i < parts.size() && parts.get(i) instanceof UriResourceValue) {
                if (kind == ResourceRequest.Kind.PROPERTY && !(p.getProperty().getType() instanceof EdmPrimitiveType
                        && !p.getProperty().isCollection())) {
                    throw SpfException.badRequest("$value reads a primitive property; " + p.getProperty().getName()
                            + " is " + (p.getProperty().isCollection() ? "a collection" : "a complex value") + ".");
                }
                // a named stream's $value is the stream itself
                kind = kind == ResourceRequest.Kind.STREAM ? kind : ResourceRequest.Kind.PROPERTY_VALUE;
                i++;
            }
        }
        if (i < parts.size() && parts.get(i) instanceof UriResourceAction action && kind == ResourceRequest.Kind.ENTITY) {
            if (via.isPresent() || key.isEmpty()) {
                throw SpfException.badRequest("The action " + action.getAction().getName() + " is invoked on one "
                        + set.getName() + " entity addressed by its key.");
            }
            property = Optional.of(action.getAction().getName());
            kind = ResourceRequest.Kind.ACTION;
            i++;
        }
        if (i < parts.size()) {
            throw SpfException.badRequest("The segment '" + parts.get(i).getSegmentValue() + "' is not supported here.");
        }
        unsupported("$search", uri.getSearchOption());
        unsupported("$apply", uri.getApplyOption());
        EntityQuery q = new EntityQuery(set.getName(), via, key, filter(uri), orderBy(uri), top(uri), skip(uri),
                select(uri.getSelectOption()), expand(uri.getExpandOption()));
        boolean count = uri.getCountOption() != null && uri.getCountOption().getValue();
        return new ResourceRequest(kind, set, set.getEntityType(), q, property, count);
    }

    /** A query option this service does not implement is refused (501), never silently ignored. */
    private static void unsupported(String option, Object given) {
        if (given != null) {
            throw new SpfException(io.gio.spf.SpfErrorCode.NOT_IMPLEMENTED, option + " is not supported by this service;"
                    + " use $filter, $orderby, $top, $skip, $count, $select and $expand on the entity set.");
        }
    }

    static Map<String, Object> keys(EdmEntityType type, List<UriParameter> predicates) {
        Map<String, Object> key = new LinkedHashMap<>();
        if (predicates == null || predicates.isEmpty()) {
            return key;
        }
        for (EdmKeyPropertyRef ref : type.getKeyPropertyRefs()) {
            UriParameter p = predicates.stream().filter(x -> x.getName().equals(ref.getName())).findFirst()
                    .orElseThrow(() -> SpfException.badRequest("The key property " + ref.getName() + " is missing."));
            EdmPrimitiveType t = (EdmPrimitiveType) ref.getProperty().getType();
            EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.valueOfFQN(t.getFullQualifiedName());
            key.put(ref.getName(), LiteralConverter.key(p.getText(), kind));
        }
        return key;
    }

    private static Optional<Expr> filter(UriInfo uri) {
        return uri.getFilterOption() == null ? Optional.empty()
                : Optional.of(FilterTranslator.translate(uri.getFilterOption().getExpression()));
    }

    private static List<OrderItem> orderBy(UriInfo uri) {
        List<OrderItem> out = new ArrayList<>();
        if (uri.getOrderByOption() != null) {
            for (OrderByItem o : uri.getOrderByOption().getOrders()) {
                if (o.getExpression() instanceof org.apache.olingo.server.api.uri.queryoption.expression.Member m
                        && !m.getResourcePath().getUriResourceParts().isEmpty()
                        && m.getResourcePath().getUriResourceParts().get(m.getResourcePath().getUriResourceParts().size() - 1)
                                instanceof org.apache.olingo.server.api.uri.UriResourceComplexProperty c) {
                    throw SpfException.badRequest("$orderby takes primitive values; " + c.getProperty().getName()
                            + " is a complex property (order by one of its members, such as "
                            + c.getProperty().getName() + "/" + ((org.apache.olingo.commons.api.edm.EdmComplexType)
                                    c.getProperty().getType()).getPropertyNames().get(0) + ").");
                }
                out.add(new OrderItem(FilterTranslator.translate(o.getExpression()), o.isDescending()));
            }
        }
        return out;
    }

    private static OptionalInt top(UriInfo uri) {
        return uri.getTopOption() == null ? OptionalInt.empty() : OptionalInt.of(uri.getTopOption().getValue());
    }

    private static int skip(UriInfo uri) {
        return uri.getSkipOption() == null ? 0 : uri.getSkipOption().getValue();
    }

    static List<String> select(SelectOption option) {
        List<String> out = new ArrayList<>();
        if (option == null) {
            return out;
        }
        for (SelectItem item : option.getSelectItems()) {
            if (item.isStar()) {
                return List.of();
            }
            List<UriResource> path = item.getResourcePath() == null ? List.of() : item.getResourcePath().getUriResourceParts();
            if (!path.isEmpty()) {
                out.add(path.get(0).getSegmentValue());
            }
        }
        return out;
    }

    private static List<ExpandItem> expand(ExpandOption option) {
        List<ExpandItem> out = new ArrayList<>();
        if (option == null) {
            return out;
        }
        for (org.apache.olingo.server.api.uri.queryoption.ExpandItem item : option.getExpandItems()) {
            if (item.isStar()) {
                throw SpfException.badRequest("$expand=* is not supported; name the navigation properties.");
            }
            List<UriResource> path = item.getResourcePath().getUriResourceParts();
            if (path.size() != 1 || !(path.get(0) instanceof UriResourceNavigation nav)) {
                throw SpfException.badRequest("Only one level of navigation can be expanded.");
            }
            if (item.getExpandOption() != null) {
                throw SpfException.badRequest("Nested $expand is not supported.");
            }
            String inside = " inside $expand";
            unsupported("$filter" + inside, item.getFilterOption());
            unsupported("$orderby" + inside, item.getOrderByOption());
            unsupported("$top" + inside, item.getTopOption());
            unsupported("$skip" + inside, item.getSkipOption());
            unsupported("$count" + inside, item.getCountOption());
            unsupported("$search" + inside, item.getSearchOption());
            unsupported("$levels" + inside, item.getLevelsOption());
            unsupported("$apply" + inside, item.getApplyOption());
            // the store reads the target's key too: every entity written needs its ID and edit link
            out.add(new ExpandItem(nav.getProperty().getName(),
                    RowCompleter.withKeys(nav.getProperty().getType(), select(item.getSelectOption()))));
        }
        return out;
    }
}
