-- The pipeline's reconciliation (src/app/pipeline_stack.cc, ReconcileFinishedLeads) looks every
-- minute for leads whose webhook channel is still pending: a partial index keeps that a lookup of
-- the few open ones instead of a scan of a year of leads (SQLite and PostgreSQL both support it).
CREATE INDEX IF NOT EXISTS leads_webhook_pending ON leads (updated_at) WHERE webhook_status = 'pending';

-- A lead's deliveries by lead: DeliveryStore::ForLeadIn (every lead handed to the webhook channel,
-- to keep its webhook-ids on a redelivery) and the reconciliation's join. Before this index both
-- scanned the whole table (webhook_deliveries_lead_once leads with endpoint_id).
CREATE INDEX IF NOT EXISTS webhook_deliveries_lead ON webhook_deliveries (lead_id, event_type)
  WHERE lead_id IS NOT NULL;
