package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * An action bound to one entity of a set, as SPF declares them (OData 3: a bindable
 * {@code FunctionImport} with side effects; OData 4: a bound {@code Action}), with no return value.
 *
 * @param name the action's name, e.g. {@code Expand}
 * @param bindingParameter the name of the binding parameter, e.g. {@code VirtualDiskDrive}
 * @param bindingType the qualified entity type it is bound to, e.g. {@code VMM.VirtualDiskDrive}
 * @param parameters the parameters a request body carries, in order
 */
public record ActionDef(String name, String bindingParameter, String bindingType, List<PropertyDef> parameters) {

    public ActionDef {
        requireNonNull(name, "name is null");
        requireNonNull(bindingParameter, "bindingParameter is null");
        requireNonNull(bindingType, "bindingType is null");
        parameters = List.copyOf(parameters);
    }

    /** The namespace of the type it is bound to, which also qualifies the action: {@code VMM}. */
    public String namespace() {
        return bindingType.substring(0, bindingType.lastIndexOf('.'));
    }

    /**
     * Whether a URL's last segment names this action: {@code Expand}, as WCF Data Services clients
     * send it, or qualified by the namespace or the container ({@code VMM.Expand}).
     */
    public boolean isNamedBy(String segment, String containerName) {
        String s = segment.toLowerCase(Locale.ROOT);
        return s.equals(name.toLowerCase(Locale.ROOT)) || s.equals((namespace() + "." + name).toLowerCase(Locale.ROOT))
                || s.equals((containerName + "." + name).toLowerCase(Locale.ROOT));
    }
}
