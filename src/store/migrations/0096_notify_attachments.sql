-- notify: attachment references of an outbox email ("invoice:inv_…", one per line; '' for none),
-- resolved by the outbox worker when it sends (src/notify/attachment_source.h). The files
-- themselves are not copied into the database.
ALTER TABLE notify_outbox ADD COLUMN attachment_refs TEXT NOT NULL DEFAULT '';
