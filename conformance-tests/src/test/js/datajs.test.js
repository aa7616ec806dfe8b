'use strict';
/**
 * Microsoft's datajs 1.0.3, a WCF Data Services era OData client, against the gateway's OData 3
 * dialect: $metadata (datajs's own EDMX parser), the service document, queries, reads by key,
 * $expand, navigation, $count, and updates, in verbose JSON (datajs's JSON format) and in Atom.
 *
 * datajs sends MaxDataServiceVersion: 2.0 on every request. Its JSON handler accepts
 * "application/json,application/json;odata=verbose" and its default handler
 * "application/atomsvc+xml;q=0.8, application/json;odata=verbose;q=0.5, *\/*;q=0.1".
 * datajs 1.0.3 predates JSON light, so minimal and full metadata are not tried.
 */
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { OData, send, header, entityPath } = require('./lib/datajs-node');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTOSO = ['web01', 'web02', 'sql01', 'app01', 'dc01', 'build01', 'files01'];
const FABRIKAM = ['fab-web01', 'fab-db01'];
/** Demo VMs ("contoso-vm-000139") that no other suite touches: the only ones this suite changes. */
const SPARE_VM = "substringof('-vm-',Name)";
const JOB_WAIT_MS = 60000;

let metadata;

function names(entities) {
  return entities.map((e) => e.Name);
}

function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key predicate of an entity, as datajs clients build it. */
function keyOf(vm) {
  return `(ID=guid'${vm.ID}',StampId=guid'${vm.StampId}')`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('datajs reads $metadata (EDMX 1.0, CSDL 3)', () => {
  let schemas;
  let vmm;
  let container;

  /** Every declared entity type and association, by qualified name, over all schemas. */
  const declared = (kind) => new Map(schemas.flatMap((s) => (s[kind] || []).map((t) => [`${s.namespace}.${t.name}`, t])));

  before(async () => {
    const { data, response } = await send({ requestUri: '$metadata' }, OData.metadataHandler);
    assert.match(header(response, 'Content-Type'), /^application\/xml/);
    metadata = data;
    assert.ok(metadata && metadata.dataServices, 'datajs parsed no data services from $metadata');
    schemas = metadata.dataServices.schema;
    vmm = schemas.find((s) => s.namespace === 'VMM');
    assert.ok(vmm, 'no VMM schema');
    container = schemas.flatMap((s) => s.entityContainer || []).find((c) => c.isDefaultEntityContainer === 'true');
    assert.ok(container, 'no default entity container');
  });

  it('is EDMX 1.0 with DataServiceVersion 3.0', () => {
    assert.equal(metadata.version, '1.0');
    assert.equal(metadata.dataServices.dataServiceVersion, '3.0');
  });

  it('lists the VMM entity sets, each of a declared entity type', () => {
    const sets = container.entitySet.map((s) => s.name);
    for (const set of ['VirtualMachines', 'Clouds', 'Jobs', 'VMCheckPoints', 'VirtualHardDisks', 'VMTemplates',
      'HardwareProfiles', 'VMNetworks', 'LogicalNetworks', 'VirtualNetworkAdapters']) {
      assert.ok(sets.includes(set), `entity set ${set} missing from ${sets}`);
    }
    const types = declared('entityType');
    for (const set of container.entitySet) {
      assert.ok(types.has(set.entityType), `${set.name} has undeclared type ${set.entityType}`);
    }
  });

  it('types VirtualMachine as SPF does: key (ID, StampId), typed properties', () => {
    const vm = vmm.entityType.find((t) => t.name === 'VirtualMachine');
    assert.deepEqual(vm.key.propertyRef.map((p) => p.name).sort(), ['ID', 'StampId']);
    const type = (name) => (vm.property.find((p) => p.name === name) || {}).type;
    assert.equal(type('ID'), 'Edm.Guid');
    assert.equal(type('Name'), 'Edm.String');
    assert.equal(type('AddedTime'), 'Edm.DateTime');
    assert.equal(type('TotalSize'), 'Edm.Int64');
    assert.equal(type('Owner'), 'VMM.UserAndRole');
    assert.equal(type('VMNetworkAssignments'), 'Collection(VMM.VMNetworkAssignment)');
  });

  it('resolves every navigation property through an association and an association set', () => {
    const associations = declared('association');
    for (const [typeName, type] of declared('entityType')) {
      for (const nav of type.navigationProperty || []) {
        const assoc = associations.get(nav.relationship);
        assert.ok(assoc, `${typeName}.${nav.name}: no association ${nav.relationship}`);
        const roles = assoc.end.map((e) => e.role);
        assert.ok(roles.includes(nav.fromRole) && roles.includes(nav.toRole), `${typeName}.${nav.name}: roles ${roles}`);
      }
    }
    const sets = new Set(container.entitySet.map((s) => s.name));
    for (const assocSet of container.associationSet) {
      assert.ok(associations.has(assocSet.association), `association set ${assocSet.name}`);
      for (const end of assocSet.end) {
        assert.ok(sets.has(end.entitySet), `association set ${assocSet.name} names unknown set ${end.entitySet}`);
      }
    }
    const vm = vmm.entityType.find((t) => t.name === 'VirtualMachine');
    const disks = vm.navigationProperty.find((n) => n.name === 'VirtualHardDisks');
    const diskEnd = associations.get(disks.relationship).end.find((e) => e.role === disks.toRole);
    assert.equal(diskEnd.type, 'VMM.VirtualHardDisk');
    assert.equal(diskEnd.multiplicity, '*');
  });
});

describe('datajs with its default handler (content negotiation left to the server)', () => {
  it('reads the service document as AtomPub', async () => {
    const { data, response } = await send({ requestUri: '' });
    assert.match(header(response, 'Content-Type'), /^application\/atomsvc\+xml/);
    const titles = data.workspaces[0].collections.map((c) => c.title);
    for (const set of ['VirtualMachines', 'Clouds', 'Jobs', 'VMCheckPoints']) {
      assert.ok(titles.includes(set), `${set} missing from the service document: ${titles}`);
    }
  });

  it('reads a filtered feed, as verbose JSON like WCF Data Services answers this Accept', async () => {
    const { data, response } = await send({ requestUri: "VirtualMachines?$filter=Name eq 'app01'" }, undefined, metadata);
    assert.match(header(response, 'Content-Type'), /^application\/json; ?odata=verbose/);
    assert.deepEqual(names(data.results), ['app01']);
    assert.equal(data.results[0].Owner.UserName, 'alice@contoso.example');
  });

  it('reads $count as text', async () => {
    const [{ data: count }, { data: all }] = await Promise.all([
      send({ requestUri: 'VirtualMachines/$count' }),
      send({ requestUri: 'VirtualMachines?$select=Name' }, OData.jsonHandler, metadata),
    ]);
    assert.match(count, /^\d+$/);
    assert.equal(Number(count), all.results.length);
  });
});

for (const format of [
  { name: 'verbose JSON', handler: OData.jsonHandler, contentType: /^application\/json; ?odata=verbose/ },
  { name: 'Atom', handler: OData.atomHandler, contentType: /^application\/atom\+xml/ },
]) {
  describe(`datajs reads VirtualMachines in ${format.name}`, () => {
    let all;

    const read = async (requestUri) => {
      const { data, response } = await send({ requestUri }, format.handler, metadata);
      assert.match(header(response, 'Content-Type'), format.contentType, requestUri);
      assert.ok(data !== undefined, `datajs parsed nothing from ${requestUri}: ${response.body.slice(0, 300)}`);
      return data;
    };

    before(async () => {
      all = (await read('VirtualMachines')).results;
    });

    it('reads the whole feed, typed by $metadata', () => {
      assert.ok(all.length >= 163, `only ${all.length} VMs`);
      for (const name of [...CONTOSO, ...FABRIKAM]) {
        assert.ok(names(all).includes(name), `${name} missing`);
      }
      for (const vm of all) {
        assert.equal(vm.__metadata.type, 'VMM.VirtualMachine');
        assert.match(vm.ID, GUID);
        assert.match(vm.StampId, GUID);
      }
      // The demo VMs, not those other suites may be creating right now.
      for (const vm of all.filter((v) => CONTOSO.includes(v.Name) || FABRIKAM.includes(v.Name) || v.Name.includes('-vm-'))) {
        assert.ok(vm.AddedTime instanceof Date && !Number.isNaN(vm.AddedTime.getTime()), `${vm.Name} AddedTime ${vm.AddedTime}`);
        assert.match(vm.TotalSize, /^\d+$/, `${vm.Name} TotalSize: Edm.Int64 is a string`);
        assert.equal(typeof vm.CPUCount, 'number', `${vm.Name} CPUCount`);
        assert.ok(vm.CPUCount >= 1 && vm.Memory >= 512, `${vm.Name} CPUCount ${vm.CPUCount} Memory ${vm.Memory}`);
        assert.equal(typeof vm.HighlyAvailable, 'boolean', `${vm.Name} HighlyAvailable`);
      }
      const dc01 = all.find((vm) => vm.Name === 'dc01');
      assert.equal(dc01.Owner.UserName, 'alice@contoso.example');
      assert.equal(dc01.OperatingSystemInstance.__metadata.type, 'VMM.OperatingSystem');
    });

    it("filters with substringof('web',Name) exactly as the client would", async () => {
      const data = await read("VirtualMachines?$filter=substringof('web',Name)");
      const expected = names(all).filter((n) => n.includes('web')).sort(byName);
      assert.deepEqual(names(data.results).sort(byName), expected);
      for (const name of ['web01', 'web02', 'fab-web01']) {
        assert.ok(expected.includes(name), name);
      }
    });

    it("filters with Status eq 'Running' and substringof", async () => {
      const data = await read(`VirtualMachines?$filter=Status eq 'Running' and ${SPARE_VM}`);
      const expected = all.filter((vm) => vm.Status === 'Running' && vm.Name.includes('-vm-')).map((vm) => vm.Name).sort(byName);
      assert.ok(expected.length > 0, 'no running demo VM');
      assert.deepEqual(names(data.results).sort(byName), expected);
    });

    it('orders, pages and counts: $orderby, $skip, $top, $inlinecount=allpages', async () => {
      const sorted = names(all).sort(byName).reverse();
      const first = await read('VirtualMachines?$orderby=Name desc&$top=5&$inlinecount=allpages');
      assert.deepEqual(names(first.results), sorted.slice(0, 5));
      assert.equal(Number(first.__count), all.length);
      const second = await read('VirtualMachines?$orderby=Name desc&$skip=5&$top=5');
      assert.deepEqual(names(second.results), sorted.slice(5, 10));
      assert.equal(second.__count, undefined);
    });

    it('projects with $select', async () => {
      const data = await read("VirtualMachines?$filter=Name eq 'sql01'&$select=Name,Status,ID,StampId");
      assert.equal(data.results.length, 1);
      const vm = data.results[0];
      assert.equal(vm.Name, 'sql01');
      assert.equal(vm.Status, all.find((v) => v.Name === 'sql01').Status);
      assert.equal(vm.TotalSize, undefined);
    });

    it("reads one VM by key VirtualMachines(ID=guid'..',StampId=guid'..')", async () => {
      const web02 = all.find((vm) => vm.Name === 'web02');
      const vm = await read(`VirtualMachines${keyOf(web02)}`);
      assert.equal(vm.results, undefined, 'a single entry, not a feed');
      assert.equal(vm.Name, 'web02');
      assert.equal(vm.ID, web02.ID);
      assert.equal(vm.__metadata.uri, web02.__metadata.uri);
      assert.equal(entityPath(vm), `VirtualMachines${keyOf(web02)}`);
    });

    it('expands VirtualHardDisks like the navigation link', async () => {
      const data = await read("VirtualMachines?$filter=Name eq 'app01'&$expand=VirtualHardDisks");
      assert.equal(data.results.length, 1);
      const vm = data.results[0];
      const disks = vm.VirtualHardDisks.results;
      assert.ok(disks.length >= 1, 'app01 has no disks');
      for (const disk of disks) {
        assert.equal(disk.__metadata.type, 'VMM.VirtualHardDisk');
        assert.equal(disk.VMId, vm.ID);
        assert.match(String(disk.Size), /^\d+$/);
        assert.ok(Number(disk.Size) > 0 && Number(disk.Size) <= Number(disk.MaximumSize), `${disk.Name} size`);
      }
      const nav = await read(`VirtualMachines${keyOf(vm)}/VirtualHardDisks`);
      assert.deepEqual(nav.results.map((d) => d.ID).sort(), disks.map((d) => d.ID).sort());
    });

    it('reads Clouds', async () => {
      const data = await read('Clouds');
      const clouds = names(data.results);
      assert.ok(clouds.includes('Contoso Cloud') && clouds.includes('Fabrikam Cloud'), `${clouds}`);
      for (const cloud of data.results) {
        assert.equal(cloud.__metadata.type, 'VMM.Cloud');
        assert.match(cloud.StampId, GUID);
      }
    });
  });
}

describe('datajs updates a VM (verbose JSON requests)', () => {
  let vm;

  const readVm = async () => (await send({ requestUri: `VirtualMachines${keyOf(vm)}` }, OData.jsonHandler, metadata)).data;

  /** Sends an update through datajs; returns the job ID from x-ms-request-id. */
  const update = async (method, data) => {
    const { response } = await send({ method, requestUri: `VirtualMachines${keyOf(vm)}`, data }, undefined, metadata);
    assert.equal(response.statusCode, 204, `${method} ${JSON.stringify(data)}`);
    return header(response, 'x-ms-request-id');
  };

  /** Polls Jobs?$filter=ID eq guid'..' as AzPS does, until the job completes. */
  const waitForJob = async (jobId) => {
    assert.match(jobId || '', GUID, 'x-ms-request-id is not a job ID');
    const deadline = Date.now() + JOB_WAIT_MS;
    for (;;) {
      const { data } = await send({ requestUri: `Jobs?$filter=ID eq guid'${jobId}'` }, OData.jsonHandler, metadata);
      assert.equal(data.results.length, 1, `job ${jobId} not listed`);
      const job = data.results[0];
      if (job.IsCompleted === true) {
        return job;
      }
      assert.ok(Date.now() < deadline, `job ${jobId} still ${job.Status} after ${JOB_WAIT_MS} ms`);
      await sleep(200);
    }
  };

  before(async () => {
    const { data } = await send({
      requestUri: `VirtualMachines?$filter=Status eq 'Running' and ${SPARE_VM}&$orderby=Name desc&$top=1`,
    }, OData.jsonHandler, metadata);
    assert.equal(data.results.length, 1, 'no running demo VM to change');
    vm = data.results[0];
  });

  it('renames with MERGE, then back with PUT, reading each back', async () => {
    const original = vm.Name;
    const renamed = `${original}-datajs`;
    await update('MERGE', { Name: renamed });
    assert.equal((await readVm()).Name, renamed);
    const { data } = await send({ requestUri: `VirtualMachines?$filter=Name eq '${renamed}'` }, OData.jsonHandler, metadata);
    assert.deepEqual(data.results.map((v) => v.ID), [vm.ID]);
    await update('PUT', { Name: original });
    assert.equal((await readVm()).Name, original);
  });

  it('suspends with MERGE {"Operation":"Suspend"} and resumes with PUT, polling Jobs', async () => {
    const suspend = await waitForJob(await update('MERGE', { Operation: 'Suspend' }));
    assert.equal(suspend.Status, 'Completed', JSON.stringify(suspend.ErrorInfo));
    assert.equal(suspend.ProgressValue, 100);
    assert.equal((await readVm()).Status, 'Paused');

    const resume = await waitForJob(await update('PUT', { Operation: 'Resume' }));
    assert.equal(resume.Status, 'Completed', JSON.stringify(resume.ErrorInfo));
    const after = await readVm();
    assert.equal(after.Status, 'Running');
    assert.ok(after.ModifiedTime instanceof Date, 'ModifiedTime typed as a date');
  });

  it('gets a refused operation as a verbose JSON OData error', async () => {
    await assert.rejects(update('MERGE', { Operation: 'Bogus' }), (err) => {
      assert.equal(err.statusCode, 400, err.message);
      const error = JSON.parse(err.body).error;
      assert.equal(error.message.lang, 'en-US');
      assert.match(error.message.value, /Bogus/);
      return true;
    });
    assert.equal((await readVm()).Status, 'Running');
  });
});
