-- DropIndex
DROP INDEX "cashback_purchases_idempotency_key_key";

-- CreateIndex
CREATE UNIQUE INDEX "cashback_purchases_posted_by_idempotency_key_key" ON "cashback_purchases"("posted_by", "idempotency_key");
