/**
 * Names the flows that carry no name of their own: learns addresses from DNS answers into the DNS-answer address
 * map (shared by every capture thread and worker of a sensor) and gives a name-less flow the name that resolved to
 * its server's address, between the inspectors and matching.
 */
package io.banwatch.attribute;
