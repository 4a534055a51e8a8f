/**
 * Kaspersky Security Center and Network Agent connections inside the network, recognised by their documented
 * service ports, so that managed endpoints and the Administration Server can be found without a name.
 */
package io.banwatch.inspect.ksc;
