-- Accepting a purchase in one statement: what took a dozen round trips in one interactive
-- transaction (lock the CPF, find or create the customer, the purchase and its items, the
-- customer's FINANCIAL_MOVEMENT event, the audit records, the delivery job) runs here, atomically,
-- in the statement's own transaction. The API computes everything that needs its keys (cipher
-- texts, blind indexes, audit fingerprints) and its rules (prices, cashback) beforehand; the
-- function only decides what depends on the database: whether the customer exists, and whether
-- the poster already used this Idempotency-Key.
--
-- The delivery job is written as pg-boss (10.x) itself writes one with send(name, data,
-- {singletonKey}) and no other option: the queue's settings decide retries, expiry, retention and
-- dead letters. A missing queue raises (pg-boss would silently write nothing).
--
-- Answers replayed = true, with the earlier purchase's id, when the poster's key exists already;
-- a concurrent insert of the same key fails with unique_violation (23505), rolling everything back.
CREATE FUNCTION cashback_accept(
  p_id UUID,
  p_document_index CHAR(64),
  p_document_enc TEXT,
  p_sold_at TIMESTAMPTZ,
  p_total_cents BIGINT,
  p_cashback_cents BIGINT,
  p_idempotency_key VARCHAR,
  p_request_hash CHAR(64),
  p_raw_payload_enc TEXT,
  p_posted_by VARCHAR,
  p_posted_by_user_id BIGINT,
  -- [{type, unitCents, qty, rateBps, cashbackCents}], amounts as strings of cents.
  p_items JSONB,
  -- The customer to create when none has this CPF: its id, tier A sealed for that id, and the
  -- audit record's changes.
  p_customer_id UUID,
  p_cpf_enc TEXT,
  p_name_enc TEXT,
  p_address_enc TEXT,
  p_debts_enc TEXT,
  p_enc_key_id VARCHAR,
  p_customer_changes JSONB,
  -- The event's details, the audit records' actor and request, the purchase audit's amounts.
  p_event_details JSONB,
  p_actor_user_id BIGINT,
  p_actor VARCHAR,
  p_request_id VARCHAR,
  p_total TEXT,
  p_cashback TEXT,
  p_queue TEXT
) RETURNS TABLE (purchase_id UUID, customer_id UUID, customer_created BOOLEAN, created_at TIMESTAMPTZ, replayed BOOLEAN)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_customer UUID;
  v_created BOOLEAN := false;
  -- As the columns keep it (milliseconds), so the answer and a later read agree.
  v_at TIMESTAMPTZ(3) := now();
  v_queue RECORD;
BEGIN
  IF p_idempotency_key IS NOT NULL THEN
    SELECT p.id, p.customer_id, p.created_at INTO purchase_id, customer_id, created_at
      FROM cashback_purchases p WHERE p.posted_by = p_posted_by AND p.idempotency_key = p_idempotency_key;
    IF FOUND THEN
      customer_created := false;
      replayed := true;
      RETURN NEXT;
      RETURN;
    END IF;
  END IF;

  -- Serializes whoever creates a customer with this CPF.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_document_index, 0));
  SELECT c.id INTO v_customer FROM customers c WHERE c.cpf_index = p_document_index;
  IF v_customer IS NULL THEN
    v_customer := p_customer_id;
    v_created := true;
    INSERT INTO customers (id, cpf_index, cpf_enc, name_enc, address_enc, debts_enc, enc_key_id, pseudonym, created_at, updated_at)
      VALUES (v_customer, p_document_index, p_cpf_enc, p_name_enc, p_address_enc, p_debts_enc, p_enc_key_id, gen_random_uuid(), v_at, v_at);
    INSERT INTO customer_profiles (customer_id, birth_date, region, assets, income_sources)
      VALUES (v_customer, NULL, 'null'::jsonb, '[]'::jsonb, '[]'::jsonb);
    INSERT INTO audit_events (occurred_at, actor_user_id, actor, action, entity_type, entity_id, request_id, changes)
      VALUES (v_at, p_actor_user_id, p_actor, 'customer.create', 'customer', v_customer::text, p_request_id, p_customer_changes);
  END IF;

  INSERT INTO cashback_purchases (id, customer_id, document_index, document_enc, sold_at, total_cents, cashback_cents, status, idempotency_key,
                                  request_hash, raw_payload_enc, posted_by, posted_by_user_id, attempts, created_at, updated_at)
    VALUES (p_id, v_customer, p_document_index, p_document_enc, p_sold_at, p_total_cents, p_cashback_cents, 'PENDING', p_idempotency_key,
            p_request_hash, p_raw_payload_enc, p_posted_by, p_posted_by_user_id, 0, v_at, v_at);
  INSERT INTO cashback_items (purchase_id, line, type_code, unit_cents, qty, rate_bps, cashback_cents)
    SELECT p_id, item.line, item.type, item."unitCents", item.qty, item."rateBps", item."cashbackCents"
      FROM ROWS FROM (jsonb_to_recordset(p_items) AS ("type" VARCHAR, "unitCents" BIGINT, qty INTEGER, "rateBps" INTEGER, "cashbackCents" BIGINT))
           WITH ORDINALITY AS item("type", "unitCents", qty, "rateBps", "cashbackCents", line);
  INSERT INTO customer_events (customer_id, type, occurred_at, amount_cents, details, recorded_at)
    VALUES (v_customer, 'FINANCIAL_MOVEMENT', p_sold_at, -p_total_cents, p_event_details, v_at);
  INSERT INTO audit_events (occurred_at, actor_user_id, actor, action, entity_type, entity_id, request_id, changes)
    VALUES (v_at, p_actor_user_id, p_actor, 'cashback.purchase.create', 'cashback-purchase', p_id::text, p_request_id,
            jsonb_build_object('total', jsonb_build_object('to', p_total), 'cashback', jsonb_build_object('to', p_cashback),
                               'customer', jsonb_build_object('to', CASE WHEN v_created THEN 'created' ELSE 'existing' END)));

  SELECT q.* INTO v_queue FROM pgboss.queue q WHERE q.name = p_queue;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'queue % does not exist', p_queue USING ERRCODE = 'P0002';
  END IF;
  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter, expire_in, keep_until,
                          retry_limit, retry_delay, retry_backoff, policy)
    VALUES (gen_random_uuid(), p_queue, jsonb_build_object('purchaseId', p_id), 0, v_at, p_id::text, NULL, v_queue.dead_letter,
            COALESCE(v_queue.expire_seconds * interval '1s', interval '15 minutes'),
            v_at + COALESCE(v_queue.retention_minutes * interval '1 minute', interval '14 days'),
            COALESCE(v_queue.retry_limit, 2),
            CASE WHEN COALESCE(v_queue.retry_backoff, false) THEN GREATEST(COALESCE(v_queue.retry_delay, 0), 1) ELSE COALESCE(v_queue.retry_delay, 0) END,
            COALESCE(v_queue.retry_backoff, false), v_queue.policy)
    ON CONFLICT DO NOTHING;

  purchase_id := p_id;
  customer_id := v_customer;
  customer_created := v_created;
  created_at := v_at;
  replayed := false;
  RETURN NEXT;
END
$$;
