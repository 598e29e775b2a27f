-- AlterTable
ALTER TABLE "users" ADD COLUMN     "tokens_valid_after" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "cashback_purchases" ADD COLUMN     "posted_by_user_id" BIGINT,
ALTER COLUMN "document_index" DROP NOT NULL,
ALTER COLUMN "document_enc" DROP NOT NULL;

-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "owner_user_id" BIGINT;

-- CreateIndex
CREATE INDEX "cashback_purchases_posted_by_user_id_created_at_idx" ON "cashback_purchases"("posted_by_user_id", "created_at");

-- CreateIndex
CREATE INDEX "cashback_purchases_customer_id_idx" ON "cashback_purchases"("customer_id");

-- CreateIndex
CREATE INDEX "devices_owner_user_id_idx" ON "devices"("owner_user_id");

-- Existing purchases belong to the user that posted them (matched by the e-mail they were posted with).
UPDATE "cashback_purchases" p SET "posted_by_user_id" = u."id" FROM "users" u WHERE lower(p."posted_by") = u."email";

-- Existing devices are enrolled to the user that sent their newest reading or photo.
UPDATE "devices" d SET "owner_user_id" = u."id"
FROM (
  SELECT DISTINCT ON (device_id) device_id, sent_by FROM (
    SELECT device_id, sent_by, received_at FROM "gyroscope_readings"
    UNION ALL SELECT device_id, sent_by, received_at FROM "gps_readings"
    UNION ALL SELECT device_id, sent_by, received_at FROM "photos"
  ) r ORDER BY device_id, received_at DESC
) last JOIN "users" u ON u."email" = lower(last.sent_by)
WHERE d."id" = last.device_id;
