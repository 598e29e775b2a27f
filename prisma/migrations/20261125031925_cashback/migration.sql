-- CreateTable
CREATE TABLE "cashback_purchases" (
    "id" UUID NOT NULL,
    "customer_id" UUID,
    "document_index" CHAR(64) NOT NULL,
    "document_enc" TEXT NOT NULL,
    "sold_at" TIMESTAMPTZ(3) NOT NULL,
    "total_cents" BIGINT NOT NULL,
    "cashback_cents" BIGINT NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "idempotency_key" VARCHAR(200),
    "request_hash" CHAR(64) NOT NULL,
    "raw_payload_enc" TEXT NOT NULL,
    "posted_by" VARCHAR(254) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cashback_purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cashback_items" (
    "purchase_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "type_code" VARCHAR(20) NOT NULL,
    "unit_cents" BIGINT NOT NULL,
    "qty" INTEGER NOT NULL,
    "rate_bps" INTEGER NOT NULL,
    "cashback_cents" BIGINT NOT NULL,

    CONSTRAINT "cashback_items_pkey" PRIMARY KEY ("purchase_id","line")
);

-- CreateTable
CREATE TABLE "cashback_attempts" (
    "id" BIGSERIAL NOT NULL,
    "purchase_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "http_status" INTEGER,
    "response_body" TEXT,
    "error" TEXT,
    "latency_ms" INTEGER NOT NULL,

    CONSTRAINT "cashback_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cashback_purchases_idempotency_key_key" ON "cashback_purchases"("idempotency_key");

-- CreateIndex
CREATE INDEX "cashback_purchases_document_index_created_at_idx" ON "cashback_purchases"("document_index", "created_at");

-- CreateIndex
CREATE INDEX "cashback_purchases_status_created_at_idx" ON "cashback_purchases"("status", "created_at");

-- CreateIndex
CREATE INDEX "cashback_purchases_created_at_idx" ON "cashback_purchases"("created_at");

-- CreateIndex
CREATE INDEX "cashback_attempts_purchase_id_id_idx" ON "cashback_attempts"("purchase_id", "id");

-- AddForeignKey
ALTER TABLE "cashback_items" ADD CONSTRAINT "cashback_items_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "cashback_purchases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cashback_attempts" ADD CONSTRAINT "cashback_attempts_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "cashback_purchases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: statuses and amounts the application relies on.
ALTER TABLE "cashback_purchases" ADD CONSTRAINT "cashback_purchases_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED'));
ALTER TABLE "cashback_purchases" ADD CONSTRAINT "cashback_purchases_amounts_check" CHECK ("total_cents" > 0 AND "cashback_cents" >= 0);
ALTER TABLE "cashback_items" ADD CONSTRAINT "cashback_items_qty_check" CHECK ("qty" > 0 AND "unit_cents" >= 0);
