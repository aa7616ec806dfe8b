package io.gio.spf;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.PasswordHasher;
import io.gio.spf.demo.DemoData;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.inventory.InventorySync;
import io.gio.spf.inventory.VmInventoryWriter;
import io.gio.spf.jobs.JobRunner;
import io.gio.spf.jobs.JobStore;
import io.gio.spf.jobs.VmJobs;
import io.gio.spf.checkpoint.Checkpoints;
import io.gio.spf.extension.Backups;
import io.gio.spf.extension.QosSettings;
import io.gio.spf.extension.Screenshots;
import io.gio.spf.network.VmNetworks;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.VmmMappings;
import io.gio.spf.store.SpfStore;
import io.gio.spf.tenancy.AddOns;
import io.gio.spf.tenancy.Plans;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.SubscriptionTeardown;
import io.gio.spf.tenancy.Subscriptions;
import io.gio.spf.lifecycle.AccountRemoval;
import io.gio.spf.lifecycle.SubscriptionRemoval;
import io.gio.spf.vm.NetworkAdapters;
import io.gio.spf.vm.VmCommands;
import io.gio.spf.vm.VmProvisioning;
import io.gio.spf.vm.DiskExpansions;
import io.gio.spf.vm.VmSettings;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.sql.DataSource;

/**
 * The SPF adapter's one entry point: SPF/VMM semantics (entity reads, VM commands as jobs,
 * accounts, demo data) over a cluster driver and the relational store.
 */
public final class SpfAdapter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpfAdapter.class);
    /** How often the migration engine runs its pass, in real time. */
    private static final Duration MIGRATION_PASS = Duration.ofMillis(250);
    /** How often the fabric's inventory is refreshed (VMs adopted, lost ones marked), in real time. */
    public static final Duration INVENTORY_REFRESH = Duration.ofSeconds(60);

    private final SpfStore store;
    private final ClusterDriver driver;
    private final Clock clock;
    private final EntityReader reader;
    private final JobStore jobs;
    private final VmStore vms;
    private final VmCommands commands;
    private final JobRunner runner;
    private final Accounts accounts;
    private final VmProvisioning provisioning;
    private final VmNetworks vmNetworks;
    private final Checkpoints checkpoints;
    private final VmSettings settings;
    private final DiskExpansions diskExpansions;
    private final NetworkAdapters networkAdapters;
    private final Screenshots screenshots;
    private final QosSettings qos;
    private final Backups backups;
    private final Plans plans;
    private final AddOns addOns;
    private final Subscriptions subscriptions;
    private final Quotas quotas;
    private final SubscriptionTeardown teardown;
    private final io.gio.spf.accounts.Directory directory;
    private final SubscriptionRemoval removal;
    private final io.gio.spf.migration.Migrations migrations;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> expiry;
    private final io.gio.spf.inventory.VmAdoption adoption;
    private ScheduledExecutorService refresher;

    private SpfAdapter(DataSource dataSource, SpfStore store, ClusterDriver driver, Clock clock,
            ScheduledExecutorService scheduler, int passwordIterations) {
        this.store = store;
        this.driver = driver;
        this.clock = clock;
        this.reader = new EntityReader(store.jdbi(), VmmMappings.all(), io.gio.spf.query.Scope.unrestricted());
        this.jobs = new JobStore(store.jdbi());
        this.vms = new VmStore(store.jdbi());
        this.commands = new VmCommands(vms, jobs, driver, clock);
        VmJobs vmJobs = new VmJobs(jobs, vms, clock);
        this.quotas = new Quotas(store.jdbi(), clock);
        this.checkpoints = new Checkpoints(store.jdbi(), driver, vms, vmJobs, clock);
        this.settings = new VmSettings(store.jdbi(), vms, vmJobs, driver, clock, quotas);
        this.diskExpansions = new DiskExpansions(store.jdbi(), vms, vmJobs, driver, clock, quotas);
        this.networkAdapters = new NetworkAdapters(store.jdbi(), driver, vms, vmJobs);
        this.screenshots = new Screenshots(store.jdbi(), driver);
        this.qos = new QosSettings(store.jdbi(), driver);
        this.backups = new Backups(store.jdbi(), driver, vms, vmJobs, clock);
        this.scheduler = scheduler;
        this.runner = new JobRunner(jobs, vms, driver, clock, scheduler, this::jobFinished);
        this.accounts = new Accounts(store.jdbi(), new PasswordHasher(passwordIterations), clock);
        this.vmNetworks = new VmNetworks(store.jdbi(), jobs, clock);
        this.plans = new Plans(store.jdbi(), clock);
        this.addOns = new AddOns(store.jdbi(), clock);
        this.subscriptions = new Subscriptions(store.jdbi(), clock);
        this.teardown = new SubscriptionTeardown(store.jdbi(), clock);
        this.directory = new io.gio.spf.accounts.Directory(store.jdbi(), accounts, clock);
        this.removal = new SubscriptionRemoval(store.jdbi(), teardown, commands, vmNetworks, jobs, directory, scheduler);
        this.provisioning = new VmProvisioning(store.jdbi(), driver, jobs, vms, new VmInventoryWriter(store.jdbi()), clock,
                quotas);
        this.migrations = new io.gio.spf.migration.Migrations(dataSource, store.jdbi(), driver, clock, scheduler, jobs,
                vms, subscriptions, quotas);
        this.adoption = new io.gio.spf.inventory.VmAdoption(store.jdbi(), driver, vms, clock);
    }

    /**
     * Opens the adapter: migrates its schema and refreshes the fabric's inventory. Jobs do not
     * advance until {@link #startJobs(Duration)}.
     */
    public static SpfAdapter open(DataSource dataSource, ClusterDriver driver, Clock clock,
            ScheduledExecutorService scheduler, int passwordIterations) {
        SpfAdapter a = new SpfAdapter(dataSource, SpfStore.open(dataSource), driver, clock, scheduler, passwordIterations);
        new InventorySync(a.store.jdbi(), driver).run();
        return a;
    }

    /**
     * Starts advancing jobs and the removal of deleted subscriptions every {@code period}, the
     * migration engine every 250 ms, expiring backups past their retention every minute, and the
     * inventory refresh at once and then every {@link #INVENTORY_REFRESH}, on a thread of its own.
     */
    public synchronized void startJobs(Duration period) {
        runner.start(period);
        removal.start(period);
        migrations.start(MIGRATION_PASS);
        if (expiry == null && driver.backups().isPresent()) {
            expiry = scheduler.scheduleWithFixedDelay(this::expireBackups, 0, 60, TimeUnit.SECONDS);
        }
        if (refresher == null) {
            refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gio-inventory-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshInBackground, 0, INVENTORY_REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * VMM's refresh, run now on the calling thread: the fabric's stamps, networks and templates, then its VMs
     * ({@link io.gio.spf.inventory.VmAdoption}: unknown ones adopted, lost ones marked Missing).
     */
    public io.gio.spf.inventory.VmAdoption.Result refreshInventory() {
        new InventorySync(store.jdbi(), driver).run();
        new io.gio.spf.inventory.TemplateSync(store.jdbi(), driver, clock).run();
        return adoption.run();
    }

    private void refreshInBackground() {
        try {
            refreshInventory();
        } catch (RuntimeException e) {
            LOG.error("Refreshing the fabric's inventory failed; retrying in {} s", INVENTORY_REFRESH.toSeconds(), e);
        }
    }

    private void expireBackups() {
        try {
            backups.expire();
        } catch (RuntimeException e) {
            LOG.error("Expiring backups failed; retrying in a minute", e);
        }
    }

    /**
     * The entity reader for a scope: {@link io.gio.spf.query.Scope#unrestricted()} for the SPF
     * administrator, a subscription's scope for the WAP tenant service. There is no reader without one.
     */
    public EntityReader reader(io.gio.spf.query.Scope scope) {
        return scope.isUnrestricted() ? reader : reader.scoped(scope);
    }

    public VmCommands vmCommands() {
        return commands;
    }

    public VmProvisioning vmProvisioning() {
        return provisioning;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** SPF's Expand action on virtual disk drives. */
    public DiskExpansions diskExpansions() {
        return diskExpansions;
    }

    public VmSettings vmSettings() {
        return settings;
    }

    public NetworkAdapters networkAdapters() {
        return networkAdapters;
    }

    public Screenshots screenshots() {
        return screenshots;
    }

    public QosSettings qos() {
        return qos;
    }

    /** The cluster driver under the adapter (fault injection and admin views use it directly). */
    public ClusterDriver driver() {
        return driver;
    }

    public Backups backups() {
        return backups;
    }

    /** Migrations between stamps as the API offers them (scope checks, jobs, the VMM view). */
    public io.gio.spf.migration.Migrations migrations() {
        return migrations;
    }

    /** The migration engine itself: the operator's settings and the queue across tenants. */
    public io.gio.migration.MigrationEngine migrationEngine() {
        return migrations.engine();
    }

    /** What a finished job changes in the VMM view besides the VM's observed state. */
    private void jobFinished(JobStore.OpenJob job, boolean succeeded) {
        if (job.targetId() != null && DiskExpansions.ACTION.equals(job.action())) {
            diskExpansions.jobEnded(job.targetId()); // the new size counts before its reservation goes
        }
        quotas.settle(job.id());
        if (job.targetId() == null) {
            return;
        }
        if (succeeded && JobRunner.DELETE.equals(job.action())) {
            vms.remove(job.targetId());
        } else if (Checkpoints.ACTION.equals(job.action()) && driver.vm(job.targetId()).isPresent()) {
            checkpoints.sync(job.targetId());
        } else if (NetworkAdapters.ACTION.equals(job.action())) {
            networkAdapters.jobEnded(job.id(), job.targetId(), succeeded);
        } else if (Backups.ACTION.equals(job.action())) {
            backups.jobEnded(job.id(), succeeded);
            if (driver.vm(job.targetId()).isPresent() && driver.checkpoints().isPresent()) {
                checkpoints.sync(job.targetId());
            }
        }
    }

    public VmNetworks vmNetworks() {
        return vmNetworks;
    }

    public JobRunner jobRunner() {
        return runner;
    }

    public Accounts accounts() {
        return accounts;
    }

    /** Users, tenants and stamps as the admin API and SPF's Admin service show them. */
    public io.gio.spf.accounts.Directory directory() {
        return directory;
    }

    /** Deletes subscriptions as WAP does: marked Deleting at once, their VMs, cloud and role removed in the background. */
    public SubscriptionRemoval subscriptionRemoval() {
        return removal;
    }

    /** Why the removal of a subscription being deleted is stuck (its last error), if it is. */
    public java.util.Optional<String> subscriptionLastError(java.util.UUID subscriptionId) {
        return teardown.lastError(subscriptionId);
    }

    /** Deletes user accounts, with their subscriptions when asked to. */
    public AccountRemoval accountRemoval() {
        return new AccountRemoval(directory, removal);
    }

    /** The gateway's stored token-signing keys. */
    public io.gio.spf.accounts.SigningKeyStore signingKeys() {
        return new io.gio.spf.accounts.SigningKeyStore(store.jdbi());
    }

    /** WAP plans for VM Clouds. */
    public Plans plans() {
        return plans;
    }

    /** Add-ons: the packs and the Backup option. */
    public AddOns addOns() {
        return addOns;
    }

    /** WAP subscriptions, each bound to one cloud and user role. */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Subscriptions' effective quotas, usage and atomic reservations. */
    public Quotas quotas() {
        return quotas;
    }

    public DemoData demoData() {
        return new DemoData(store.jdbi(), driver, accounts, new VmInventoryWriter(store.jdbi()), clock,
                new DemoTenancy(plans, addOns, subscriptions));
    }

    @Override
    public synchronized void close() {
        runner.close();
        removal.close();
        migrations.close();
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
