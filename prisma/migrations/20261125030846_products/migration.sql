-- CreateTable
CREATE TABLE "product_types" (
    "code" VARCHAR(20) NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "rate_bps" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "product_types_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "type_code" VARCHAR(20) NOT NULL,
    "price_cents" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");

-- CreateIndex
CREATE INDEX "products_type_code_idx" ON "products"("type_code");

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_type_code_fkey" FOREIGN KEY ("type_code") REFERENCES "product_types"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rates between 0% and 100%, prices not negative.
ALTER TABLE "product_types" ADD CONSTRAINT "product_types_rate_bps_check" CHECK ("rate_bps" BETWEEN 0 AND 10000);
ALTER TABLE "products" ADD CONSTRAINT "products_price_cents_check" CHECK ("price_cents" >= 0);
