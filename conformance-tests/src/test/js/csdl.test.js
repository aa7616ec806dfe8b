'use strict';
/**
 * The gateway's $metadata in both dialects through a CSDL parser that is not the gateway's:
 * OASIS's odata-csdl, the OData TC's converter from CSDL XML (EDMX 1.0 with CSDL 1-3, and
 * CSDL 4.0x) to CSDL JSON, which reports every element, attribute and namespace it does not
 * expect. Its output is then validated with ajv against the OASIS CSDL JSON schema that ships
 * with it, and the two dialects are compared: they must describe one model.
 */
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { xml2json } = require('odata-csdl');
const Ajv = require('ajv');
const csdlJsonSchema = require('odata-csdl/schemas/csdl.schema.json');
const { serviceRoot, authorization } = require('./lib/gateway');

const DIALECTS = [
  { name: 'OData 3 (EDMX 1.0)', headers: {}, version: '3.0', dateTime: 'Edm.DateTime' },
  { name: 'OData 4 (CSDL 4.0)', headers: { 'OData-MaxVersion': '4.0' }, version: '4.0', dateTime: 'Edm.DateTimeOffset' },
];
const SETS = {
  VirtualMachines: 'VMM.VirtualMachine',
  Clouds: 'VMM.Cloud',
  Jobs: 'VMM.Job',
  VMCheckPoints: 'VMM.VMCheckPoint',
  VirtualHardDisks: 'VMM.VirtualHardDisk',
  VMTemplates: 'VMM.VMTemplate',
  HardwareProfiles: 'VMM.HardwareProfile',
  VMNetworks: 'VMM.VMNetwork',
  LogicalNetworks: 'VMM.LogicalNetwork',
  VirtualNetworkAdapters: 'VMM.VirtualNetworkAdapter',
};

const validateCsdlJson = new Ajv({ allErrors: true, strict: false }).compile(csdlJsonSchema);
const parsed = new Map();

async function fetchMetadata(dialect) {
  const response = await fetch(`${serviceRoot}$metadata`, {
    headers: Object.assign({ Authorization: authorization, Accept: 'application/xml' }, dialect.headers),
  });
  const body = await response.text();
  assert.equal(response.status, 200, body.slice(0, 500));
  assert.match(response.headers.get('content-type'), /^application\/xml/);
  return body;
}

/** The schema members that are not annotations ($Alias, $Annotations, ...). */
function members(object) {
  return Object.entries(object).filter(([name]) => !name.startsWith('$') && !name.startsWith('@'));
}

/** Every schema of a CSDL JSON document, by namespace. */
function schemas(csdl) {
  return members(csdl).filter(([, value]) => value && typeof value === 'object');
}

/** Every structured type (entity and complex types), by qualified name. */
function structuredTypes(csdl) {
  const types = new Map();
  for (const [namespace, schema] of schemas(csdl)) {
    for (const [name, element] of members(schema)) {
      if (element.$Kind === 'EntityType' || element.$Kind === 'ComplexType') {
        types.set(`${namespace}.${name}`, element);
      }
    }
  }
  return types;
}

function container(csdl) {
  const qualified = csdl.$EntityContainer;
  assert.ok(qualified, 'no $EntityContainer');
  const dot = qualified.lastIndexOf('.');
  const result = (csdl[qualified.substring(0, dot)] || {})[qualified.substring(dot + 1)];
  assert.equal(result && result.$Kind, 'EntityContainer', `container ${qualified}`);
  return result;
}

/**
 * A structured type reduced to what both dialects must agree on: kind, key, base type, and each
 * property's kind, type (DateTime as DateTimeOffset) and collection flag.
 */
function shape(type) {
  const properties = {};
  for (const [name, property] of members(type)) {
    const t = property.$Type || 'Edm.String';
    properties[name] = {
      kind: property.$Kind || 'Property',
      type: t === 'Edm.DateTime' ? 'Edm.DateTimeOffset' : t,
      collection: property.$Collection === true,
    };
  }
  return { kind: type.$Kind, key: type.$Key || null, baseType: type.$BaseType || null, properties };
}

for (const dialect of DIALECTS) {
  describe(`odata-csdl parses $metadata, ${dialect.name}`, () => {
    let xml;
    let csdl;

    before(async () => {
      xml = await fetchMetadata(dialect);
      const messages = [];
      csdl = xml2json(xml, { messages });
      assert.deepEqual(messages.map((m) => m.message), [], 'odata-csdl reported problems');
      parsed.set(dialect.version, csdl);
    });

    it(`is CSDL version ${dialect.version}`, () => {
      assert.equal(csdl.$Version, dialect.version);
    });

    it('parses in strict mode too', () => {
      assert.doesNotThrow(() => xml2json(xml, { strict: true }));
    });

    it('is valid CSDL JSON by the OASIS JSON schema', () => {
      const valid = validateCsdlJson(csdl);
      assert.ok(valid, JSON.stringify((validateCsdlJson.errors || []).slice(0, 10), null, 1));
    });

    it('has the SPF entity sets, typed and bound', () => {
      const sets = container(csdl);
      for (const [name, type] of Object.entries(SETS)) {
        assert.ok(sets[name], `entity set ${name} missing`);
        assert.equal(sets[name].$Collection, true, name);
        assert.equal(sets[name].$Type, type, name);
      }
      const bindings = sets.VirtualMachines.$NavigationPropertyBinding;
      assert.equal(bindings.VMCheckpoints, 'VMCheckPoints');
      assert.equal(bindings.VirtualHardDisks, 'VirtualHardDisks');
      assert.equal(bindings.Cloud, 'Clouds');
    });

    it('declares every type that an entity set, property or navigation names', () => {
      const types = structuredTypes(csdl);
      const known = (t) => t.startsWith('Edm.') || types.has(t) || schemas(csdl).some(([ns, s]) => t.startsWith(`${ns}.`)
        && s[t.substring(ns.length + 1)] !== undefined);
      for (const [name, set] of members(container(csdl))) {
        if (set.$Collection) {
          assert.ok(types.has(set.$Type), `entity set ${name}: ${set.$Type}`);
        }
      }
      for (const [typeName, type] of types) {
        for (const [name, property] of members(type)) {
          assert.ok(known(property.$Type || 'Edm.String'), `${typeName}.${name}: ${property.$Type}`);
        }
      }
    });

    it('describes VirtualMachine: key, navigations, typed properties', () => {
      const vm = structuredTypes(csdl).get('VMM.VirtualMachine');
      assert.deepEqual([...vm.$Key].sort(), ['ID', 'StampId']);
      assert.deepEqual(vm.VirtualHardDisks, Object.assign({}, vm.VirtualHardDisks,
        { $Kind: 'NavigationProperty', $Collection: true, $Type: 'VMM.VirtualHardDisk' }));
      assert.equal(vm.VMCheckpoints.$Type, 'VMM.VMCheckPoint');
      assert.equal(vm.Cloud.$Type, 'VMM.Cloud');
      assert.notEqual(vm.Cloud.$Collection, true);
      assert.equal(vm.AddedTime.$Type, dialect.dateTime);
      assert.equal(vm.TotalSize.$Type, 'Edm.Int64');
      assert.equal(vm.ID.$Type, 'Edm.Guid');
      assert.equal(vm.ID.$Nullable, undefined, 'keys are not nullable');
    });
  });
}

describe('the two dialects describe one model', () => {
  before(async () => {
    for (const dialect of DIALECTS) {
      if (!parsed.has(dialect.version)) {
        parsed.set(dialect.version, xml2json(await fetchMetadata(dialect)));
      }
    }
  });

  it('has the same entity sets of the same types', () => {
    const sets = (csdl) => Object.fromEntries(members(container(csdl)).map(([name, set]) => [name, set.$Type]));
    assert.deepEqual(sets(parsed.get('3.0')), sets(parsed.get('4.0')));
  });

  it('has the same types, keys and properties (Edm.DateTime read as Edm.DateTimeOffset)', () => {
    const v3 = structuredTypes(parsed.get('3.0'));
    const v4 = structuredTypes(parsed.get('4.0'));
    assert.deepEqual([...v3.keys()].sort(), [...v4.keys()].sort());
    for (const [name, type] of v3) {
      assert.deepEqual(shape(type), shape(v4.get(name)), name);
    }
  });
});
