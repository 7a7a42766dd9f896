-- V31: archiveEvents (issue 12). An archived event is kept but no longer listed by listEvents, as in
-- CloudStack; deleteEvents removes events (archived or not) with their webhook deliveries. Archived
-- events are still removed by event.purge.delay like any other: archiving hides, it does not keep for ever.
ALTER TABLE event
    ADD COLUMN archived TINYINT(1) NOT NULL DEFAULT 0;
