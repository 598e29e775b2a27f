-- The authorizer within a deadline (CARD_AUTHORIZATION_TIMEOUT_MS, set by the API). The API answers
-- an authorization it gave up on as failed; this makes sure such an authorization changes nothing
-- later: a statement that reaches the server after the deadline (held by a frozen network or a full
-- pool) does not run, and one that would finish after it raises, which rolls its debit and its
-- ledger row back together. Lock waits inside are bounded by the time left. Both failures are
-- SQLSTATE 57014 (query_canceled), or 55P03 (lock_not_available) for the lock wait.
CREATE FUNCTION card_authorize_before(
  p_deadline TIMESTAMPTZ, p_id VARCHAR, p_account VARCHAR, p_amount BIGINT, p_mcc VARCHAR, p_merchant VARCHAR, p_category VARCHAR, p_hash CHAR(64)
) RETURNS TABLE (code CHAR(2), balance VARCHAR, customer_id UUID, replayed BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
  v_left_ms BIGINT := floor(extract(epoch FROM (p_deadline - clock_timestamp())) * 1000);
BEGIN
  IF v_left_ms <= 0 THEN
    RAISE EXCEPTION 'card authorization deadline passed before it started' USING ERRCODE = '57014';
  END IF;
  PERFORM set_config('lock_timeout', v_left_ms || 'ms', true);
  RETURN QUERY SELECT * FROM card_authorize(p_id, p_account, p_amount, p_mcc, p_merchant, p_category, p_hash);
  IF clock_timestamp() >= p_deadline THEN
    RAISE EXCEPTION 'card authorization deadline passed' USING ERRCODE = '57014';
  END IF;
END
$$;
