/**
 * Shares one source's packets among inspection workers: a symmetric flow hash ({@link io.banwatch.dispatch.FlowShard})
 * sends both directions of a flow, and the DNS answers that name it, to the same worker; bounded lock-free queues
 * (JCTools) carry copies of the packets from each capture thread to the workers, with every slot preallocated.
 */
package io.banwatch.dispatch;
