package io.gio.odata.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.gio.odata.model.ComplexTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes property values (primitive, complex, collections) in JSON light or verbose form. */
final class StructuredValueWriter {
    private final VmmModel model;
    private final boolean verbose;

    StructuredValueWriter(VmmModel model, boolean verbose) {
        this.model = model;
        this.verbose = verbose;
    }

    void write(JsonGenerator g, PropertyDef p, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (p.isCollection()) {
            List<?> list = V3Values.require(p, value, List.class);
            if (verbose) {
                g.writeStartObject();
                g.writeObjectFieldStart("__metadata");
                g.writeStringField("type", p.type());
                g.writeEndObject();
                g.writeFieldName("results");
            }
            g.writeStartArray();
            for (Object element : list) {
                if (p.hasComplexElements()) {
                    complex(g, p, p.elementType(), element);
                } else {
                    V3Values.write(g, p, p.elementType(), element, verbose);
                }
            }
            g.writeEndArray();
            if (verbose) {
                g.writeEndObject();
            }
        } else if (p.isComplex()) {
            complex(g, p, p.type(), value);
        } else {
            V3Values.write(g, p, p.type(), value, verbose);
        }
    }

    /** Writes the members of a complex value (without the enclosing braces). */
    void complexMembers(JsonGenerator g, PropertyDef p, ComplexTypeDef type, Map<?, ?> map) throws IOException {
        int written = 0;
        for (PropertyDef member : type.properties()) {
            if (map.containsKey(member.name())) {
                g.writeFieldName(member.name());
                write(g, member, map.get(member.name()));
                written++;
            }
        }
        if (written != map.size()) {
            Object unknown = map.keySet().stream().filter(k -> type.property(String.valueOf(k)).isEmpty())
                    .map(String::valueOf).findFirst().orElse("?");
            throw new IllegalArgumentException("property " + p.name() + ": complex type " + model.qualifiedName(type)
                    + " has no property " + unknown);
        }
    }

    ComplexTypeDef complexType(PropertyDef p, String typeName) {
        return model.complexType(typeName).orElseThrow(() -> new IllegalArgumentException(
                "property " + p.name() + " refers to unknown complex type " + typeName));
    }

    private void complex(JsonGenerator g, PropertyDef p, String typeName, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        Map<?, ?> map = V3Values.require(p, value, Map.class);
        ComplexTypeDef type = complexType(p, typeName);
        g.writeStartObject();
        if (verbose) {
            g.writeObjectFieldStart("__metadata");
            g.writeStringField("type", typeName);
            g.writeEndObject();
        }
        complexMembers(g, p, type, map);
        g.writeEndObject();
    }
}
