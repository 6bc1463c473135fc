-- Deregistration protection and Local Zones (docs/copying.md). Portable SQL: the same file runs on SQLite and
-- PostgreSQL. Times are epoch milliseconds.

-- deregistration_protection: null (off), 'enabled', or 'enabled-with-cooldown' (disabling it keeps deregistration
-- refused until protected_until, 24 hours later).
ALTER TABLE images ADD COLUMN deregistration_protection VARCHAR(32);
ALTER TABLE images ADD COLUMN protected_until BIGINT;
-- The Local Zone an image (and its snapshots) is in; null in the Region itself.
ALTER TABLE images ADD COLUMN availability_zone VARCHAR(64);
ALTER TABLE snapshots ADD COLUMN availability_zone VARCHAR(64);
