-- A migration whose tenant did not name a target volume is placed when it is admitted (on the
-- target volume with the most room then), not when it is scheduled: migrations scheduled together
-- would otherwise all pick the same volume.
ALTER TABLE mig_migration ADD COLUMN target_volume_pinned BOOLEAN DEFAULT FALSE NOT NULL;
