/**
 * CloudStack-compatible backup schedules and their firings.
 *
 * <p>Rules:
 * <ul>
 * <li>intervaltype HOURLY takes schedule "MM", DAILY "MM:HH", WEEKLY "MM:HH:D" (D 1=Sunday..7=Saturday), MONTHLY
 * "MM:HH:DD" (DD 1-28), in an IANA time zone; anything else is refused saying what is allowed.</li>
 * <li>Daylight saving: a skipped wall-clock time fires at the next valid time (the instant the clocks jump), a
 * repeated one fires once (its first occurrence). HOURLY fires at every instant whose wall-clock minute is MM,
 * which keeps one firing per elapsed hour across a change, as cron treats jobs whose hour is a wildcard.</li>
 * <li>A firing is identified by schedule id and scheduled instant ({@link io.kboss.server.backup.schedule.domain.Firing#claimKey()}):
 * several management servers compute the same firing and a unique key lets exactly one claim it.</li>
 * <li>Time comes in as an argument (Instant or Clock), never from the system clock.</li>
 * </ul>
 */
package io.kboss.server.backup.schedule.domain;
