-- Indexes for the lists' `sort` on the tables that grow without bound. Each is built inside the
-- migration's transaction (CREATE INDEX CONCURRENTLY cannot run there), so writes to its table wait
-- while it builds: on a large installation apply this migration at a quiet hour.
--   audit_events: sort=occurredAt (and the from/to period), keyset on (occurred_at, id).
--   customers: sort=updatedAt (createdAt already has one).
--   cashback_purchases: an ERP's own purchases by sale date or amount (every list is scoped to the
--     poster unless the caller holds cashback:read-all; such an operator's sorts over every poster
--     scan the table, which is acceptable for its rare reports and spares every purchase three more
--     index writes).
--   devices: sort=firstSeenAt.
-- The ledger, customer events, readings and photos sort oldest first by reading their existing
-- (…, time desc, id desc) indexes backwards.

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_id_idx" ON "audit_events"("occurred_at", "id");

-- CreateIndex
CREATE INDEX "customers_updated_at_id_idx" ON "customers"("updated_at", "id");

-- CreateIndex
CREATE INDEX "cashback_purchases_posted_by_user_id_sold_at_id_idx" ON "cashback_purchases"("posted_by_user_id", "sold_at", "id");

-- CreateIndex
CREATE INDEX "cashback_purchases_posted_by_user_id_total_cents_id_idx" ON "cashback_purchases"("posted_by_user_id", "total_cents", "id");

-- CreateIndex
CREATE INDEX "cashback_purchases_posted_by_user_id_cashback_cents_id_idx" ON "cashback_purchases"("posted_by_user_id", "cashback_cents", "id");

-- CreateIndex
CREATE INDEX "devices_first_seen_at_id_idx" ON "devices"("first_seen_at", "id");
