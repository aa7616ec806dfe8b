package io.gio.spf.demo;

import io.gio.cluster.spi.PowerState;
import java.util.List;

/** A demo tenant: its user, the VM name prefix for extra VMs, and its hand-made VMs. */
record DemoTenant(String name, String user, String prefix, List<DemoVm> vms) {

    static final List<DemoTenant> ALL = List.of(
            new DemoTenant("Contoso", "alice@contoso.example", "contoso", List.of(
                    DemoVm.of("web01", PowerState.RUNNING, 2, 4096, "ws2012r2", 60, 18, 2),
                    DemoVm.of("web02", PowerState.RUNNING, 2, 4096, "ws2012r2", 60, 17, 2),
                    DemoVm.of("sql01", PowerState.RUNNING, 4, 16384, "ws2008r2", 80, 30, 20).withData(500, 320),
                    DemoVm.of("app01", PowerState.STOPPED, 2, 8192, "ws2008r2", 80, 25, 4),
                    DemoVm.of("dc01", PowerState.RUNNING, 1, 2048, "ws2008r2", 40, 14, 1),
                    DemoVm.of("build01", PowerState.PAUSED, 4, 8192, "centos7", 100, 60, 8),
                    DemoVm.of("files01", PowerState.SAVED, 2, 4096, "ws2008r2", 60, 20, 3).withData(200, 150))),
            new DemoTenant("Fabrikam", "bob@fabrikam.example", "fabrikam", List.of(
                    DemoVm.of("fab-web01", PowerState.RUNNING, 2, 4096, "centos7", 40, 9, 2),
                    DemoVm.of("fab-db01", PowerState.RUNNING, 4, 16384, "centos7", 50, 12, 15).withData(300, 210),
                    DemoVm.of("fab-app01", PowerState.STOPPED, 2, 8192, "ws2012r2", 80, 28, 3),
                    DemoVm.of("fab-mail01", PowerState.SAVED, 2, 8192, "ws2008r2", 120, 95, 6),
                    DemoVm.of("fab-test01", PowerState.PAUSED, 1, 2048, "ws2012r2", 60, 16, 1),
                    DemoVm.of("fab-jump01", PowerState.RUNNING, 1, 1792, "ws2012r2", 60, 15, 1))));
}
