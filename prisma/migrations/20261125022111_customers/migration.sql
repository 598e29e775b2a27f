-- CreateEnum
CREATE TYPE "customer_event_type" AS ENUM ('BUREAU_QUERY', 'FINANCIAL_MOVEMENT', 'CARD_PURCHASE');

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "cpf_index" CHAR(64) NOT NULL,
    "cpf_enc" TEXT NOT NULL,
    "name_enc" TEXT NOT NULL,
    "address_enc" TEXT NOT NULL,
    "debts_enc" TEXT NOT NULL,
    "enc_key_id" VARCHAR(32) NOT NULL,
    "pseudonym" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_profiles" (
    "customer_id" UUID NOT NULL,
    "birth_date" DATE,
    "region" JSONB NOT NULL,
    "assets" JSONB NOT NULL DEFAULT '[]',
    "income_sources" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "customer_profiles_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "customer_events" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" UUID NOT NULL,
    "type" "customer_event_type" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "amount_cents" BIGINT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_cpf_index_key" ON "customers"("cpf_index");

-- CreateIndex
CREATE UNIQUE INDEX "customers_pseudonym_key" ON "customers"("pseudonym");

-- CreateIndex
CREATE INDEX "customers_enc_key_id_idx" ON "customers"("enc_key_id");

-- CreateIndex
CREATE INDEX "customers_created_at_id_idx" ON "customers"("created_at", "id");

-- CreateIndex
CREATE INDEX "customer_events_customer_id_occurred_at_id_idx" ON "customer_events"("customer_id", "occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "customer_events_customer_id_type_occurred_at_id_idx" ON "customer_events"("customer_id", "type", "occurred_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "customer_profiles" ADD CONSTRAINT "customer_profiles_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
