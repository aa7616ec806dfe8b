package io.gio.conformance;

import org.junit.jupiter.api.Test;

/**
 * Microsoft's datajs 1.0.3, the WCF Data Services era JavaScript OData client, run in Node
 * against the gateway's OData 3 dialect ({@code src/test/js/datajs.test.js}). datajs parses the
 * EDMX 1.0 {@code $metadata} and the AtomPub service document, reads {@code VirtualMachines}
 * with {@code $filter} ({@code substringof}, {@code Status eq}), {@code $orderby}, {@code $skip},
 * {@code $top}, {@code $inlinecount}, {@code $select}, by key and with {@code $expand}, in
 * verbose JSON and in Atom, and updates a VM with MERGE and PUT (a rename, then
 * {@code Suspend} and {@code Resume} operations whose jobs it polls). Every answer is checked
 * against what the same client read elsewhere: names, counts, orders, statuses.
 */
class DatajsClientIT {

    @Test
    void datajsReadsAndUpdatesTheOData3Dialect() throws Exception {
        NodeSuite.run(SharedGateway.get(), "datajs.test.js").assertAllPassed(26);
    }
}
