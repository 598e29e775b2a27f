-- The blind prefix index of customers' names (docs/security.md#customer-name-search): keyed tokens
-- of each name word's prefixes, searched with `name_tokens @> ARRAY[...]` on a GIN index. Only the
-- API holds the keys that make tokens, so rows written before this migration get theirs from the
-- API (a background pass at start-up, and keys:rotate): until then name_index_key_id is null.

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "name_index_key_id" VARCHAR(32),
ADD COLUMN     "name_tokens" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "customers_name_tokens_idx" ON "customers" USING GIN ("name_tokens");


-- Purchase acceptance creates the buyer's customer when the CPF is new: this overload takes the
-- name's tokens too and stores them with the new customer, in the same statement. The 26-argument
-- function stays for API processes of the previous version during a rolling upgrade; the customers
-- they create get their tokens at the next start-up's pass (or keys:rotate).
CREATE FUNCTION cashback_accept(
  p_id UUID, p_document_index CHAR(64), p_document_enc TEXT, p_sold_at TIMESTAMPTZ, p_total_cents BIGINT,
  p_cashback_cents BIGINT, p_idempotency_key VARCHAR, p_request_hash CHAR(64), p_raw_payload_enc TEXT, p_posted_by VARCHAR,
  p_posted_by_user_id BIGINT, p_items JSONB,
  p_customer_id UUID, p_cpf_enc TEXT, p_name_enc TEXT, p_address_enc TEXT, p_debts_enc TEXT, p_enc_key_id VARCHAR, p_customer_changes JSONB,
  p_event_details JSONB, p_actor_user_id BIGINT, p_actor VARCHAR, p_request_id VARCHAR, p_total TEXT, p_cashback TEXT, p_queue TEXT,
  -- The new customer's name tokens, made under p_enc_key_id.
  p_name_tokens TEXT[]
) RETURNS TABLE (purchase_id UUID, customer_id UUID, customer_created BOOLEAN, created_at TIMESTAMPTZ, replayed BOOLEAN)
LANGUAGE plpgsql AS $$
#variable_conflict use_variable
BEGIN
  SELECT a.purchase_id, a.customer_id, a.customer_created, a.created_at, a.replayed
    INTO purchase_id, customer_id, customer_created, created_at, replayed
    FROM cashback_accept(p_id, p_document_index, p_document_enc, p_sold_at, p_total_cents, p_cashback_cents, p_idempotency_key,
                         p_request_hash, p_raw_payload_enc, p_posted_by, p_posted_by_user_id, p_items,
                         p_customer_id, p_cpf_enc, p_name_enc, p_address_enc, p_debts_enc, p_enc_key_id, p_customer_changes,
                         p_event_details, p_actor_user_id, p_actor, p_request_id, p_total, p_cashback, p_queue) a;
  IF customer_created THEN
    UPDATE customers c SET name_tokens = p_name_tokens, name_index_key_id = p_enc_key_id WHERE c.id = customer_id;
  END IF;
  RETURN NEXT;
END
$$;
