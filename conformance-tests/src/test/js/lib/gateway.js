'use strict';
/**
 * The gateway under test, from the environment that the Java ITs set:
 * GIO_SPF_URL (the VMM service root, ending in '/'), GIO_USER and GIO_PASSWORD.
 */

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these suites through 'mvn verify' (DatajsClientIT, CsdlParserIT)`);
  }
  return value;
}

const serviceRoot = required('GIO_SPF_URL');
if (!serviceRoot.endsWith('/')) {
  throw new Error(`GIO_SPF_URL must end with '/': ${serviceRoot}`);
}
const user = required('GIO_USER');
const password = required('GIO_PASSWORD');

/** The HTTP Basic credentials, as an Authorization header value. */
const authorization = 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');

module.exports = { serviceRoot, authorization };
