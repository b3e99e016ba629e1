-- One delivery per (endpoint, lead, event): a lead handed over twice (its signal redelivered after
-- a crash) keeps its first deliveries and their webhook-ids (deliver/delivery_service.h).
CREATE UNIQUE INDEX IF NOT EXISTS webhook_deliveries_lead_once
  ON webhook_deliveries (endpoint_id, lead_id, event_type) WHERE lead_id IS NOT NULL;
