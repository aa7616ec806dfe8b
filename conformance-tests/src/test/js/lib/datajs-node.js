'use strict';
/**
 * Microsoft's datajs 1.0.3 running in Node. datajs is a browser library: it reads `window` for
 * an XMLHttpRequest, a DOMParser (for Atom and $metadata) and a DOM implementation. xhr2 and
 * @xmldom/xmldom stand in for the browser's; datajs itself runs unmodified.
 *
 * xhr2 ignores the user and password arguments of XMLHttpRequest.open(), so the credentials go
 * in an Authorization header, as a browser page talking to a Basic-protected service does.
 */
const { DOMParser, DOMImplementation, XMLSerializer } = require('@xmldom/xmldom');
const XMLHttpRequest = require('xhr2');
const { serviceRoot, authorization } = require('./gateway');

if (globalThis.window === undefined) {
  globalThis.window = {
    XMLHttpRequest,
    DOMParser,
    XMLSerializer,
    JSON,
    setTimeout,
    clearTimeout,
    document: { implementation: new DOMImplementation() },
  };
}
require('datajs');

const OData = globalThis.window.OData;
if (!OData || typeof OData.request !== 'function') {
  throw new Error('datajs did not install window.OData');
}

/** A failed datajs call: the request, the response datajs saw, and datajs's own message. */
class DatajsError extends Error {
  constructor(request, err) {
    const response = err.response || {};
    const body = typeof response.body === 'string' ? response.body.slice(0, 2000) : '';
    super(`datajs: ${err.message} on ${request.method || 'GET'} ${request.requestUri}`
      + (response.statusCode !== undefined ? ` -> ${response.statusCode} ${body}` : ''));
    this.statusCode = response.statusCode;
    this.body = response.body;
    this.headers = response.headers || {};
  }
}

/**
 * Sends one request through datajs's OData.request.
 *
 * @param {object} request datajs request: requestUri relative to the service root (or absolute),
 *   and optionally method, headers, data
 * @param {object} [handler] a datajs handler (OData.jsonHandler, OData.atomHandler, ...); datajs's
 *   default handler when absent
 * @param {object} [metadata] the parsed $metadata, which datajs uses to type values (dates)
 * @returns {Promise<{data: any, response: object}>}
 */
function send(request, handler, metadata) {
  const req = Object.assign({}, request);
  if (!/^https?:/.test(req.requestUri)) {
    req.requestUri = serviceRoot + req.requestUri;
  }
  req.headers = Object.assign({ Authorization: authorization }, request.headers || {});
  return new Promise((resolve, reject) => {
    OData.request(req,
      (data, response) => resolve({ data, response }),
      (err) => reject(new DatajsError(req, err)),
      handler, undefined, metadata);
  });
}

/** A response header, whatever the case of its name. */
function header(response, name) {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(response.headers || {})) {
    if (key.toLowerCase() === wanted) {
      return response.headers[key];
    }
  }
  return undefined;
}

/** The service-relative path of an entity: what follows the service root in its __metadata.uri. */
function entityPath(entity) {
  const uri = entity && entity.__metadata && entity.__metadata.uri;
  if (typeof uri !== 'string' || !uri.startsWith(serviceRoot)) {
    throw new Error(`entity has no URI under ${serviceRoot}: ${JSON.stringify(entity && entity.__metadata)}`);
  }
  return uri.substring(serviceRoot.length);
}

module.exports = { OData, send, header, entityPath, serviceRoot };
