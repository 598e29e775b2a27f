-- CreateTable
CREATE TABLE "devices" (
    "id" VARCHAR(17) NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_reading_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gyroscope_readings" (
    "id" UUID NOT NULL,
    "device_id" VARCHAR(17) NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,
    "z" DOUBLE PRECISION NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_by" VARCHAR(254) NOT NULL,
    "request_id" VARCHAR(128),

    CONSTRAINT "gyroscope_readings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gps_readings" (
    "id" UUID NOT NULL,
    "device_id" VARCHAR(17) NOT NULL,
    "location_enc" TEXT NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_by" VARCHAR(254) NOT NULL,
    "request_id" VARCHAR(128),

    CONSTRAINT "gps_readings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "photos" (
    "id" UUID NOT NULL,
    "device_id" VARCHAR(17) NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_by" VARCHAR(254) NOT NULL,
    "request_id" VARCHAR(128),
    "content_type" VARCHAR(20) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "perceptual_hash" BIGINT NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "recognized" BOOLEAN,
    "similarity" DOUBLE PRECISION,
    "matched_photo_id" UUID,
    "provider" VARCHAR(20),
    "reason" VARCHAR(60),
    "cache_hit" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "analysed_at" TIMESTAMPTZ(3),

    CONSTRAINT "photos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "photo_contents" (
    "photo_id" UUID NOT NULL,
    "content_enc" BYTEA NOT NULL,

    CONSTRAINT "photo_contents_pkey" PRIMARY KEY ("photo_id")
);

-- CreateIndex
CREATE INDEX "devices_last_seen_at_id_idx" ON "devices"("last_seen_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "gyroscope_readings_device_id_taken_at_key" ON "gyroscope_readings"("device_id", "taken_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "gps_readings_device_id_taken_at_key" ON "gps_readings"("device_id", "taken_at" DESC);

-- CreateIndex
CREATE INDEX "photos_sha256_idx" ON "photos"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "photos_device_id_taken_at_key" ON "photos"("device_id", "taken_at" DESC);

-- AddForeignKey
ALTER TABLE "gyroscope_readings" ADD CONSTRAINT "gyroscope_readings_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gps_readings" ADD CONSTRAINT "gps_readings_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "photos" ADD CONSTRAINT "photos_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "photo_contents" ADD CONSTRAINT "photo_contents_photo_id_fkey" FOREIGN KEY ("photo_id") REFERENCES "photos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: identifiers, statuses and ranges the application relies on.
ALTER TABLE "devices" ADD CONSTRAINT "devices_id_check" CHECK ("id" ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$');
ALTER TABLE "photos" ADD CONSTRAINT "photos_status_check" CHECK ("status" IN ('PENDING', 'ANALYSED', 'REJECTED'));
ALTER TABLE "photos" ADD CONSTRAINT "photos_similarity_check" CHECK ("similarity" BETWEEN 0 AND 100);
ALTER TABLE "photos" ADD CONSTRAINT "photos_content_type_check" CHECK ("content_type" IN ('image/jpeg', 'image/png'));
ALTER TABLE "photos" ADD CONSTRAINT "photos_analysed_check" CHECK (("status" = 'PENDING') = ("analysed_at" IS NULL));
-- Photos waiting for recognition are few; the retry path looks them up by status.
CREATE INDEX "photos_status_idx" ON "photos"("status") WHERE "status" = 'PENDING';
