-- CreateTable
CREATE TABLE "card_accounts" (
    "id" VARCHAR(64) NOT NULL,
    "customer_id" UUID,
    "food_cents" BIGINT NOT NULL DEFAULT 0,
    "meal_cents" BIGINT NOT NULL DEFAULT 0,
    "cash_cents" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_merchants" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "category" VARCHAR(4) NOT NULL,
    "mcc" VARCHAR(4),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "card_merchants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_transactions" (
    "id" VARCHAR(100) NOT NULL,
    "account_id" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(13) NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "mcc" VARCHAR(4),
    "merchant" VARCHAR(200),
    "category" VARCHAR(4),
    "balance" VARCHAR(4),
    "code" CHAR(2),
    "payload_hash" CHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "card_accounts_customer_id_idx" ON "card_accounts"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "card_merchants_name_key" ON "card_merchants"("name");

-- CreateIndex
CREATE INDEX "card_transactions_account_id_created_at_id_idx" ON "card_transactions"("account_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "card_accounts" ADD CONSTRAINT "card_accounts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written below: what Prisma's schema language cannot say.

-- Balances can never go negative, whatever writes them.
ALTER TABLE "card_accounts" ADD CONSTRAINT "card_accounts_food_cents_check" CHECK ("food_cents" >= 0);
ALTER TABLE "card_accounts" ADD CONSTRAINT "card_accounts_meal_cents_check" CHECK ("meal_cents" >= 0);
ALTER TABLE "card_accounts" ADD CONSTRAINT "card_accounts_cash_cents_check" CHECK ("cash_cents" >= 0);
ALTER TABLE "card_merchants" ADD CONSTRAINT "card_merchants_category_check" CHECK ("category" IN ('FOOD', 'MEAL', 'CASH'));
ALTER TABLE "card_transactions" ADD CONSTRAINT "card_transactions_kind_check" CHECK ("kind" IN ('AUTHORIZATION', 'CREDIT'));
ALTER TABLE "card_transactions" ADD CONSTRAINT "card_transactions_amount_check" CHECK ("amount_cents" > 0);

-- The authorizer: decision, debit and ledger entry in one statement and one round trip, atomic.
-- Each UPDATE is conditional on the balance (`... >= amount`): under READ COMMITTED, PostgreSQL
-- re-checks that condition against the newest version of the row after waiting for a concurrent
-- writer, so two authorizations can never spend the same money. Returns the answer code, the
-- balance debited, the account's customer (for the tier-C event) and whether it was a replay.
-- A concurrent duplicate id fails on the primary key and the caller reads the first answer.
CREATE FUNCTION card_authorize(
  p_id VARCHAR, p_account VARCHAR, p_amount BIGINT, p_mcc VARCHAR, p_merchant VARCHAR, p_category VARCHAR, p_hash CHAR(64)
) RETURNS TABLE (code CHAR(2), balance VARCHAR, customer_id UUID, replayed BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
  v_id VARCHAR := coalesce(p_id, gen_random_uuid()::text);
  v_code CHAR(2);
  v_balance VARCHAR;
  v_customer UUID;
  v_prior RECORD;
BEGIN
  IF p_id IS NOT NULL THEN
    SELECT t.code AS code, t.balance AS balance, t.kind AS kind, t.payload_hash AS payload_hash INTO v_prior
    FROM card_transactions t WHERE t.id = p_id;
    IF FOUND THEN
      IF v_prior.kind <> 'AUTHORIZATION' OR v_prior.payload_hash IS DISTINCT FROM p_hash THEN
        RETURN QUERY SELECT '07'::CHAR(2), NULL::VARCHAR, NULL::UUID, TRUE;
      ELSE
        RETURN QUERY SELECT v_prior.code, v_prior.balance, NULL::UUID, TRUE;
      END IF;
      RETURN;
    END IF;
  END IF;

  -- L1: the chosen balance pays the whole amount...
  UPDATE card_accounts a SET
    food_cents = a.food_cents - CASE WHEN p_category = 'FOOD' THEN p_amount ELSE 0 END,
    meal_cents = a.meal_cents - CASE WHEN p_category = 'MEAL' THEN p_amount ELSE 0 END,
    cash_cents = a.cash_cents - CASE WHEN p_category = 'CASH' THEN p_amount ELSE 0 END
  WHERE a.id = p_account
    AND CASE p_category WHEN 'FOOD' THEN a.food_cents WHEN 'MEAL' THEN a.meal_cents ELSE a.cash_cents END >= p_amount
  RETURNING a.customer_id INTO v_customer;
  IF FOUND THEN
    v_code := '00';
    v_balance := p_category;
  ELSIF p_category <> 'CASH' THEN
    -- L2: ...or, when it cannot, CASH pays the whole amount (never split).
    UPDATE card_accounts a SET cash_cents = a.cash_cents - p_amount
    WHERE a.id = p_account AND a.cash_cents >= p_amount
    RETURNING a.customer_id INTO v_customer;
    IF FOUND THEN
      v_code := '00';
      v_balance := 'CASH';
    END IF;
  END IF;
  IF v_code IS NULL THEN
    v_code := CASE WHEN EXISTS (SELECT 1 FROM card_accounts a WHERE a.id = p_account) THEN '51' ELSE '07' END;
  END IF;

  INSERT INTO card_transactions (id, account_id, kind, amount_cents, mcc, merchant, category, balance, code, payload_hash)
  VALUES (v_id, p_account, 'AUTHORIZATION', p_amount, p_mcc, p_merchant, p_category, v_balance, v_code, p_hash);

  RETURN QUERY SELECT v_code, v_balance, v_customer, FALSE;
END
$$;
