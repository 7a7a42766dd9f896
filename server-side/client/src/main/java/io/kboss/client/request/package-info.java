/** The parameters of the commands that take many: offerings, schedules, backup and restore options, job filters. */
package io.kboss.client.request;
