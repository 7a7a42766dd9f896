/** kboss-server's answers as records: each field is the CloudStack key of the same name, lower-cased. */
package io.kboss.client.model;
