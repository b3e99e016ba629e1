-- deliver: the deliveries of one event, read each time one of them ends (is the event complete,
-- may its body be deleted from the payload store?).
CREATE INDEX IF NOT EXISTS webhook_deliveries_event ON webhook_deliveries (event_id, status);
