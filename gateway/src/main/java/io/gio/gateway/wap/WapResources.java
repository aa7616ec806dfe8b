package io.gio.gateway.wap;

import io.gio.spf.SpfAdapter;
import org.glassfish.jersey.server.ResourceConfig;

/** Registers WAP's management API (admin and tenant) and SPF's Admin service. */
public final class WapResources {

    private WapResources() {}

    public static void register(ResourceConfig rc, SpfAdapter adapter, io.gio.cluster.spi.ClusterDriver driver,
            io.gio.gateway.console.ConsoleTickets tickets) {
        rc.register(new ConsoleResource(adapter, driver, tickets));
        rc.register(new WapSubscriptionsResource(adapter));
        rc.register(new WapPlansResource.Plans(adapter));
        rc.register(new WapPlansResource.AddOns(adapter));
        rc.register(new WapUsersResource(adapter));
        rc.register(new SpfAdminResource(adapter));
        rc.register(new SimFaultsResource(driver));
        rc.register(new MigrationAdminResource(adapter));
    }
}
